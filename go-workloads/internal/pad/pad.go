// Package pad carries an incompressible payload that makes a binary bigger
// (claim C6: cold start against binary size). The committed payload.bin is
// empty; gosweep writes one of the requested size into a copy of the module
// before building with -tags pad.
package pad

import _ "embed"

//go:embed payload.bin
var payload []byte

// Bytes is the payload's size. Calling it keeps the payload linked in,
// without touching its pages at start.
func Bytes() int { return len(payload) }
