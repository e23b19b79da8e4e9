// Package work holds the deterministic CPU cost the workloads spend per request.
package work

import "crypto/sha256"

// Burn hashes a 1 KiB buffer iters times, chaining each digest into the
// next, so the cost is linear in iters (about 0.65 µs an iteration on a
// 2026 server core) and cannot be optimised away.
func Burn(iters int) [32]byte {
	var buf [1024]byte
	var sum [32]byte
	for i := 0; i < iters; i++ {
		copy(buf[:], sum[:])
		sum = sha256.Sum256(buf[:])
	}
	return sum
}
