package main

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// cpuInfo is the file host reads; tests point it elsewhere.
var cpuInfo = "/proc/cpuinfo"

// host prints what of the host moves benchmark numbers and an engine's
// info leaves out: {"cpuModel":"..."}, empty where /proc/cpuinfo names none.
func host(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("host", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	f, err := os.Open(cpuInfo)
	if err != nil {
		emit(stdout, map[string]string{"error": err.Error()})
		return 1
	}
	defer f.Close()
	emit(stdout, map[string]string{"cpuModel": cpuModel(f)})
	return 0
}

// cpuModel is the first "model name" of a /proc/cpuinfo (x86), or its first
// "Model"/"CPU part" line elsewhere (arm64 names no model on many kernels).
func cpuModel(r io.Reader) string {
	fallback := ""
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		key, value, ok := strings.Cut(scanner.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "model name":
			return strings.TrimSpace(value)
		case "Model", "CPU part":
			if fallback == "" {
				fallback = strings.TrimSpace(value)
			}
		}
	}
	return fallback
}
