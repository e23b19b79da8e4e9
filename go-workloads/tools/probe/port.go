package main

import (
	"io"
	"net"
)

// port prints a TCP port on 127.0.0.1 that nothing listens on right now:
// {"port":N}, for the workload to listen on.
func port(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("port", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		emit(stdout, map[string]string{"error": err.Error()})
		return 1
	}
	defer l.Close()
	emit(stdout, map[string]int{"port": l.Addr().(*net.TCPAddr).Port})
	return 0
}
