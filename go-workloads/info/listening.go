package info

import (
	"encoding/json"
	"io"
	"net"
	"os"
	"time"
)

// Listening records that the service named name is listening on addr, for
// listeningUnixNano, and logs the listening line on standard output. Call it
// right after net.Listen, before serving. A nil addr is for a service that
// takes no connections itself (AWS Lambda): its line says "lambda".
func Listening(name string, addr net.Addr) {
	listeningAt.Store(time.Now().UnixNano())
	writeLine(os.Stdout, name, addr)
}

// writeLine writes the listening line: a map, so that its keys come sorted.
func writeLine(w io.Writer, name string, addr net.Addr) {
	line := map[string]any{
		"msg": "lambda", "workload": name,
		"startUnixNano": start.UnixNano(), "mainUnixNano": mainAt.Load(), "listeningUnixNano": listeningAt.Load(),
	}
	if addr != nil {
		line["msg"], line["addr"] = "listening", addr.String()
	}
	json.NewEncoder(w).Encode(line)
}
