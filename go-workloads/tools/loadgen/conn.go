package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// conn is one keep-alive HTTP/1.1 connection, plain or TLS, sending a
// pre-built request, as wrk does: no per-request allocation beyond what the
// response needs.
type conn struct {
	addr     string
	tls      *tls.Config // nil: plain TCP
	req      []byte
	capture  *headerCapture // nil unless counting a response header
	c        net.Conn
	r        *bufio.Reader
	deadline time.Time
}

// newConn is a connection to o.Addr that sends req, built by requestBytes(o).
func newConn(o Options, req []byte) *conn {
	return &conn{addr: o.Addr, tls: o.TLS, req: req, capture: newCapture(o.CountHeader)}
}

// dial connects, and for TLS completes the handshake, by the deadline.
func (c *conn) dial(deadline time.Time) (net.Conn, error) {
	d := &net.Dialer{Deadline: deadline}
	if c.tls == nil {
		return d.Dial("tcp", c.addr)
	}
	return (&tls.Dialer{NetDialer: d, Config: c.tls}).Dial("tcp", c.addr)
}

// errHTTP is a response whose framing we could not read.
var errHTTP = errors.New("malformed HTTP response")

// do sends the request and reads the whole response, returning its status.
// The request fails with a timeout between 0.9 and 1.0 times timeout after
// sentAt: moving the socket deadline on every request costs more than the
// request itself, so it moves only when under 90% of the timeout is left.
func (c *conn) do(sentAt time.Time, timeout time.Duration) (int, error) {
	deadline := sentAt.Add(timeout)
	if c.c == nil {
		nc, err := c.dial(deadline)
		if err != nil {
			return 0, err
		}
		c.c = nc
		c.r = bufio.NewReaderSize(nc, 16<<10)
		c.deadline = time.Time{}
	}
	if c.deadline.Sub(sentAt) < timeout*9/10 {
		c.deadline = deadline
		c.c.SetDeadline(deadline)
	}
	if _, err := c.c.Write(c.req); err != nil {
		c.close()
		return 0, err
	}
	status, keepAlive, err := readResponse(c.r, c.capture)
	if err != nil || !keepAlive {
		c.close()
	}
	return status, err
}

func (c *conn) close() {
	if c.c != nil {
		c.c.Close()
		c.c = nil
	}
}

// readResponse reads one response: status line, headers, then a body framed
// by Content-Length or chunked encoding. A non-nil capture keeps the value of
// its header, or found=false when the response has none.
func readResponse(r *bufio.Reader, capture *headerCapture) (status int, keepAlive bool, err error) {
	if capture != nil {
		capture.found = false
	}
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, errHTTP
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, errHTTP
	}
	keepAlive = line[7] == '1'
	length, chunked := -1, false
	for {
		h, err := r.ReadSlice('\n')
		if err != nil {
			return status, false, err
		}
		if len(h) <= 2 {
			break
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			continue
		}
		value = bytes.TrimSpace(value)
		if capture != nil && asciiEqualFold(name, capture.name) {
			capture.value, capture.found = append(capture.value[:0], value...), true
		}
		switch {
		case asciiEqualFold(name, "content-length"):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return status, false, errHTTP
			}
		case asciiEqualFold(name, "transfer-encoding"):
			chunked = asciiEqualFold(value, "chunked")
		case asciiEqualFold(name, "connection"):
			keepAlive = !asciiEqualFold(value, "close")
		}
	}
	switch {
	case chunked:
		err = skipChunked(r)
	case length >= 0:
		_, err = r.Discard(length)
	case status == 204 || status == 304 || status < 200:
	default:
		_, err = io.Copy(io.Discard, r) // body ends at close
		return status, false, err
	}
	return status, keepAlive, err
}

func skipChunked(r *bufio.Reader) error {
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		sizeText, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		size, err := strconv.ParseInt(string(sizeText), 16, 64)
		if err != nil {
			return fmt.Errorf("%w: chunk size %q", errHTTP, sizeText)
		}
		if size == 0 {
			for { // trailers, then the final CRLF
				t, err := r.ReadSlice('\n')
				if err != nil || len(t) <= 2 {
					return err
				}
			}
		}
		if _, err := r.Discard(int(size) + 2); err != nil {
			return err
		}
	}
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
