//go:build linux

package main

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"github.com/HdrHistogram/hdrhistogram-go"
	"golang.org/x/sys/unix"
)

// The epoll engine is wrk's design: one OS thread, non-blocking sockets and
// one epoll set, so a request costs a write, a read and a share of one
// epoll_wait, with no goroutine wake-ups between them.

type econn struct {
	fd         int
	connecting bool
	busy       bool      // a request is out
	from       time.Time // latency origin: sent (closed loop) or intended (open loop) time
	measured   bool
	entry      int32 // the -mix entry out
	deadline   time.Time
	retryAt    time.Time
	unsent     []byte // the rest of a request too big for the socket buffer
	buf        []byte
	n          int
	src        bytes.Reader
	rd         *bufio.Reader
}

type engine struct {
	o        Options
	epfd     int
	sa       unix.Sockaddr
	family   int
	req      []byte   // the request, without -mix
	mix      *mixPlan // nil without -mix
	mixAt    int      // the next request's place in mix.order
	conns    []*econn
	byFD     map[int]*econn
	rec      *recorder
	capture  *headerCapture // nil unless counting a response header
	measured func(from time.Time) bool
	idle     []*econn // connected, no request out
	open     bool
	stopping bool
	pending  []time.Time // open loop: due, waiting for a free connection
	sendLag  *hdrhistogram.Histogram
	sent     int64 // measured open-loop requests written
}

// newEngine is an engine with no connections yet; measured says whether a
// request from that time is in the measured window.
func newEngine(o Options, epfd int, sa unix.Sockaddr, family int, measured func(from time.Time) bool) *engine {
	e := &engine{
		o: o, epfd: epfd, sa: sa, family: family, byFD: map[int]*econn{},
		mix:      newMixPlan(o),
		capture:  newCapture(o.CountHeader),
		measured: measured,
		open:     o.RPS > 0,
		sendLag:  newHistogram(),
	}
	e.rec = &recorder{h: newHistogram(), headers: newHeaderCounts(o.CountHeader), mix: e.mix.counts()}
	if e.mix == nil {
		e.req = requestBytes(o)
	}
	return e
}

// take is the next request to send and its -mix entry: with -mix the next in
// the order, one sequence for all connections; without, the one request and 0.
// It allocates nothing: every request was encoded up front.
func (e *engine) take() ([]byte, int32) {
	if e.mix == nil {
		return e.req, 0
	}
	i := e.mix.order[e.mixAt]
	if e.mixAt++; e.mixAt == len(e.mix.order) {
		e.mixAt = 0
	}
	return e.mix.reqs[i], i
}

// dispatch sends on idle connections while there is something to send.
func (e *engine) dispatch(now time.Time) {
	for len(e.idle) > 0 {
		var from time.Time
		switch {
		case e.open && len(e.pending) > 0:
			from, e.pending = e.pending[0], e.pending[1:]
		case !e.open && !e.stopping:
			from = time.Now() // closed loop: latency counts from the write itself
		default:
			return
		}
		c := e.idle[len(e.idle)-1]
		e.idle = e.idle[:len(e.idle)-1]
		e.send(c, from)
	}
}

// dialFailed counts a connection that could not be made as a failed request:
// in open loop it uses up the next scheduled request, and with -mix the next
// entry, as the goroutine engine does.
func (e *engine) dialFailed(err error, now time.Time) {
	from := now
	if e.open {
		if len(e.pending) == 0 {
			return
		}
		from, e.pending = e.pending[0], e.pending[1:]
	}
	_, entry := e.take()
	if e.measured(from) {
		e.rec.record(from, 0, &net.OpError{Op: "dial", Err: err})
		e.rec.countEntry(entry)
	}
}

// expire fails open-loop requests that waited for a connection longer than the timeout.
func (e *engine) expire(now time.Time) {
	for len(e.pending) > 0 && now.Sub(e.pending[0]) > e.o.Timeout {
		_, entry := e.take()
		if e.measured(e.pending[0]) {
			e.rec.record(e.pending[0], 0, &timeoutError{})
			e.rec.countEntry(entry)
		}
		e.pending = e.pending[1:]
	}
}

func (e *engine) connect(c *econn, now time.Time) {
	fd, err := unix.Socket(e.family, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		c.retryAt = now.Add(10 * time.Millisecond)
		return
	}
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	err = unix.Connect(fd, e.sa)
	if err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		c.retryAt = now.Add(10 * time.Millisecond)
		e.dialFailed(err, now)
		return
	}
	c.fd, c.connecting, c.n, c.deadline = fd, true, 0, now.Add(e.o.Timeout)
	e.byFD[fd] = c
	unix.EpollCtl(e.epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLOUT | unix.EPOLLIN, Fd: int32(fd)})
}

func (e *engine) close(c *econn, now time.Time, backoff time.Duration) {
	for i, idle := range e.idle {
		if idle == c {
			e.idle = append(e.idle[:i], e.idle[i+1:]...)
			break
		}
	}
	if c.fd > 0 {
		unix.EpollCtl(e.epfd, unix.EPOLL_CTL_DEL, c.fd, nil)
		delete(e.byFD, c.fd)
		unix.Close(c.fd)
	}
	c.fd, c.connecting, c.busy, c.n, c.unsent = -1, false, false, 0, nil
	c.retryAt = now.Add(backoff)
}

// fail ends the request in flight on c, if any, with err.
func (e *engine) fail(c *econn, err error, now time.Time) {
	if c.busy && c.measured {
		e.rec.record(c.from, 0, err)
		e.rec.countEntry(c.entry)
	}
	e.close(c, now, 10*time.Millisecond)
}

func (e *engine) send(c *econn, from time.Time) {
	now := time.Now()
	req, entry := e.take()
	c.busy, c.from, c.measured, c.deadline, c.entry = true, from, e.measured(from), now.Add(e.o.Timeout), entry
	if e.open && c.measured {
		e.sendLag.RecordValue(max(1, now.Sub(from).Microseconds()))
		e.sent++
	}
	n, err := rawWrite(c.fd, req)
	switch {
	case n == len(req):
	case err == nil || err == unix.EAGAIN:
		// Only a big body outgrows the socket buffer: the rest goes out as it drains.
		c.unsent = req[n:]
		unix.EpollCtl(e.epfd, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT, Fd: int32(c.fd)})
	default:
		e.fail(c, &net.OpError{Op: "write", Err: err}, now)
	}
}

// writeRest writes more of a request the socket buffer could not take at once.
func (e *engine) writeRest(c *econn, now time.Time) {
	n, err := rawWrite(c.fd, c.unsent)
	if err == unix.EAGAIN {
		return
	}
	if err != nil {
		e.fail(c, &net.OpError{Op: "write", Err: err}, now)
		return
	}
	if c.unsent = c.unsent[n:]; len(c.unsent) == 0 {
		unix.EpollCtl(e.epfd, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(c.fd)})
	}
}

func errOr(err error, def error) error {
	if err != nil {
		return err
	}
	return def
}

// readable reads what arrived and completes the response if it is whole.
func (e *engine) readable(c *econn, now time.Time) {
	for {
		if c.n == len(c.buf) {
			c.buf = append(c.buf, make([]byte, len(c.buf))...)
		}
		space := len(c.buf) - c.n
		n, err := rawRead(c.fd, c.buf[c.n:])
		if err == unix.EAGAIN {
			break
		}
		if err != nil || n == 0 {
			e.fail(c, &net.OpError{Op: "read", Err: errOr(err, syscall.ECONNRESET)}, now)
			return
		}
		c.n += n
		if n < space {
			break // the socket had no more
		}
	}
	if !c.busy {
		return
	}
	c.src.Reset(c.buf[:c.n])
	c.rd.Reset(&c.src)
	status, keepAlive, err := readResponse(c.rd, e.capture)
	if err != nil {
		if errors.Is(err, errHTTP) {
			e.fail(c, err, now)
		}
		return // incomplete: wait for more bytes
	}
	consumed := c.n - c.src.Len() - c.rd.Buffered()
	copy(c.buf, c.buf[consumed:c.n])
	c.n -= consumed
	c.busy = false
	if c.measured {
		e.rec.record(c.from, status, nil)
		e.rec.countHeader(e.capture)
		e.rec.countEntry(c.entry)
	}
	if !keepAlive || len(c.unsent) > 0 { // answered before reading the whole request: the rest would be misread
		e.close(c, now, 0)
		return
	}
	// Like wrk, the next requests go out after the whole batch of events is handled.
	e.idle = append(e.idle, c)
}

func (e *engine) writable(c *econn, now time.Time) {
	if len(c.unsent) > 0 {
		e.writeRest(c, now)
		return
	}
	if !c.connecting {
		return
	}
	if soErr, _ := unix.GetsockoptInt(c.fd, unix.SOL_SOCKET, unix.SO_ERROR); soErr != 0 {
		e.close(c, now, 10*time.Millisecond)
		e.dialFailed(syscall.Errno(soErr), now)
		return
	}
	c.connecting = false
	unix.EpollCtl(e.epfd, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(c.fd)})
	e.idle = append(e.idle, c)
}

func sockaddr(addr string) (unix.Sockaddr, int, error) {
	tcp, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, 0, err
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		sa := &unix.SockaddrInet4{Port: tcp.Port}
		copy(sa.Addr[:], ip4)
		return sa, unix.AF_INET, nil
	}
	sa := &unix.SockaddrInet6{Port: tcp.Port}
	copy(sa.Addr[:], tcp.IP.To16())
	return sa, unix.AF_INET6, nil
}

// runEpoll is Run on the epoll engine.
func runEpoll(o Options) (Result, error) {
	if o.TLS != nil {
		return Result{}, errors.New("the epoll engine speaks plain http only")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	sa, family, err := sockaddr(o.Addr)
	if err != nil {
		return Result{}, err
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return Result{}, err
	}
	defer unix.Close(epfd)

	var windowStart, windowEnd time.Time // set once the engine is built: laying out a -mix takes a moment
	open := o.RPS > 0
	e := newEngine(o, epfd, sa, family, func(from time.Time) bool {
		return !from.Before(windowStart) && (open || from.Before(windowEnd))
	})
	start := time.Now()
	windowStart, windowEnd = start.Add(o.Warmup), start.Add(o.Warmup+o.Duration)
	for range o.Connections {
		c := &econn{fd: -1, buf: make([]byte, 16<<10)}
		c.rd = bufio.NewReaderSize(&c.src, 16<<10)
		e.conns = append(e.conns, c)
	}
	defer func() {
		for _, c := range e.conns {
			e.close(c, time.Now(), 0)
		}
	}()

	interval := time.Duration(0)
	if open {
		interval = time.Duration(float64(time.Second) / o.RPS)
	}
	nextDue := start
	var dueIndex int64
	windowOpen := false
	var cpuStart, cores float64
	var wallStart, lastSweep time.Time
	events := make([]unix.EpollEvent, 256)
	// The open-loop schedule wakes on a timerfd: an hrtimer, precise to microseconds,
	// where epoll_wait's own timeout would round every send up to a millisecond.
	tfd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return Result{}, err
	}
	defer unix.Close(tfd)
	unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, tfd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(tfd)})
	var armedFor time.Time
	var tick [8]byte

	for {
		now := time.Now()
		if !windowOpen && !now.Before(windowStart) {
			windowOpen = true
			if o.OnWindow != nil {
				o.OnWindow("start")
			}
			cpuStart, wallStart = cpuSeconds(), time.Now()
		}
		if !e.stopping && !now.Before(windowEnd) {
			e.stopping = true
			// The generator's CPU over the window itself, not the drain after it.
			cores = (cpuSeconds() - cpuStart) / time.Since(wallStart).Seconds()
		}
		for open && !nextDue.After(now) && nextDue.Before(windowEnd) {
			e.pending = append(e.pending, nextDue)
			dueIndex++
			nextDue = start.Add(time.Duration(dueIndex) * interval)
		}
		// Every millisecond: time out late requests, reconnect closed connections.
		if now.Sub(lastSweep) >= time.Millisecond || e.stopping {
			lastSweep = now
			e.expire(now)
			for _, c := range e.conns {
				if c.connecting && now.After(c.deadline) {
					e.close(c, now, 0)
					e.dialFailed(&timeoutError{}, now)
				}
				if c.busy && now.After(c.deadline) {
					e.fail(c, &timeoutError{}, now)
				}
				if c.fd < 0 && !now.Before(c.retryAt) && (!e.stopping || len(e.pending) > 0) {
					e.connect(c, now)
				}
			}
		}
		e.dispatch(now)
		if e.stopping && len(e.pending) == 0 && !e.anyOut() {
			break
		}
		if open && nextDue.Before(windowEnd) && !nextDue.Equal(armedFor) {
			armedFor = nextDue
			due := max(nextDue.Sub(time.Now()), time.Microsecond)
			unix.TimerfdSettime(tfd, 0, &unix.ItimerSpec{Value: unix.NsecToTimespec(int64(due))}, nil)
		}
		timeoutMs := 1
		if !windowOpen && windowStart.Sub(now) < time.Millisecond {
			timeoutMs = 0
		}
		n, err := unix.EpollWait(epfd, events, timeoutMs)
		if err != nil && err != unix.EINTR {
			return Result{}, err
		}
		now = time.Now()
		for _, ev := range events[:max(n, 0)] {
			if int(ev.Fd) == tfd {
				unix.Read(tfd, tick[:])
				continue
			}
			c := e.byFD[int(ev.Fd)]
			if c == nil {
				continue
			}
			if ev.Events&unix.EPOLLOUT != 0 {
				e.writable(c, now)
			}
			if c.fd >= 0 && ev.Events&(unix.EPOLLIN|unix.EPOLLERR|unix.EPOLLHUP) != 0 {
				e.readable(c, now)
			}
		}
		e.dispatch(now)
	}
	if o.OnWindow != nil {
		o.OnWindow("end")
	}
	res := Result{Model: "closed", WindowSeconds: o.Duration.Seconds(), DurationS: o.Duration.Seconds(), Requests: e.rec.requests, Successes: e.rec.successes, Errors: e.rec.errors}
	res.DriverCPUCores = cores
	res.GOMAXPROCS = 1
	if open {
		res.Model = "open"
		res.SentInWindow = e.sent
		res.SendLagP99Us = e.sendLag.ValueAtQuantile(99)
	}
	res.Histogram = encode(e.rec.h)
	res.HeaderCounts = e.rec.headers.counts()
	res.MixCounts = e.rec.mix
	return res, nil
}

func (e *engine) anyOut() bool {
	for _, c := range e.conns {
		if c.busy || c.connecting {
			return true
		}
	}
	return false
}

// rawRead and rawWrite skip the scheduler hand-off of a blocking syscall:
// the sockets are non-blocking, so these return at once.
func rawRead(fd int, b []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

func rawWrite(fd int, b []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
