package main

import (
	"bytes"
	"encoding/json"
	"net"
	"strconv"
	"testing"
)

func TestPortIsFreeOnLoopback(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"port"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var got struct{ Port int }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Port <= 0 {
		t.Fatalf("bad output %q: %v", out.String(), err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(got.Port))
	if err != nil {
		t.Fatalf("port %d is not free: %v", got.Port, err)
	}
	l.Close()
}
