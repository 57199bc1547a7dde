package tilt

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// genPair draws p (entries ≥ 0, some zero) and log q (finite) on K symbols.
// Weights span 1e-6..1; log q is a multiple of 1e-3 in [−30, 0], and with
// probability ¼ one of four values, so that ties occur. (Rewards are kept
// on a grid: distinct rewards 1e-60 apart need α ~ 1e60, which the solvers
// do not reach within their iteration budget — see the report; such q are
// not expressible through the CLI, where distinct log q differ by ≥ 1e-16.)
func genPair(t *rapid.T) (p, logq []float64) {
	k := rapid.IntRange(2, 12).Draw(t, "k")
	p = make([]float64, k)
	logq = make([]float64, k)
	ties := rapid.IntRange(0, 3).Draw(t, "ties") == 0
	s := 0.0
	for i := range p {
		if rapid.IntRange(0, 5).Draw(t, "zero") > 0 {
			p[i] = math.Pow(10, rapid.Float64Range(-6, 0).Draw(t, "p"))
		}
		s += p[i]
		if ties {
			logq[i] = -float64(rapid.IntRange(0, 3).Draw(t, "level"))
		} else {
			logq[i] = -float64(rapid.IntRange(0, 30000).Draw(t, "r")) / 1000
		}
	}
	if s == 0 {
		p[0], s = 1, 1
	}
	for i := range p {
		p[i] /= s
	}
	return p, logq
}

// hasSpread reports whether log q takes two values on the support of p
// (otherwise delta_max = 0 and the family is a single point).
func hasSpread(p, logq []float64) bool {
	first := math.NaN()
	for i := range p {
		if p[i] > 0 {
			if math.IsNaN(first) {
				first = logq[i]
			} else if logq[i] != first {
				return true
			}
		}
	}
	return false
}

// α(Δ) is increasing and H(φ_Δ‖q) decreasing in Δ (dKL/dα = α·Var > 0,
// dH/dα = −Var < 0); α(Δ) meets the residual bound with KL recomputed from the
// definition.
func TestPropAlphaMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, lq := genPair(t)
		if !hasSpread(p, lq) {
			t.Skip("q constant on the support of p")
		}
		f, err := NewFamily(p, lq)
		if err != nil {
			t.Fatal(err)
		}
		dmax := f.DeltaMax()
		u1 := rapid.Float64Range(0, 1).Draw(t, "u1")
		u2 := rapid.Float64Range(0, 1).Draw(t, "u2")
		if u1 > u2 {
			u1, u2 = u2, u1
		}
		d1, d2 := u1*dmax*(1-1e-9), u2*dmax*(1-1e-9)
		a1, err1 := f.AlphaForKL(d1)
		a2, err2 := f.AlphaForKL(d2)
		if err1 != nil || err2 != nil {
			t.Fatalf("α(%v): %v; α(%v): %v", d1, err1, d2, err2)
		}
		for _, c := range []struct{ d, a float64 }{{d1, a1}, {d2, a2}} {
			if kl := refKL(p, lq, c.a); math.Abs(kl-c.d) > tolResidual*math.Max(1, c.d) {
				t.Fatalf("Δ=%v: KL(T_α‖p) = %v at α = %v", c.d, kl, c.a)
			}
		}
		if d1 < d2 && !(a1 <= a2) {
			t.Fatalf("α(%v) = %v > α(%v) = %v", d1, a1, d2, a2)
		}
		h1, h2 := refCross(p, lq, a1), refCross(p, lq, a2)
		if d1 < d2 && h1 < h2-1e-13*math.Max(1, h2) {
			t.Fatalf("H(φ_%v‖q) = %v < H(φ_%v‖q) = %v", d1, h1, d2, h2)
		}
	})
}

// β(t) solves H(T_β‖q) = t on the open interval (−log max q, −log min q).
func TestPropBetaSolves(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, lq := genPair(t)
		if !hasSpread(p, lq) {
			t.Skip("q constant on the support of p")
		}
		f, err := NewFamily(p, lq)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := f.RateInterval()
		u := rapid.Float64Range(1e-6, 1-1e-6).Draw(t, "u")
		rate := lo + u*(hi-lo)
		beta, err := f.BetaForRate(rate)
		if err != nil {
			t.Fatalf("β(%v) on (%v, %v): %v", rate, lo, hi, err)
		}
		if h := refCross(p, lq, beta); math.Abs(h-rate) > 1e-12*math.Max(1, rate) {
			t.Fatalf("β(%v) = %v gives H = %v", rate, beta, h)
		}
	})
}

// Lemma 9: T(q, T(q,p,α), β) = T(q, p, α+β).
func TestPropLemma9(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, lq := genPair(t)
		a := rapid.Float64Range(-3, 3).Draw(t, "alpha")
		b := rapid.Float64Range(-3, 3).Draw(t, "beta")
		f, err := NewFamily(p, lq)
		if err != nil {
			t.Fatal(err)
		}
		g, err := NewFamily(f.Tilt(a), lq)
		if err != nil {
			t.Skip("T_α underflows on part of the support")
		}
		got, want := g.Tilt(b), f.Tilt(a+b)
		for i := range want {
			// Entries far below the largest lose relative accuracy through
			// the rounding of log T_α; compare absolutely there.
			if !naive.WithinAbsOrRel(got[i], want[i], 1e-13, 1e-10) {
				t.Fatalf("T(q,T(q,p,%v),%v)[%d] = %v, T(q,p,%v)[%d] = %v", a, b, i, got[i], a+b, i, want[i])
			}
		}
	})
}
