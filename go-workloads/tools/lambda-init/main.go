// lambda-init is the first process of a lambda-local execution environment,
// as Lambda's own init is. It reads the monotonic clock at once, tells the
// environment's Runtime API (POST /2018-06-01/gosweep/init-start, the time in
// ns), and then becomes the function's bootstrap. The emulator times Init
// Duration from that instant to the bootstrap's first `next`: the host and
// every container share CLOCK_MONOTONIC, and Docker's own start time is
// stamped up to ~20 ms away from the process's.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

const bootstrap = "/var/task/bootstrap"

func main() {
	start := monotonicNs()
	if err := reportStart(os.Getenv("AWS_LAMBDA_RUNTIME_API"), start); err != nil {
		// The emulator then reports no Init Duration: the start is unverified, not guessed.
		fmt.Fprintln(os.Stderr, "lambda-init:", err)
	}
	err := syscall.Exec(bootstrap, []string{bootstrap}, os.Environ())
	fmt.Fprintf(os.Stderr, "lambda-init: cannot run %s: %v\n", bootstrap, err)
	os.Exit(127)
}

// monotonicNs reads CLOCK_MONOTONIC, the clock Node's process.hrtime reads too.
func monotonicNs() int64 {
	var ts syscall.Timespec
	const clockMonotonic = 1
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return ts.Nano()
}

// reportStart posts the start time and waits for the answer, so the emulator
// has it before the bootstrap's first request.
func reportStart(api string, ns int64) error {
	if api == "" {
		return fmt.Errorf("AWS_LAMBDA_RUNTIME_API is not set")
	}
	conn, err := net.DialTimeout("tcp", api, 2*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	body := strconv.FormatInt(ns, 10)
	request := "POST /2018-06-01/gosweep/init-start HTTP/1.1\r\nHost: " + api + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body
	if _, err := conn.Write([]byte(request)); err != nil {
		return err
	}
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if len(status) < 12 || status[9] != '2' {
		return fmt.Errorf("the Runtime API answered %q", status)
	}
	return nil
}
