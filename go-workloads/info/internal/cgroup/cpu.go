// Package cgroup reads the CPU quota of the cgroup the process runs in.
package cgroup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// CPUQuota returns the CPU quota of this process's cgroup in cores
// (quota/period), where it was read ("cgroup v2", "cgroup v1", "unlimited" or
// "unreadable: <reason>"), and false when no quota is set or none was readable.
func CPUQuota() (cores float64, source string, ok bool) {
	return cpuQuota("/sys/fs/cgroup")
}

func cpuQuota(root string) (float64, string, bool) {
	var firstErr error
	note := func(err error) {
		if firstErr == nil && !errors.Is(err, fs.ErrNotExist) {
			firstErr = err
		}
	}
	b, err := os.ReadFile(root + "/cpu.max")
	if err == nil {
		quota, period, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
		return fromQuota("cgroup v2", quota, period, "max")
	}
	note(err)
	for _, dir := range []string{root + "/cpu", root + "/cpu,cpuacct"} {
		quota, err := os.ReadFile(dir + "/cpu.cfs_quota_us")
		if err != nil {
			note(err)
			continue
		}
		period, err := os.ReadFile(dir + "/cpu.cfs_period_us")
		if err != nil {
			return 0, "unreadable: " + err.Error(), false
		}
		return fromQuota("cgroup v1", strings.TrimSpace(string(quota)), strings.TrimSpace(string(period)), "-1")
	}
	if firstErr != nil {
		return 0, "unreadable: " + firstErr.Error(), false
	}
	return 0, "unreadable: no cpu.max or cpu.cfs_quota_us under " + root, false
}

// fromQuota parses a quota and period in microseconds; unlimited is how the
// cgroup version spells "no quota".
func fromQuota(source, quota, period, unlimited string) (float64, string, bool) {
	if quota == unlimited {
		return 0, "unlimited", false
	}
	q, errQ := strconv.ParseInt(quota, 10, 64)
	p, errP := strconv.ParseInt(period, 10, 64)
	if errQ != nil || errP != nil || q <= 0 || p <= 0 {
		return 0, fmt.Sprintf("unreadable: %s quota %q period %q", source, quota, period), false
	}
	return float64(q) / float64(p), source, true
}
