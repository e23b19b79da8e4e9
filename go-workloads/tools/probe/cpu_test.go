package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCPU(t *testing.T) {
	tests := []struct {
		name      string
		line      string
		wantBusy  uint64
		wantTotal uint64
		wantErr   string
	}{
		// user nice system idle iowait irq softirq steal | guest guest_nice, not counted
		{"a kernel's line", "cpu  100 2 30 1000 40 5 6 7 50 9\n", 150, 1190, ""},
		{"no guest fields", "cpu 1 0 1 10 2 0 0 0", 2, 14, ""},
		{"no steal", "cpu 1 1 1 10 2", 3, 15, ""},
		{"a single CPU's line", "cpu0 1 0 1 10 2 0 0 0", 0, 0, `not "cpu"`},
		{"too short", "cpu 1 2 3 4", 0, 0, "at least 5"},
		{"empty", "", 0, 0, `not "cpu"`},
		{"not a number", "cpu 1 2 x 4 5 6 7 8", 0, 0, "invalid syntax"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			busy, total, err := parseCPU(tc.line)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || busy != tc.wantBusy || total != tc.wantTotal {
				t.Fatalf("busy %d total %d err %v, want %d %d", busy, total, err, tc.wantBusy, tc.wantTotal)
			}
		})
	}
}

func TestCPUReadsTheFirstLine(t *testing.T) {
	dir := t.TempDir()
	stat := filepath.Join(dir, "stat")
	if err := os.WriteFile(stat, []byte("cpu  100 2 30 1000 40 5 6 7 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\nintr 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	defer func(p string) { procStat = p }(procStat)

	procStat = stat
	code, lines, _ := probe(t, nil, "cpu")
	if code != 0 || len(lines) != 1 || lines[0]["busy"] != 150.0 || lines[0]["total"] != 1190.0 {
		t.Fatalf("exit %d, printed %v", code, lines)
	}

	procStat = filepath.Join(dir, "none")
	code, lines, _ = probe(t, nil, "cpu")
	if code != 1 || len(lines) != 1 || lines[0]["error"] == nil {
		t.Fatalf("a missing file: exit %d, printed %v", code, lines)
	}
}
