package main

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	queueHeader  = "X-Gosweep-Queue-Us"  // µs the request waited in the queue
	resumeHeader = "X-Gosweep-Resume-Us" // µs it was held for its instance's resume
)

var (
	jsonType    = []string{"application/json"}
	noUserAgent = []string{""} // keeps the Transport from adding Go's
)

// hopHeaders belong to one connection, not to the request: a proxy drops them.
var hopHeaders = []string{
	"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := p.acquire(r.Context())
	h := w.Header()
	if t.inst == nil {
		if t.throttled {
			h[queueHeader] = micros(t.wait)
			h["Content-Type"] = jsonType
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write(p.tooBusy)
		}
		return
	}
	o, err := cancelled, error(nil)
	defer func() { p.release(t.inst, o, err) }()
	h[queueHeader] = micros(t.wait)
	if t.gate != nil {
		start := time.Now()
		select {
		case <-t.gate.done:
		case <-r.Context().Done():
			return
		}
		h[resumeHeader] = micros(time.Since(start))
	}

	resp, err := t.inst.transport.RoundTrip(outRequest(r, t.inst.host))
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away: not the instance's fault
		}
		o = failed
		h["Content-Type"] = jsonType
		w.WriteHeader(http.StatusBadGateway)
		b := append([]byte(`{"error":`), appendString(nil, "instance "+t.inst.id+": "+err.Error())...)
		w.Write(append(b, '}'))
		return
	}
	o = served
	respond(w, resp)
}

var zeroMicros = []string{"0"} // most requests never queue: no allocation for them

// micros is a header value of d in whole µs.
func micros(d time.Duration) []string {
	if d < time.Microsecond {
		return zeroMicros
	}
	return []string{strconv.FormatInt(d.Microseconds(), 10)}
}

// outRequest is r as sent on to host: a shallow copy with its own URL and
// without hop-by-hop headers. The Host header stays the client's.
func outRequest(r *http.Request, host string) *http.Request {
	out := new(http.Request)
	*out = *r
	u := new(url.URL)
	*u = *r.URL
	u.Scheme, u.Host = "http", host
	out.URL = u
	out.RequestURI = ""
	out.Close = false
	if r.ContentLength == 0 {
		out.Body, out.GetBody = nil, nil
	}
	removeHop(out.Header)
	if _, ok := out.Header["User-Agent"]; !ok {
		out.Header["User-Agent"] = noUserAgent
	}
	return out
}

func removeHop(h http.Header) {
	for _, v := range h["Connection"] {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				h.Del(f)
			}
		}
	}
	for _, k := range hopHeaders {
		delete(h, k)
	}
}

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// respond streams resp back to the client; headers the proxy set already
// win. A body cut short aborts the client's response rather than let it
// look complete.
func respond(w http.ResponseWriter, resp *http.Response) {
	defer resp.Body.Close()
	h := w.Header()
	removeHop(resp.Header)
	for k, vv := range resp.Header {
		if _, mine := h[k]; !mine {
			h[k] = vv
		}
	}
	w.WriteHeader(resp.StatusCode)
	var err error
	if resp.ContentLength == -1 {
		err = copyFlushing(w, resp.Body) // of unknown length: maybe a stream
	} else {
		_, err = io.Copy(w, resp.Body)
	}
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	for k, vv := range resp.Trailer {
		h[http.TrailerPrefix+k] = vv
	}
}

// copyFlushing copies body to w, flushing each read through to the client.
func copyFlushing(w http.ResponseWriter, body io.Reader) error {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	f, _ := w.(http.Flusher)
	for {
		n, err := body.Read(*bp)
		if n > 0 {
			if _, werr := w.Write((*bp)[:n]); werr != nil {
				return werr
			}
			if f != nil {
				f.Flush()
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
