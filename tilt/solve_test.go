package tilt

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tolerances of the solvers (the accuracy contract).
const (
	tolResidual = 1e-12 // |KL(T_α(Δ)‖p) − Δ| ≤ tolResidual·max(1, Δ)
	tolRel      = 1e-10 // relative error against an independent reference
)

type family struct {
	name string
	p, q []float64
	logq []float64 // when set, used instead of log q
	dmax float64   // delta_max derived by hand
}

func (c family) lq() []float64 {
	if c.logq != nil {
		return c.logq
	}
	return naive.Logs(c.q)
}

var families = []family{
	{name: "example 1", p: ex1P, q: ex1Q, dmax: math.Log(5)},
	{name: "binary", p: []float64{0.3, 0.7}, q: []float64{0.6, 0.4}, dmax: -math.Log(0.3)},
	{name: "ties", p: []float64{0.1, 0.2, 0.3, 0.4}, q: []float64{0.3, 0.3, 0.2, 0.2}, dmax: -math.Log(0.3)},
	{name: "zero in p", p: []float64{0, 0.25, 0.25, 0.5}, q: []float64{0.4, 0.3, 0.2, 0.1}, dmax: math.Log(4)},
	{name: "q = 1e-150", p: []float64{0.5, 0.25, 0.25}, logq: []float64{-1e-150, -150 * math.Ln10, -300 * math.Ln10}, dmax: math.Ln2},
	{name: "dominant top", p: []float64{0.999, 0.001}, q: []float64{0.9, 0.1}, dmax: -math.Log(0.999)},
}

// TestAlphaForKL: for every family and budget, α(Δ) ≥ 0 satisfies the issue's
// residual bound with KL recomputed from the definition (refKL), and near
// delta_max the gap delta_max − KL (refGap, derived without cancellation)
// matches delta_max − Δ to 1e-10 relative; near 0 the cumulant expansion
// KL(α) = κ₂α²/2 + κ₃α³/3 + κ₄α⁴/8 + O(α⁵) (from KL = αψ'(α) − ψ(α) with ψ
// the cumulant generating function of log q under p) matches Δ to 1e-10
// relative.
func TestAlphaForKL(t *testing.T) {
	for _, c := range families {
		lq := c.lq()
		f := mustFamily(t, c.p, lq)
		// The hand value and the family's agree to a few ulps (the family
		// sums the float64 entries of S; e.g. 0.1 + 0.2 ≠ 0.3). Budgets near
		// delta_max are set from the family's value, since 1e-12·delta_max
		// below it a few ulps of delta_max are a relative 1e-4 of the gap.
		if !naive.Within(f.DeltaMax(), c.dmax, 1e-15) {
			t.Fatalf("%s: delta_max = %.17g, want %.17g", c.name, f.DeltaMax(), c.dmax)
		}
		dmax := f.DeltaMax()
		_, k2, k3, k4 := moments(c.p, lq)
		// Δ = 1e-300 and 1e-40 are regressions: before the fix in tilt.go
		// (eval, small |α|·span) α came out 2× too small or did not converge.
		for _, delta := range []float64{0, 1e-300, 1e-40, 1e-20, 1e-10, 1e-6, 0.01 * dmax, 0.25 * dmax, 0.5 * dmax, 0.75 * dmax, 0.99 * dmax,
			dmax * (1 - 1e-6), dmax * (1 - 1e-9), dmax * (1 - 1e-12)} {
			name := fmt.Sprintf("%s/Δ=%.17g", c.name, delta)
			alpha, err := f.AlphaForKL(delta)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if !(alpha >= 0) || math.IsInf(alpha, 0) {
				t.Errorf("%s: α = %v", name, alpha)
				continue
			}
			if delta == 0 && alpha != 0 {
				t.Errorf("%s: α(0) = %v, want 0", name, alpha)
			}
			kl := refKL(c.p, lq, alpha)
			if math.Abs(kl-delta) > tolResidual*math.Max(1, delta) {
				t.Errorf("%s: α = %.17g gives KL = %.17g, off by %.3g", name, alpha, kl, kl-delta)
			}
			if got := f.At(alpha).KL; math.Abs(got-delta) > tolResidual*math.Max(1, delta) {
				t.Errorf("%s: At(α).KL = %.17g", name, got)
			}
			// Truncation of the series after α⁴ leaves a relative O(α³):
			// below 1e-13 for Δ ≤ 1e-10 in these families.
			if delta > 0 && delta <= 1e-10 {
				series := k2*alpha*alpha/2 + k3*alpha*alpha*alpha/3 + k4*alpha*alpha*alpha*alpha/8
				if !naive.Within(series, delta, tolRel) {
					t.Errorf("%s: α = %.17g, cumulant series gives KL = %.17g (rel err %.2g)", name, alpha, series, (series-delta)/delta)
				}
			}
			if delta >= dmax/2 {
				// delta_max − Δ with delta_max to double-double precision:
				// the float64 delta_max is itself rounded by ~1e-16.
				wantGap := (dmax - delta) + refDeltaMaxLo(c.p, lq, dmax)
				if gap := refGap(c.p, lq, alpha); !naive.Within(gap, wantGap, tolRel) {
					t.Errorf("%s: α = %.17g, delta_max − KL = %.17g, want %.17g (rel err %.2g)", name, alpha, gap, wantGap, (gap-wantGap)/wantGap)
				}
			}
		}
	}
}

// TestAlphaForKLBinaryInverse: a second algorithm for K = 2. With p = (a, 1−a)
// and q = (b, 1−b), b > ½, φ_Δ = (x, 1−x) where x ∈ (a, 1) solves the binary
// KL(x‖a) = Δ (found here by 200 bisection steps), and the tilt exponent is
// the ratio of log-odds: α = (logit x − logit a)/(log b − log(1−b)).
func TestAlphaForKLBinaryInverse(t *testing.T) {
	logit := func(x float64) float64 { return math.Log(x) - math.Log1p(-x) }
	for _, ab := range [][2]float64{{0.3, 0.6}, {0.5, 0.9}, {0.05, 0.51}, {0.9, 0.99}} {
		a, b := ab[0], ab[1]
		p, q := []float64{a, 1 - a}, []float64{b, 1 - b}
		f := mustFamily(t, p, naive.Logs(q))
		dmax := -math.Log(a)
		for _, frac := range []float64{0.01, 0.1, 0.3, 0.5, 0.7, 0.9} {
			delta := frac * dmax
			binKL := func(x float64) float64 { return x*math.Log(x/a) + (1-x)*math.Log((1-x)/(1-a)) }
			lo, hi := a, 1.0
			for range 200 {
				mid := lo + (hi-lo)/2
				if binKL(mid) < delta {
					lo = mid
				} else {
					hi = mid
				}
			}
			x := lo + (hi-lo)/2
			want := (logit(x) - logit(a)) / (math.Log(b) - math.Log1p(-b))
			got, err := f.AlphaForKL(delta)
			// x carries ~1e-16 absolute error; α's relative error is then
			// ~1e-16/(x(1−x)·(logit x − logit a)): 1e-9 covers these cases.
			if err != nil || !naive.Within(got, want, 1e-9) {
				t.Errorf("a=%g b=%g Δ=%g: α = %.17g (%v), want %.17g", a, b, delta, got, err, want)
			}
		}
	}
}

// TestAlphaForKLMpmath: Example 1 against mpmath (50 digits, findroot on the
// definition; testdata/mpmath/unit_refs.py).
func TestAlphaForKLMpmath(t *testing.T) {
	f := mustFamily(t, ex1P, naive.Logs(ex1Q))
	for _, c := range []struct{ delta, alpha, h float64 }{
		{1e-10, 2.2780601534424659263e-5, 1.492290313824329276},
		{0.5, 1.5429901623194293421, 0.83902280121316096054},
		{1, 2.4838142964548835367, 0.58393130185204884018},
	} {
		got, err := f.AlphaForKL(c.delta)
		if err != nil || !naive.Within(got, c.alpha, tolRel) {
			t.Errorf("Δ=%g: α = %.17g (%v), want %.17g", c.delta, got, err, c.alpha)
		}
		if h := f.At(got).CrossEntropy; !naive.Within(h, c.h, tolRel) {
			t.Errorf("Δ=%g: H(φ_Δ‖q) = %.17g, want %.17g", c.delta, h, c.h)
		}
	}
}

// TestAlphaMonotone: α(Δ) strictly increases and H(φ_Δ‖q) strictly decreases
// on a grid of Δ (dKL/dα = α·Var > 0 and dH/dα = −Var < 0 for α > 0).
func TestAlphaMonotone(t *testing.T) {
	for _, c := range families {
		f := mustFamily(t, c.p, c.lq())
		prevA, prevH := -1.0, math.Inf(1)
		for i := 0; i < 60; i++ {
			delta := c.dmax * float64(i) / 60
			a, err := f.AlphaForKL(delta)
			if err != nil {
				t.Fatalf("%s Δ=%g: %v", c.name, delta, err)
			}
			h := f.At(a).CrossEntropy
			if !(a > prevA) || !(h < prevH) {
				t.Errorf("%s Δ=%g: α = %v after %v, H = %v after %v", c.name, delta, a, prevA, h, prevH)
			}
			prevA, prevH = a, h
		}
	}
}

func TestAlphaForKLErrors(t *testing.T) {
	f := mustFamily(t, ex1P, naive.Logs(ex1Q))
	dmax := math.Log(5)
	for _, d := range []float64{-1e-300, -1, dmax, math.Nextafter(dmax, 10), 3, math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := f.AlphaForKL(d)
		var re *DeltaRangeError
		if !errors.As(err, &re) {
			t.Errorf("Δ=%v: err = %v, want *DeltaRangeError", d, err)
			continue
		}
		if re.DeltaMax != f.DeltaMax() || !strings.Contains(err.Error(), "delta_max = 1.6094379124341") {
			t.Errorf("Δ=%v: %q should state delta_max = log 5", d, err)
		}
	}
	// A family whose q is constant on the support of p has delta_max = 0:
	// only Δ = 0 is allowed.
	g := mustFamily(t, []float64{0.5, 0.5, 0}, []float64{-1, -1, -0.1})
	if a, err := g.AlphaForKL(0); err != nil || a != 0 {
		t.Errorf("constant q, Δ = 0: α = %v, %v", a, err)
	}
	if _, err := g.AlphaForKL(1e-12); err == nil {
		t.Error("constant q, Δ = 1e-12: accepted, want a range error (delta_max = 0)")
	}
}

// TestBetaForRate: β(t) solves H(T_β‖q) = t (Theorems 1 and 3); β > 0 for
// t < H(p‖q) and β < 0 above. Checks: mpmath values for Example 1 (50
// digits), H recomputed from the definition (refCross), and near the ends of
// the interval the distance of H to the end (refDistTop) to 1e-10 relative.
func TestBetaForRate(t *testing.T) {
	lq := naive.Logs(ex1Q)
	f := mustFamily(t, ex1P, lq)
	// The family's interval is (−log(2/3), −log(1/9)) of the float64 q; it
	// agrees with (log 1.5, log 9) to an ulp, and t within 1e-12 of an end
	// must be set from the family's value.
	lo, hi := f.RateInterval()
	if !naive.Within(lo, math.Log(1.5), 3e-16) || !naive.Within(hi, math.Log(9), 3e-16) {
		t.Fatalf("rate interval (%v, %v), want (log 1.5, log 9)", lo, hi)
	}
	h0 := -(0.2*math.Log(2.0/3) + 0.3*math.Log(1.0/9) + 0.5*math.Log(2.0/9)) // H(p‖q)
	mp := map[float64]float64{0.6: 2.3991288339447017055, 1: 1.1382154639928042775, 2: -2.2205894086817841533, 2.19: -7.3064445687874192985}
	for _, rate := range []float64{lo + 1e-12, lo + 1e-6, 0.6, 1, h0, 1.8, 2, 2.19, hi - 1e-6, hi - 1e-12} {
		beta, err := f.BetaForRate(rate)
		if err != nil {
			t.Errorf("t=%.17g: %v", rate, err)
			continue
		}
		switch {
		case rate < h0 && !(beta > 0), rate > h0 && !(beta < 0):
			t.Errorf("t=%.17g: β = %v has the wrong sign (H(p‖q) = %v)", rate, beta, h0)
		case rate == h0 && math.Abs(beta) > 1e-14:
			t.Errorf("t = H(p‖q): β = %v, want 0", beta)
		}
		if want, ok := mp[rate]; ok && !naive.Within(beta, want, tolRel) {
			t.Errorf("t=%g: β = %.17g, want %.17g (mpmath)", rate, beta, want)
		}
		if h := refCross(ex1P, lq, beta); math.Abs(h-rate) > 1e-13*rate {
			t.Errorf("t=%.17g: H(T_β‖q) = %.17g", rate, h)
		}
		if rate-lo < 1e-3 {
			if d := refDistTop(ex1P, lq, beta, true); !naive.Within(d, rate-lo, tolRel) {
				t.Errorf("t = lo + %.3g: E_T[r_max − r] = %.17g", rate-lo, d)
			}
		}
		if hi-rate < 1e-3 {
			if d := refDistTop(ex1P, lq, beta, false); !naive.Within(d, hi-rate, tolRel) {
				t.Errorf("t = hi − %.3g: E_T[r − r_min] = %.17g", hi-rate, d)
			}
		}
	}
	for _, rate := range []float64{lo, hi, lo - 1, hi + 1, 0, math.NaN(), math.Inf(1)} {
		_, err := f.BetaForRate(rate)
		var re *RateRangeError
		if !errors.As(err, &re) || re.Lo != lo || re.Hi != hi {
			t.Errorf("t=%v: err = %v, want *RateRangeError on (%v, %v)", rate, err, lo, hi)
			continue
		}
		if !strings.Contains(err.Error(), "(0.405465108108164") || !strings.Contains(err.Error(), "2.19722457733621") {
			t.Errorf("t=%v: message %q should print the interval (log 1.5, log 9)", rate, err)
		}
	}
}

// TestBetaForRateTies: with ties and zeros the interval is over the support
// of p, and β(t) still solves H = t.
func TestBetaForRateTies(t *testing.T) {
	for _, c := range families[2:] {
		lq := c.lq()
		f := mustFamily(t, c.p, lq)
		lo, hi := f.RateInterval()
		for _, frac := range []float64{1e-9, 0.1, 0.5, 0.9, 1 - 1e-9} {
			rate := lo + frac*(hi-lo)
			beta, err := f.BetaForRate(rate)
			if err != nil {
				t.Errorf("%s t=%g: %v", c.name, rate, err)
				continue
			}
			if h := refCross(c.p, lq, beta); !naive.WithinAbsOrRel(h, rate, 1e-13, 1e-12) {
				t.Errorf("%s t=%.17g: H(T_β‖q) = %.17g", c.name, rate, h)
			}
		}
	}
}
