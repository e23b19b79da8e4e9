package main

import (
	"strings"
	"testing"
)

func TestCPUModel(t *testing.T) {
	cases := map[string]string{
		"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 1\nmodel name\t: AMD EPYC 7B13\nmodel name\t: other\n": "AMD EPYC 7B13",
		"processor\t: 0\nCPU part\t: 0xd0c\n\nModel\t\t: Raspberry Pi 4\n":                                            "0xd0c",
		"processor\t: 0\n": "",
	}
	for text, want := range cases {
		if got := cpuModel(strings.NewReader(text)); got != want {
			t.Errorf("cpuModel(%q) = %q, want %q", text, got, want)
		}
	}
}
