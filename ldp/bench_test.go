package ldp_test

import (
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/ldp"
)

// Finite-m exponents at m = 400 for Example 1, δ = 0.1, on the 41-point
// grid of `tiltkit ldp --grid ::41 --m 400`: FiniteM alone (types already
// enumerated) and with the enumeration (what the command does).
func benchFiniteM(b *testing.B, withEnum bool) {
	const m, delta = 400, 0.1
	r, err := ldp.New(ex1P, naive.Logs(ex1Q), delta)
	if err != nil {
		b.Fatal(err)
	}
	ts := grid(r.Lo, r.Hi, 41)
	w := (r.Hi - r.Lo) / 40 / 2
	c, _ := bon.CountFromLog(m * delta)
	en := enumerate(b, ex1P, ex1Q, m)
	for b.Loop() {
		if withEnum {
			en = enumerate(b, ex1P, ex1Q, m)
		}
		r.FiniteM(en, c, ts, w)
	}
}

func BenchmarkFiniteMM400(b *testing.B)          { benchFiniteM(b, false) }
func BenchmarkFiniteMM400WithTypes(b *testing.B) { benchFiniteM(b, true) }
