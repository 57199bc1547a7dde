package bigref

import (
	"math"
	"math/big"
	"testing"
)

// ratBoN returns π_N for integer N in exact rational arithmetic from the
// float64 inputs (each float64 is a rational):
// π_i = p_i/E · ((B+E)^N - B^N)/S^N, B = Σ_{logq_j < logq_i} p_j, E = Σ_{logq_j = logq_i} p_j.
func ratBoN(p, logq []float64, n int64) []*big.Rat {
	s := new(big.Rat)
	for _, v := range p {
		s.Add(s, new(big.Rat).SetFloat64(v))
	}
	pow := func(x *big.Rat) *big.Rat {
		r := big.NewRat(1, 1)
		for k := int64(0); k < n; k++ {
			r.Mul(r, x)
		}
		return r
	}
	out := make([]*big.Rat, len(p))
	for i := range p {
		out[i] = new(big.Rat)
		if p[i] == 0 {
			continue
		}
		b, e := new(big.Rat), new(big.Rat)
		for j := range p {
			switch {
			case logq[j] < logq[i]:
				b.Add(b, new(big.Rat).SetFloat64(p[j]))
			case logq[j] == logq[i]:
				e.Add(e, new(big.Rat).SetFloat64(p[j]))
			}
		}
		b.Quo(b, s)
		e.Quo(e, s)
		m := pow(new(big.Rat).Add(b, e))
		m.Sub(m, pow(b))
		out[i].Mul(new(big.Rat).SetFloat64(p[i]), m)
		out[i].Quo(out[i], s)
		out[i].Quo(out[i], e)
	}
	return out
}

func TestBoNRationalIntegerN(t *testing.T) {
	for name, in := range smallInputs() {
		if in.K > 50 {
			continue
		}
		for _, n := range []int64{2, 3, 10} {
			want := ratBoN(in.P, in.LogQ, n)
			got := BestOfN(in.P, in.LogQ, float64(n))
			for i := range want {
				w := new(big.Float).SetPrec(400).SetRat(want[i])
				if w.Sign() == 0 {
					if got.Pi[i].Sign() != 0 {
						t.Errorf("%s N=%d: pi[%d] = %s, want 0", name, n, i, got.Pi[i].Text('g', 5))
					}
					continue
				}
				checkRel(t, name+" pi (exact rational)", got.Pi[i], w, 1e-55)
			}
		}
	}
}

// TestBoNK2ClosedForm: for K = 2 (and any K with an untied top), π(top) =
// 1 - (1 - p̂_top)^N, evaluated here as -expm1(N log1p(-p̂_top)) (a different
// route from BestOfN's -expm1(-N log1p(p_top/Σ_rest))).
func TestBoNK2ClosedForm(t *testing.T) {
	for _, name := range []string{"dir_k2", "raretop"} {
		in := smallInputs()[name]
		top := 0
		for i := range in.LogQ {
			if in.LogQ[i] > in.LogQ[top] {
				top = i
			}
		}
		s := NewFloat(0)
		for _, v := range in.P {
			s.Add(s, NewFloat(v))
		}
		lb := Log1p(new(big.Float).Neg(new(big.Float).Quo(NewFloat(in.P[top]), s)))
		for _, n := range []float64{2, 3.5, 1e6, 1e12} {
			want := Expm1(new(big.Float).Mul(NewFloat(n), lb))
			want.Neg(want)
			checkRel(t, name+" pi(top)", BestOfN(in.P, in.LogQ, n).Pi[top], want, 1e-50)
		}
	}
}

func TestBoNConsistency(t *testing.T) {
	for name, in := range smallInputs() {
		s := NewFloat(0)
		for _, v := range in.P {
			s.Add(s, NewFloat(v))
		}
		for _, n := range []float64{1, 2, 3.5, 1000, 1e6} {
			r := BestOfN(in.P, in.LogQ, n)
			sum, kl, ce := NewFloat(0), NewFloat(0), NewFloat(0)
			for i, v := range r.Pi {
				if v.Sign() == 0 {
					continue
				}
				sum.Add(sum, v)
				x := Log(new(big.Float).Quo(v, new(big.Float).Quo(NewFloat(in.P[i]), s)))
				kl.Add(kl, x.Mul(x, v))
				ce.Sub(ce, new(big.Float).Mul(v, NewFloat(in.LogQ[i])))
			}
			checkRel(t, name+" sum pi", sum, NewFloat(1), 1e-55)
			checkAbsRel(t, name+" KL direct", r.KL, kl, 1e-55)
			checkAbsRel(t, name+" H direct", r.CrossEntropy, ce, 1e-55)
			if r.KL.Cmp(r.KLBound) > 0 {
				t.Errorf("%s N=%v: KL %s > log N - (N-1)/N = %s", name, n, r.KL.Text('g', 10), r.KLBound.Text('g', 10))
			}
			if n == 1 && r.KL.Sign() != 0 {
				t.Errorf("%s N=1: KL = %s, want exactly 0", name, r.KL.Text('g', 5))
			}
		}
	}
}

// TestBoNPaperExample2 is the single-token version of Example 2 of the paper:
// p = (0.2, 0.3, 0.5), r = (log 6, 0, log 2), N = 2 gives
// π = (1 - 0.8², 0.3², 0.8² - 0.3²) = (0.36, 0.09, 0.55).
func TestBoNPaperExample2(t *testing.T) {
	r := BestOfN([]float64{0.2, 0.3, 0.5}, []float64{math.Log(6), 0, math.Log(2)}, 2)
	for i, want := range []float64{0.36, 0.09, 0.55} {
		if got, _ := r.Pi[i].Float64(); math.Abs(got-want) > 1e-15 {
			t.Errorf("pi[%d] = %v, want %v", i, got, want)
		}
	}
}

func TestBoNLogN(t *testing.T) {
	in := smallInputs()["ties4"]
	a := BestOfNLog(in.P, in.LogQ, math.Log(3))
	b := BestOfN(in.P, in.LogQ, 3)
	for i := range a.Pi {
		checkAbsRel(t, "log N = log 3", a.Pi[i], b.Pi[i], 1e-14)
	}
	// Huge N: all mass on the tied top level, split 1:2 as p.
	h := BestOfNLog(in.P, in.LogQ, 1e4)
	checkRel(t, "pi top 0", h.Pi[0], new(big.Float).Quo(NewFloat(0.1), new(big.Float).Add(NewFloat(0.1), NewFloat(0.2))), 1e-55)
	checkRel(t, "pi top 1", h.Pi[1], new(big.Float).Quo(NewFloat(0.2), new(big.Float).Add(NewFloat(0.1), NewFloat(0.2))), 1e-55)
	if h.Pi[2].Sign() != 0 {
		t.Errorf("pi[2] = %s, want underflow to 0", h.Pi[2].Text('g', 5))
	}
}
