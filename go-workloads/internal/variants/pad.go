//go:build pad

package variants

import "gosweep/workloads/internal/pad"

// PadBytes is the size of the payload linked into this binary.
var PadBytes = pad.Bytes()
