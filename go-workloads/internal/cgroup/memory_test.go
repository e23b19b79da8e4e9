package cgroup

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                int64
		wantOK              bool
	}{
		{"v2 limited", "memory.max", "134217728\n", 134217728, true},
		{"v2 unlimited", "memory.max", "max\n", 0, false},
		{"v1 limited", "memory/memory.limit_in_bytes", "268435456\n", 268435456, true},
		{"v1 unlimited", "memory/memory.limit_in_bytes", "9223372036854771712\n", 0, false},
		{"none", "", "", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if tc.file != "" {
				os.MkdirAll(filepath.Dir(filepath.Join(root, tc.file)), 0o755)
				os.WriteFile(filepath.Join(root, tc.file), []byte(tc.content), 0o644)
			}
			got, ok := memoryLimit(root)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("memoryLimit = %d, %v; want %d, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
