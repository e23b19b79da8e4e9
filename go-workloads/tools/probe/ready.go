package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// ready polls -url on a new connection, -interval after each attempt ends
// (as gosweep's own poller on this machine does), until a 2xx, and
// says when it got one, or that -timeout passed first, or that stdin closed.
// Until the port takes a connection it only tries to connect: half the CPU
// of an HTTP attempt, taken from the start it is timing.
func ready(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("ready", stderr)
	var r requestFlags
	r.register(fs)
	timeout := fs.Duration("timeout", 60*time.Second, "give up after this long without a 2xx")
	interval := fs.Duration("interval", time.Millisecond, "pause after each attempt")
	requestTimeout := fs.Duration("request-timeout", 2*time.Second, "bound on each attempt")
	exitWithStdin := fs.Bool("exit-with-stdin", false, `print {"event":"stopped"} and exit when stdin closes: the process that started it is gone`)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	switch err := r.check(); {
	case err != nil:
		return badFlags(fs, err)
	case *timeout <= 0 || *requestTimeout <= 0:
		return badFlags(fs, errors.New("-timeout and -request-timeout must be more than 0"))
	case *interval < 0:
		return badFlags(fs, errors.New("-interval must not be negative"))
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := make(chan struct{})
	if *exitWithStdin {
		go func() {
			io.Copy(io.Discard, stdin)
			close(stopped)
			cancel()
		}()
	}
	client := newClient()

	start := time.Now()
	ctx, cancelTimeout := context.WithDeadline(ctx, start.Add(*timeout))
	defer cancelTimeout()
	emit(stdout, struct {
		Event  string `json:"event"`
		WallNs int64  `json:"wallNs"`
	}{"polling", start.UnixNano()})
	listening := false
	for {
		if !listening {
			listening = accepts(ctx, r.url, *requestTimeout)
		}
		if at, ok := poll(ctx, client, &r, *requestTimeout, listening); ok {
			step := at.UnixNano() - start.UnixNano() - int64(at.Sub(start)) // wall minus monotonic
			emit(stdout, struct {
				Event       string `json:"event"`
				WallNs      int64  `json:"wallNs"`
				ClockStepNs int64  `json:"clockStepNs"`
			}{"ready", at.UnixNano(), max(step, -step)})
			return 0
		}
		if wait := *interval; wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	select {
	case <-stopped:
		emit(stdout, map[string]string{"event": "stopped"})
	default:
		emit(stdout, map[string]string{"event": "timeout"})
	}
	return 0
}

// accepts says whether the URL's host and port take a TCP connection.
func accepts(ctx context.Context, rawURL string, timeout time.Duration) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	dialer := net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// poll sends one request, once the port listens, and says whether, and when, a 2xx came back.
func poll(ctx context.Context, client *http.Client, r *requestFlags, timeout time.Duration, listening bool) (time.Time, bool) {
	if !listening {
		return time.Time{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := r.newRequest(ctx)
	if err != nil {
		return time.Time{}, false
	}
	resp, err := client.Do(req)
	if err != nil {
		return time.Time{}, false
	}
	io.Copy(io.Discard, resp.Body) // closing unread data would reset the connection
	at := time.Now()               // after the body, as gosweep's own poller times it
	resp.Body.Close()
	return at, resp.StatusCode/100 == 2
}
