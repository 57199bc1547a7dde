package tilt

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tiltkit/tiltkit/dist"
)

var benchSizes = []int{1_000, 100_000, 1_000_000}

var benchFamilies sync.Map // K → *Family

// dirichletFamily returns the family of Dirichlet(1) p and q on K symbols
// (dist.Dirichlet, fixed seeds), cached across benchmarks.
func dirichletFamily(b *testing.B, k int) *Family {
	if v, ok := benchFamilies.Load(k); ok {
		return v.(*Family)
	}
	f, err := NewFamily(dist.Dirichlet(k, 1, 1).Values, dist.Dirichlet(k, 2, 1).Log)
	if err != nil {
		b.Fatal(err)
	}
	benchFamilies.Store(k, f)
	return f
}

// BenchmarkAlphaForKL solves α(Δ) at Δ = delta_max/10, /2 and ·0.99. The
// extra metric evals/op is the solve time divided by the time of one
// evaluation of the family (At: the three passes over the data that every
// Newton step makes), i.e. the number of evaluations the solve costs; the
// issue's target is ~10.
func BenchmarkAlphaForKL(b *testing.B) {
	for _, k := range benchSizes {
		f := dirichletFamily(b, k)
		for _, frac := range []float64{0.1, 0.5, 0.99} {
			delta := frac * f.DeltaMax()
			b.Run(fmt.Sprintf("K=%d/Δ=%g·dmax", k, frac), func(b *testing.B) {
				// Time one evaluation at the solution (median of 5).
				a, err := f.AlphaForKL(delta)
				if err != nil {
					b.Fatal(err)
				}
				var ts []time.Duration
				for range 5 {
					t0 := time.Now()
					f.At(a)
					ts = append(ts, time.Since(t0))
				}
				for i := range ts {
					for j := i + 1; j < len(ts); j++ {
						if ts[j] < ts[i] {
							ts[i], ts[j] = ts[j], ts[i]
						}
					}
				}
				evalTime := ts[2]
				for b.Loop() {
					if _, err := f.AlphaForKL(delta); err != nil {
						b.Fatal(err)
					}
				}
				perOp := b.Elapsed() / time.Duration(b.N)
				b.ReportMetric(float64(perOp)/float64(evalTime), "evals/op")
			})
		}
	}
}
