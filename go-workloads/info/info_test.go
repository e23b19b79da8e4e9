package info

import (
	"runtime"
	"testing"
)

func TestRead(t *testing.T) {
	got := Read()
	if got.GOMAXPROCS != runtime.GOMAXPROCS(0) || got.NumCPU != runtime.NumCPU() || got.GoVersion != runtime.Version() {
		t.Errorf("Read() = %+v, does not match the runtime", got)
	}
	if got.StartUnixNano != start.UnixNano() || got.GOMEMLIMITBytes <= 0 {
		t.Errorf("Read() = %+v, want the start time and a memory limit", got)
	}
	if got.CgroupCPUQuotaSource == "" || (got.CgroupCPUQuota != nil) != (got.CgroupCPUQuotaSource == "cgroup v1" || got.CgroupCPUQuotaSource == "cgroup v2") {
		t.Errorf("Read() = cgroupCpuQuota %v from %q, want a quota exactly when read from a cgroup", got.CgroupCPUQuota, got.CgroupCPUQuotaSource)
	}
}

func TestMainRecordsTime(t *testing.T) {
	defer mainAt.Store(0)
	mainAt.Store(0)
	if got := Read().MainUnixNano; got != 0 {
		t.Errorf("mainUnixNano before Main = %d, want 0", got)
	}
	Main()
	if got := Read().MainUnixNano; got < start.UnixNano() {
		t.Errorf("mainUnixNano = %d, want at or after start %d", got, start.UnixNano())
	}
}

func TestSetExtra(t *testing.T) {
	defer SetExtra(nil)
	SetExtra(func() map[string]any { return map[string]any{"ticks": 3} })
	if got := Read().Extra; got["ticks"] != 3 {
		t.Errorf("Extra = %v, want ticks 3", got)
	}
	SetExtra(nil)
	if got := Read().Extra; got != nil {
		t.Errorf("Extra after SetExtra(nil) = %v, want nil", got)
	}
}
