package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// procStat is the file cpu reads; tests point it elsewhere.
var procStat = "/proc/stat"

// cpu prints the host's CPU time in jiffies, summed over all CPUs:
// {"busy":B,"total":T}. A container shares the host's /proc/stat.
func cpu(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("cpu", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	busy, total, err := readCPU(procStat)
	if err != nil {
		emit(stdout, map[string]string{"error": err.Error()})
		return 1
	}
	emit(stdout, struct {
		Busy  uint64 `json:"busy"`
		Total uint64 `json:"total"`
	}{busy, total})
	return 0
}

func readCPU(path string) (busy, total uint64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	return parseCPU(line)
}

// parseCPU reads /proc/stat's first line, "cpu user nice system idle iowait
// irq softirq steal guest guest_nice": total is the first 8 (guest time is
// already in user's), busy is total less idle and iowait.
func parseCPU(line string) (busy, total uint64, err error) {
	fields := strings.Fields(line)
	if len(fields) < 6 || fields[0] != "cpu" {
		return 0, 0, fmt.Errorf("/proc/stat begins %q, not \"cpu\" and at least 5 numbers", line)
	}
	var n [8]uint64
	for i, f := range fields[1:min(len(fields), 9)] {
		if n[i], err = strconv.ParseUint(f, 10, 64); err != nil {
			return 0, 0, errors.New("/proc/stat: " + err.Error())
		}
		total += n[i]
	}
	return total - n[3] - n[4], total, nil
}
