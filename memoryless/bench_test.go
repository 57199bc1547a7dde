package memoryless_test

import (
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Exact best-of-N over sequences (Enumerate + BestOfN), the sizes of the
// issue: K = 3, m = 2000 (C(2002, 2) ≈ 2.0e6 types) and K = 4, m = 300
// (C(303, 3) ≈ 4.6e6 types), N = exp(m·δ) with δ = 0.1. The types/s metric
// shows whether the cost is linear in the number of types.
func benchSeq(b *testing.B, p, q []string, m int) {
	md := ratModel(b, naive.Rats(p...), naive.Rats(q...))
	c, err := bon.CountFromLog(0.1 * float64(m))
	if err != nil {
		b.Fatal(err)
	}
	var types int
	for b.Loop() {
		en, err := md.Enumerate(m, memoryless.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := en.BestOfN(c, 0); err != nil {
			b.Fatal(err)
		}
		types = en.Types()
	}
	b.ReportMetric(float64(types), "types")
	b.ReportMetric(float64(types)*float64(b.N)/b.Elapsed().Seconds(), "types/s")
}

func BenchmarkSeqK3M2000(b *testing.B) { benchSeq(b, ex1P, ex1Q, 2000) }

func BenchmarkSeqK4M300(b *testing.B) {
	benchSeq(b, []string{"1/10", "2/5", "3/10", "1/5"}, []string{"1/8", "1/2", "1/4", "1/8"}, 300)
}

// BenchmarkSeqK4M300Generic is K = 4, m = 300 with q in general position
// (no exact ties, the common case with real-valued rewards).
func BenchmarkSeqK4M300Generic(b *testing.B) {
	benchSeq(b, []string{"1/10", "2/5", "3/10", "1/5"}, []string{"37/100", "11/100", "29/100", "23/100"}, 300)
}
