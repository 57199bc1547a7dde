package bon

import (
	"fmt"
	"sync"
	"testing"

	"github.com/tiltkit/tiltkit/dist"
)

// benchSizes are the alphabet sizes of the benchmarks.
var benchSizes = []int{1_000, 100_000, 1_000_000}

type benchInput struct{ p, logq []float64 }

var benchInputs sync.Map // K → benchInput

// dirichletPair returns p, log q drawn from Dirichlet(1) on K symbols
// (dist.Dirichlet, fixed seeds), cached across benchmarks.
func dirichletPair(k int) benchInput {
	if v, ok := benchInputs.Load(k); ok {
		return v.(benchInput)
	}
	in := benchInput{p: dist.Dirichlet(k, 1, 1).Values, logq: dist.Dirichlet(k, 2, 1).Log}
	benchInputs.Store(k, in)
	return in
}

// BenchmarkBestOfN: exact best-of-N (N = 1000) for Dirichlet(1) p and q.
// "new+bon" includes building the Selector (one sort, Θ(K log K)); "bon" is
// BestOfN alone on a prebuilt Selector (one pass, Θ(K)).
func BenchmarkBestOfN(b *testing.B) {
	c, _ := NewCount(1000)
	for _, k := range benchSizes {
		in := dirichletPair(k)
		b.Run(fmt.Sprintf("new+bon/K=%d", k), func(b *testing.B) {
			for b.Loop() {
				s, err := New(in.p, in.logq)
				if err != nil {
					b.Fatal(err)
				}
				s.BestOfN(c)
			}
		})
		b.Run(fmt.Sprintf("bon/K=%d", k), func(b *testing.B) {
			s, err := New(in.p, in.logq)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				s.BestOfN(c)
			}
		})
	}
}

// BenchmarkCompare: best-of-N against φ_Δ at the exact budget (N = 1000) on a
// prebuilt Selector: BestOfN, one α(Δ) solve over the levels, and the KL and
// reward sums.
func BenchmarkCompare(b *testing.B) {
	c, _ := NewCount(1000)
	for _, k := range benchSizes {
		in := dirichletPair(k)
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			s, err := New(in.p, in.logq)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Compare(c, BudgetExact); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
