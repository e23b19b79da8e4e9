package cgroup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCPUQuota(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		want       float64
		wantSource string
		wantOK     bool
	}{
		{"v2 limited", map[string]string{"cpu.max": "50000 100000\n"}, 0.5, "cgroup v2", true},
		{"v2 two cores", map[string]string{"cpu.max": "200000 100000\n"}, 2, "cgroup v2", true},
		{"v2 unlimited", map[string]string{"cpu.max": "max 100000\n"}, 0, "unlimited", false},
		{"v2 garbled", map[string]string{"cpu.max": "lots\n"}, 0, "unreadable: cgroup v2", false},
		{"v1 limited", map[string]string{"cpu/cpu.cfs_quota_us": "150000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1.5, "cgroup v1", true},
		{"v1 cpu,cpuacct", map[string]string{"cpu,cpuacct/cpu.cfs_quota_us": "25000\n", "cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, 0.25, "cgroup v1", true},
		{"v1 unlimited", map[string]string{"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0, "unlimited", false},
		{"v1 without period", map[string]string{"cpu/cpu.cfs_quota_us": "50000\n"}, 0, "unreadable: open", false},
		{"v2 before v1", map[string]string{"cpu.max": "100000 100000\n", "cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1, "cgroup v2", true},
		{"v2 not a file", map[string]string{"cpu.max/x": ""}, 0, "unreadable: read", false},
		{"none", nil, 0, "unreadable: no cpu.max", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for file, content := range tc.files {
				os.MkdirAll(filepath.Dir(filepath.Join(root, file)), 0o755)
				os.WriteFile(filepath.Join(root, file), []byte(content), 0o644)
			}
			got, source, ok := cpuQuota(root)
			if got != tc.want || ok != tc.wantOK || !strings.HasPrefix(source, tc.wantSource) {
				t.Errorf("cpuQuota = %v, %q, %v; want %v, %q…, %v", got, source, ok, tc.want, tc.wantSource, tc.wantOK)
			}
		})
	}
}
