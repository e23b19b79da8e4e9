// Package cgroup reads the limits of the container the workload runs in.
package cgroup

import (
	"os"
	"strconv"
	"strings"
)

// unlimitedV1 is the largest limit cgroup v1 reports when none is set.
const unlimitedV1 = 1 << 62

// MemoryLimit returns the memory limit in bytes of this process's cgroup
// (v2 memory.max, or v1 memory.limit_in_bytes), and false when there is none.
func MemoryLimit() (int64, bool) {
	return memoryLimit("/sys/fs/cgroup")
}

func memoryLimit(root string) (int64, bool) {
	for _, file := range []string{root + "/memory.max", root + "/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(b))
		n, err := strconv.ParseInt(v, 10, 64)
		if v == "max" || err != nil || n >= unlimitedV1 {
			return 0, false
		}
		return n, true
	}
	return 0, false
}
