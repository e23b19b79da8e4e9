package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"sync"
)

// request is one line serve reads: run Args as a probe command, or, with
// Stop, close the stdin of command ID (a ready with -exit-with-stdin stops).
type request struct {
	ID   int      `json:"id"`
	Args []string `json:"args"`
	Stop bool     `json:"stop"`
}

// serve is the driver container's main process: it runs the commands that
// arrive on stdin, each as it comes and at once, and writes each one's lines
// as {"id":N,"out":<line>}, then {"id":N,"exit":code,"stderr":"..."}. One
// attach stream serves a whole sweep, so no process is started (no docker
// exec) while a cold start is timed. It returns when stdin closes.
func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	out := &lockedWriter{w: stdout}
	stops := map[int]*io.PipeWriter{}
	var mu sync.Mutex
	lines := bufio.NewScanner(stdin)
	lines.Buffer(make([]byte, 64<<10), 4<<20)
	for lines.Scan() {
		var req request
		if err := json.Unmarshal(lines.Bytes(), &req); err != nil {
			out.line(map[string]any{"error": "not a request: " + err.Error()})
			continue
		}
		mu.Lock()
		if req.Stop {
			if w := stops[req.ID]; w != nil {
				w.Close()
			}
			mu.Unlock()
			continue
		}
		in, stop := io.Pipe()
		stops[req.ID] = stop
		mu.Unlock()
		go func() {
			var errText bytes.Buffer
			code := runServed(req.Args, in, &idWriter{id: req.ID, out: out}, &errText)
			mu.Lock()
			delete(stops, req.ID)
			mu.Unlock()
			stop.Close() // ends whatever still reads its stdin (ready's watcher)
			out.line(map[string]any{"id": req.ID, "exit": code, "stderr": errText.String()})
		}()
	}
	return 0
}

// runServed runs the commands serve may run: not idle, not serve itself.
func runServed(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "idle" || args[0] == "serve") {
		io.WriteString(stderr, "probe serve: "+args[0]+" cannot be served\n")
		return 2
	}
	return run(args, stdin, stdout, stderr)
}

// lockedWriter writes whole JSON lines from many goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) line(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	emit(l.w, v)
}

// idWriter wraps each line a command writes as {"id":N,"out":<line>}.
type idWriter struct {
	id      int
	out     *lockedWriter
	partial []byte
}

func (w *idWriter) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.out.line(map[string]any{"id": w.id, "out": json.RawMessage(w.partial[:i])})
		w.partial = w.partial[i+1:]
	}
}
