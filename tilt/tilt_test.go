package tilt

import (
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tolerances.
const (
	tol    = 1e-13 // relative: closed forms through exp/log of O(10) arguments
	tolAbs = 1e-15 // absolute floor for quantities that may be ~0
)

// TestTiltBinaryClosedForm: for p = (a, 1−a), q = (b, 1−b),
//
//	φ₀ = a b^α / (a b^α + (1−a)(1−b)^α) = 1 / (1 + ((1−a)/a)·((1−b)/b)^α),
//
// and symmetrically for φ₁ (each evaluated in the form that keeps a tiny
// value accurate). KL, H(φ‖q), Var_φ(log q) = φ₀φ₁(log b − log(1−b))² and
// log Z follow from φ.
func TestTiltBinaryClosedForm(t *testing.T) {
	for _, ab := range [][2]float64{{0.2, 0.7}, {0.5, 0.9}, {0.9, 0.4}, {1e-6, 0.6}, {0.3, 1e-6}} {
		a, b := ab[0], ab[1]
		p := []float64{a, 1 - a}
		q := []float64{b, 1 - b}
		lq := naive.Logs(q)
		f := mustFamily(t, p, lq)
		for _, alpha := range []float64{-20, -3, -1, -0.5, 0, 1e-8, 0.5, 1, 2, 10, 100} {
			d := lq[1] - lq[0] // log((1−b)/b)
			phi0 := 1 / (1 + (1-a)/a*math.Exp(alpha*d))
			phi1 := 1 / (1 + a/(1-a)*math.Exp(-alpha*d))
			// log Z = log(a b^α + (1−a)(1−b)^α), by log-add-exp.
			x, y := math.Log(a)+alpha*lq[0], math.Log(1-a)+alpha*lq[1]
			logZ := math.Max(x, y) + math.Log1p(math.Exp(-math.Abs(x-y)))
			l0, l1 := alpha*lq[0]-logZ, alpha*lq[1]-logZ
			kl := phi0*l0 + phi1*l1
			h := -(phi0*lq[0] + phi1*lq[1])
			v := phi0 * phi1 * d * d

			got := f.Tilt(alpha)
			if !naive.Within(got[0], phi0, tol) || !naive.Within(got[1], phi1, tol) {
				t.Errorf("a=%g b=%g α=%g: Tilt = %v, want (%.17g, %.17g)", a, b, alpha, got, phi0, phi1)
			}
			if g2 := Tilt(q, p, alpha); !naive.Within(g2[0], phi0, tol) || !naive.Within(g2[1], phi1, tol) {
				t.Errorf("a=%g b=%g α=%g: Tilt(q,p,α) = %v, want (%.17g, %.17g)", a, b, alpha, g2, phi0, phi1)
			}
			pt := f.At(alpha)
			// The closed-form KL loses ~1e-16·α·|d| absolute to cancellation.
			klAbs := 1e-15 * (1 + math.Abs(alpha*d))
			if !naive.WithinAbsOrRel(pt.KL, kl, klAbs, 1e-12) {
				t.Errorf("a=%g b=%g α=%g: KL = %.17g, want %.17g", a, b, alpha, pt.KL, kl)
			}
			if !naive.WithinAbsOrRel(pt.CrossEntropy, h, tolAbs, tol) || pt.ExpectedReward != -pt.CrossEntropy {
				t.Errorf("a=%g b=%g α=%g: H = %.17g (reward %.17g), want %.17g", a, b, alpha, pt.CrossEntropy, pt.ExpectedReward, h)
			}
			if !naive.WithinAbsOrRel(pt.Variance, v, 1e-300, 1e-12) {
				t.Errorf("a=%g b=%g α=%g: Var = %.17g, want %.17g", a, b, alpha, pt.Variance, v)
			}
			if !naive.WithinAbsOrRel(pt.LogZ, logZ, tolAbs, tol) {
				t.Errorf("a=%g b=%g α=%g: log Z = %.17g, want %.17g", a, b, alpha, pt.LogZ, logZ)
			}
			lr := f.LogRatio(alpha)
			if !naive.WithinAbsOrRel(lr[0], l0, 1e-14*(1+math.Abs(alpha*d)), tol) || !naive.WithinAbsOrRel(lr[1], l1, 1e-14*(1+math.Abs(alpha*d)), tol) {
				t.Errorf("a=%g b=%g α=%g: LogRatio = %v, want (%.17g, %.17g)", a, b, alpha, lr, l0, l1)
			}
		}
	}
}

// TestTiltExample1Exact: for Example 1 the tilt at integer α is rational:
// α = 1: p·q = (2/15, 1/30, 1/9), sum 5/18, so φ = (12/25, 3/25, 2/5);
// α = 2: p·q² = (72, 3, 20)/810, so φ = (72, 3, 20)/95;
// α = −1: p/q = (3/10, 27/10, 9/4), sum 21/4, so φ = (2/35, 18/35, 3/7);
// α = 0: φ = p.
func TestTiltExample1Exact(t *testing.T) {
	f := mustFamily(t, ex1P, naive.Logs(ex1Q))
	cases := []struct {
		alpha float64
		want  []float64
	}{
		{0, []float64{0.2, 0.3, 0.5}},
		{1, []float64{12.0 / 25, 3.0 / 25, 2.0 / 5}},
		{2, []float64{72.0 / 95, 3.0 / 95, 20.0 / 95}},
		{-1, []float64{2.0 / 35, 18.0 / 35, 3.0 / 7}},
	}
	for _, c := range cases {
		got := f.Tilt(c.alpha)
		for i := range c.want {
			if !naive.Within(got[i], c.want[i], 1e-15) {
				t.Errorf("α=%g: φ[%d] = %.17g, want %.17g", c.alpha, i, got[i], c.want[i])
			}
		}
	}
}

// TestLemma9: T(q, T(q,p,α), β) = T(q, p, α+β) (Lemma 9 of the paper).
func TestLemma9(t *testing.T) {
	lq := naive.Logs(ex1Q)
	f := mustFamily(t, ex1P, lq)
	for _, ab := range [][2]float64{{1, 1}, {0.5, -2}, {3, 4.5}, {-1, 0.25}, {2.5, -2.5}} {
		inner := f.Tilt(ab[0])
		g := mustFamily(t, inner, lq)
		got := g.Tilt(ab[1])
		want := f.Tilt(ab[0] + ab[1])
		for i := range want {
			if !naive.Within(got[i], want[i], 1e-13) {
				t.Errorf("α=%g β=%g: T(q,T(q,p,α),β)[%d] = %.17g, T(q,p,α+β) = %.17g", ab[0], ab[1], i, got[i], want[i])
			}
		}
	}
}

// TestLimitsAndDeltaMax: delta_max = −log P_p(S), S = argmax of q over the
// support of p, ties included (Lemma 1 discussion); T_{+∞} = p|S and
// T_{−∞} = p|argmin, derived by hand for each case.
func TestLimitsAndDeltaMax(t *testing.T) {
	cases := []struct {
		name             string
		p, q             []float64
		dmax, dmin       float64
		lo, hi           float64 // rate interval (−log max q, −log min q) over supp p
		plusInf, minInf  []float64
		plusKL, minusKL  float64
		plusRew, minusRw float64
	}{
		{
			name: "example 1", p: ex1P, q: ex1Q,
			dmax: math.Log(5), dmin: math.Log(10.0 / 3),
			lo: math.Log(1.5), hi: math.Log(9),
			plusInf: []float64{1, 0, 0}, minInf: []float64{0, 1, 0},
			plusKL: math.Log(5), minusKL: math.Log(10.0 / 3),
			plusRew: math.Log(2.0 / 3), minusRw: math.Log(1.0 / 9),
		},
		{
			// Ties: S = {0,1} with P_p(S) = 0.3; argmin = {2,3} with mass 0.7.
			name: "ties", p: []float64{0.1, 0.2, 0.3, 0.4}, q: []float64{0.3, 0.3, 0.2, 0.2},
			dmax: -math.Log(0.3), dmin: -math.Log(0.7),
			lo: -math.Log(0.3), hi: -math.Log(0.2),
			plusInf: []float64{1.0 / 3, 2.0 / 3, 0, 0}, minInf: []float64{0, 0, 3.0 / 7, 4.0 / 7},
			plusKL: -math.Log(0.3), minusKL: -math.Log(0.7),
			plusRew: math.Log(0.3), minusRw: math.Log(0.2),
		},
		{
			// p = 0 on q's argmax: S is the argmax over the support = {1}.
			name: "zero in p", p: []float64{0, 0.5, 0.5}, q: []float64{0.5, 0.3, 0.2},
			dmax: math.Ln2, dmin: math.Ln2,
			lo: -math.Log(0.3), hi: -math.Log(0.2),
			plusInf: []float64{0, 1, 0}, minInf: []float64{0, 0, 1},
			plusKL: math.Ln2, minusKL: math.Ln2,
			plusRew: math.Log(0.3), minusRw: math.Log(0.2),
		},
	}
	for _, c := range cases {
		f := mustFamily(t, c.p, naive.Logs(c.q))
		if f.K() != len(c.p) {
			t.Errorf("%s: K = %d", c.name, f.K())
		}
		if !naive.Within(f.DeltaMax(), c.dmax, 1e-15) || !naive.Within(f.DeltaMin(), c.dmin, 1e-15) {
			t.Errorf("%s: delta_max = %.17g, DeltaMin = %.17g; want %.17g, %.17g", c.name, f.DeltaMax(), f.DeltaMin(), c.dmax, c.dmin)
		}
		lo, hi := f.RateInterval()
		if !naive.Within(lo, c.lo, 1e-15) || !naive.Within(hi, c.hi, 1e-15) {
			t.Errorf("%s: rate interval (%v, %v), want (%v, %v)", c.name, lo, hi, c.lo, c.hi)
		}
		for _, lim := range []struct {
			alpha     float64
			phi       []float64
			kl, rewrd float64
		}{{math.Inf(1), c.plusInf, c.plusKL, c.plusRew}, {math.Inf(-1), c.minInf, c.minusKL, c.minusRw}} {
			phi := f.Tilt(lim.alpha)
			for i := range phi {
				if !naive.Within(phi[i], lim.phi[i], 1e-15) {
					t.Errorf("%s: T_%v = %v, want %v", c.name, lim.alpha, phi, lim.phi)
					break
				}
			}
			pt := f.At(lim.alpha)
			if !naive.Within(pt.KL, lim.kl, 1e-15) || !naive.Within(pt.ExpectedReward, lim.rewrd, 1e-15) || pt.CrossEntropy != -pt.ExpectedReward {
				t.Errorf("%s: At(%v) = %+v, want KL %v, reward %v", c.name, lim.alpha, pt, lim.kl, lim.rewrd)
			}
			lr := f.LogRatio(lim.alpha)
			for i := range lr {
				want := math.Inf(-1)
				if lim.phi[i] > 0 {
					want = math.Log(lim.phi[i] / c.p[i])
				} else if c.p[i] == 0 {
					want = 0
				}
				if !(lr[i] == want || naive.Within(lr[i], want, 1e-14)) {
					t.Errorf("%s: LogRatio(%v)[%d] = %v, want %v", c.name, lim.alpha, i, lr[i], want)
				}
			}
		}
		if pt := f.At(math.Inf(1)); pt.Gap != 0 {
			t.Errorf("%s: gap at α = +Inf is %v, want 0", c.name, pt.Gap)
		}
	}
}

// TestTinyQ: q entries of 1e-150 given through log q = −150·log 10 (≈ −345).
// With p = (½, ½) and log q = (−1e-150, −150 log 10), the binary closed form
// gives φ₁ = 1/(1 + e^{α·150 log 10}) = 1e-150^α/(1 + 1e-150^α).
func TestTinyQ(t *testing.T) {
	l := -150 * math.Ln10
	lq := []float64{-1e-150, l}
	f := mustFamily(t, []float64{0.5, 0.5}, lq)
	for _, alpha := range []float64{0.5, 1, 2} {
		want := 1 / (1 + math.Exp(-alpha*l))
		if got := f.Tilt(alpha)[1]; !naive.Within(got, want, 1e-13) {
			t.Errorf("α=%g: φ₁ = %.17g, want %.17g", alpha, got, want)
		}
		// H(φ‖q) = −φ₀·(−1e-150) − φ₁·l: both terms matter (1e-150 vs 3.45e-148·…).
		phi0 := 1 / (1 + math.Exp(alpha*l))
		if got, want := f.At(alpha).CrossEntropy, phi0*1e-150-want*l; !naive.Within(got, want, 1e-13) {
			t.Errorf("α=%g: H(φ‖q) = %.17g, want %.17g", alpha, got, want)
		}
	}
	// α = −1: the tilt moves to the tiny entry, φ₀ = 1/(1 + 1e150).
	if got, want := f.Tilt(-1)[0], 1/(1+math.Exp(-l)); !naive.Within(got, want, 1e-13) {
		t.Errorf("α=−1: φ₀ = %.17g, want %.17g", got, want)
	}
}

func TestNewFamilyErrors(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name    string
		p, logq []float64
		message string
	}{
		{"length", []float64{0.5, 0.5}, []float64{0}, "2 entries"},
		{"negative p", []float64{-0.5, 1.5}, []float64{0, 0}, "p[0]"},
		{"NaN p", []float64{nan, 1}, []float64{0, 0}, "p[0]"},
		{"no support", []float64{0, 0}, []float64{0, 0}, "no positive entry"},
		{"infinite log q on support", []float64{0.5, 0.5}, []float64{0, math.Inf(-1)}, "log q[1]"},
		{"NaN log q on support", []float64{0.5, 0.5}, []float64{nan, 0}, "log q[0]"},
	}
	for _, c := range cases {
		_, err := NewFamily(c.p, c.logq)
		if err == nil || !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.message)
		}
	}
	// −Inf log q is allowed off the support of p.
	if _, err := NewFamily([]float64{0, 0.5, 0.5}, []float64{math.Inf(-1), -1, -2}); err != nil {
		t.Errorf("log q = −Inf where p = 0: %v", err)
	}
}

func TestTiltPanicsOnBadInput(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Tilt with a length mismatch did not panic")
		}
	}()
	Tilt([]float64{0.5, 0.5}, []float64{1}, 1)
}
