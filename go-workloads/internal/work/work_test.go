package work

import "testing"

func TestBurnIsDeterministic(t *testing.T) {
	if Burn(5) != Burn(5) || Burn(5) == Burn(6) {
		t.Error("Burn must depend on iters only")
	}
}

func BenchmarkBurn1000(b *testing.B) {
	for b.Loop() {
		Burn(1000)
	}
}
