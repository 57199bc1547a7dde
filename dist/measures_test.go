package dist

import (
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tolerances, relative to the expected value unless stated.
const (
	tol      = 1e-14 // closed forms evaluated with a handful of correctly rounded logs
	tolSmall = 1e-12 // values near 0 whose truth is a truncated series
)

// Example 1 of the paper.
var (
	ex1P = []float64{0.2, 0.3, 0.5}
	ex1Q = []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

func TestKL(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		a, b []float64
		want float64
	}{
		// KL(p‖q) for Example 1: p/q = (3/10, 27/10, 9/4) exactly.
		{"example 1 KL(p‖q)", ex1P, ex1Q, 0.2*math.Log(0.3) + 0.3*math.Log(2.7) + 0.5*math.Log(2.25)},
		// and the other way round: q/p = (10/3, 10/27, 4/9).
		{"example 1 KL(q‖p)", ex1Q, ex1P, 2.0/3*math.Log(10.0/3) + 1.0/9*math.Log(10.0/27) + 2.0/9*math.Log(4.0/9)},
		{"identical", ex1P, ex1P, 0},
		// Binary closed form a log(a/b) + (1−a) log((1−a)/(1−b)).
		{"binary 0.1 vs 0.4", []float64{0.1, 0.9}, []float64{0.4, 0.6}, 0.1*math.Log(0.25) + 0.9*math.Log(1.5)},
		// Zeros in a contribute 0: KL((½,½,0)‖(¼,¼,½)) = log 2.
		{"zero in a", []float64{0.5, 0.5, 0}, []float64{0.25, 0.25, 0.5}, math.Ln2},
		// Point mass: KL(δ_0‖b) = −log b_0.
		{"point mass", []float64{1, 0, 0}, ex1P, -math.Log(0.2)},
		// a > 0 where b = 0.
		{"outside support", []float64{0.5, 0.5}, []float64{1, 0}, inf},
		// Atoms of 1e-300 next to an atom 1 (equal exact sums): only the tiny
		// terms contribute, 2e-300·log 2 + 0.5e-300·log(1/3) ≈ 8.4e-301.
		{"tiny atoms", []float64{1, 2e-300, 0.5e-300}, []float64{1, 1e-300, 1.5e-300},
			2e-300*math.Ln2 + 0.5e-300*math.Log(1.0/3)},
	}
	for _, c := range cases {
		got := KL(c.a, c.b)
		if !naive.WithinAbsOrRel(got, c.want, 0, tol) {
			t.Errorf("%s: KL = %.17g, want %.17g", c.name, got, c.want)
		}
		// KLLog starts from rounded logs: an error of |log a|·ε in each log
		// (690·1.1e-16 for atoms of 1e-300) becomes a relative error of the
		// log-ratio, hence the looser tolerance.
		if gl := KLLog(naive.Logs(c.a), naive.Logs(c.b)); !naive.WithinAbsOrRel(gl, c.want, 0, 1e-12) {
			t.Errorf("%s: KLLog = %.17g, want %.17g", c.name, gl, c.want)
		}
	}
}

// TestKLNearZero: a = (½ + d, ½ − d), b = (½, ½). With u = 2d,
// KL = ½[(1+u)log(1+u) + (1−u)log(1−u)] = Σ_{k≥1} u^{2k}/((2k)(2k−1)),
// so KL = u²/2 + u⁴/12 + u⁶/30 + …; the naive Σ a log(a/b) would lose all
// relative accuracy at d = 1e-9.
func TestKLNearZero(t *testing.T) {
	for _, d0 := range []float64{1e-4, 1e-6, 1e-9, 1e-12} {
		a0 := 0.5 + d0
		d := a0 - 0.5 // exact (Sterbenz); 0.5 − d is exact too
		a := []float64{a0, 0.5 - d}
		u := 2 * d
		want := u*u/2 + u*u*u*u/12 + math.Pow(u, 6)/30
		if got := KL(a, []float64{0.5, 0.5}); !naive.Within(got, want, tolSmall) {
			t.Errorf("d=%g: KL = %.17g, want %.17g (series)", d, got, want)
		}
		if got := KLLog(naive.Logs(a), naive.Logs([]float64{0.5, 0.5})); !naive.Within(got, want, 1e-7) {
			// KLLog starts from rounded logs: log(½ ± d) carries ~1e-16 absolute
			// error, i.e. ~1e-16/d relative error in the log-ratio.
			t.Errorf("d=%g: KLLog = %.17g, want %.17g (series)", d, got, want)
		}
	}
}

// TestKLLogHuge: atoms given only as logs, far below the float64 range.
// a = (1 − ε, ε) and b = (1 − ε', ε') with log ε = −4000, log ε' = −4001:
// KL = ε·(log ε − log ε') + (1−ε)log((1−ε)/(1−ε')) ≈ ε·1 − ε + ε' = e^{−4001}
// which underflows to 0; but with log ε = −700, log ε' = −701 it is
// e^{−700} + (e^{−701} − e^{−700}) + O(ε²) = e^{−701} to full precision.
func TestKLLogHuge(t *testing.T) {
	la := []float64{-math.Exp(-700), -700}
	lb := []float64{-math.Exp(-701), -701}
	want := math.Exp(-701)
	if got := KLLog(la, lb); !naive.Within(got, want, 1e-13) {
		t.Errorf("KLLog = %.17g, want e^-701 = %.17g", got, want)
	}
	la = []float64{0, -4000}
	lb = []float64{0, -4001}
	if got := KLLog(la, lb); got != 0 || math.IsNaN(got) {
		t.Errorf("KLLog with atoms e^-4000 = %v, want 0 (underflow, no NaN)", got)
	}
	if got := KLLog([]float64{0, math.Inf(-1)}, []float64{math.Inf(-1), 0}); !math.IsInf(got, 1) {
		t.Errorf("KLLog outside support = %v, want +Inf", got)
	}
}

func TestCrossEntropyEntropy(t *testing.T) {
	ninf := math.Inf(-1)
	cases := []struct {
		name    string
		p, logq []float64
		want    float64
	}{
		// H(p‖q) = −Σ p log q for Example 1: −(0.2 log(2/3) + 0.3 log(1/9) + 0.5 log(2/9)).
		{"example 1", ex1P, naive.Logs(ex1Q), -(0.2*math.Log(2.0/3) + 0.3*math.Log(1.0/9) + 0.5*math.Log(2.0/9))},
		{"p zero where q zero", []float64{0.5, 0.5, 0}, []float64{math.Log(0.5), math.Log(0.5), ninf}, math.Ln2},
		{"p > 0 where q = 0", []float64{0.5, 0.5}, []float64{0, ninf}, math.Inf(1)},
		// q = 1e-150 given by its log: H = ½·150·log 10 + ½·(−log(1 − 1e-150)) = 75 log 10.
		{"q = 1e-150 via log", []float64{0.5, 0.5}, []float64{-1e-150, -150 * math.Ln10}, 75 * math.Ln10},
	}
	for _, c := range cases {
		if got := CrossEntropy(c.p, c.logq); !naive.WithinAbsOrRel(got, c.want, 0, tol) {
			t.Errorf("%s: CrossEntropy = %.17g, want %.17g", c.name, got, c.want)
		}
	}
	// H(p) = H(p‖p); H(uniform K) = log K; H(point mass) = 0.
	ent := []struct {
		name string
		p    []float64
		want float64
	}{
		{"example 1 p", ex1P, -(0.2*math.Log(0.2) + 0.3*math.Log(0.3) + 0.5*math.Log(0.5))},
		{"uniform 4", []float64{0.25, 0.25, 0.25, 0.25}, math.Log(4)},
		{"point mass", []float64{0, 1, 0}, 0},
	}
	for _, c := range ent {
		if got := Entropy(c.p); !naive.WithinAbsOrRel(got, c.want, 0, tol) {
			t.Errorf("%s: Entropy = %.17g, want %.17g", c.name, got, c.want)
		}
		if got := CrossEntropy(c.p, naive.Logs(c.p)); !naive.WithinAbsOrRel(got, c.want, 0, tol) {
			t.Errorf("%s: H(p‖p) = %.17g, want %.17g", c.name, got, c.want)
		}
	}
}

// TestRenyiCrossEntropy checks Definition 5 against its closed form
// 1/(1−t)·log Σ p q^{t−1} (no cancellation for these t), the mpmath values
// (40 digits, testdata/mpmath/unit_refs.py) for Example 1, and the special
// cases.
func TestRenyiCrossEntropy(t *testing.T) {
	lq := naive.Logs(ex1Q)
	closed := func(tt float64) float64 {
		s := 0.0
		for i := range ex1P {
			s += ex1P[i] * math.Pow(ex1Q[i], tt-1)
		}
		return math.Log(s) / (1 - tt)
	}
	cases := []struct {
		name    string
		t, want float64
	}{
		{"t=0.5 mpmath", 0.5, 1.5820074549253169581},
		{"t=2 mpmath", 2, 1.2809338454620643176},
		{"t=3 mpmath", 3, 1.0715786780329718075},
		{"t=1e-3 mpmath", 1e-3, 1.6580885047859077686},
		{"t=1 is H(p‖q) (mpmath)", 1, 1.4922990932106357279},
		// H_2(p‖q) = −log Σ p q = −log(2/15 + 1/30 + 1/9) = −log(5/18).
		{"t=2 closed", 2, -math.Log(5.0 / 18)},
		{"t=4 closed", 4, closed(4)},
		{"t=0.25 closed", 0.25, closed(0.25)},
		{"t=30 closed", 30, closed(30)},
	}
	for _, c := range cases {
		if got := RenyiCrossEntropy(ex1P, lq, c.t); !naive.Within(got, c.want, tol) {
			t.Errorf("%s: H_%g = %.17g, want %.17g", c.name, c.t, got, c.want)
		}
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if got := RenyiCrossEntropy(ex1P, lq, bad); !math.IsNaN(got) {
			t.Errorf("H_%v = %v, want NaN", bad, got)
		}
	}
}

// TestRenyiContinuityAtOne: with s = t − 1, H_t = −(1/s)·K(s) where K is the
// cumulant generating function of log q under p, so
// H_t = H − s·σ²/2 − s²·κ₃/6 + O(s³) (σ², κ₃ the 2nd and 3rd central moments
// of log q under p). At |s| ≤ 1e-6 the O(s³) term is below 1e-18.
func TestRenyiContinuityAtOne(t *testing.T) {
	lq := naive.Logs(ex1Q)
	var mu, v, k3 float64
	for i, p := range ex1P {
		mu += p * lq[i]
	}
	for i, p := range ex1P {
		d := lq[i] - mu
		v += p * d * d
		k3 += p * d * d * d
	}
	h := -mu
	for _, s := range []float64{1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6} {
		want := h - s*v/2 - s*s*k3/6
		if got := RenyiCrossEntropy(ex1P, lq, 1+s); !naive.Within(got, want, tol) {
			t.Errorf("t = 1%+g: H_t = %.17g, want %.17g (cumulant expansion)", s, got, want)
		}
	}
}

// TestLogMGF checks log Σ p e^{s x} against closed forms: the binary case
// log(a e^{s x₀} + (1−a) e^{s x₁}) computed relative to the larger exponent,
// the cumulant expansion for tiny s, and the support and −Inf conventions.
func TestLogMGF(t *testing.T) {
	p := []float64{0.25, 0.75}
	x := []float64{-2, 3}
	binary := func(s float64) float64 {
		// log(¼e^{−2s} + ¾e^{3s}); pull out the larger exponent.
		a, b := math.Log(0.25)-2*s, math.Log(0.75)+3*s
		if a < b {
			a, b = b, a
		}
		return a + math.Log1p(math.Exp(b-a))
	}
	for _, s := range []float64{-50, -3, -0.5, 0.1, 0.5, 2, 40, 300} {
		if got := LogMGF(p, x, s); !naive.Within(got, binary(s), tol) {
			t.Errorf("LogMGF(s=%g) = %.17g, want %.17g", s, got, binary(s))
		}
	}
	// Tiny s: K(s) = sμ + s²σ²/2 + s³κ₃/6 + …; μ = 1.75, σ² = 4.6875,
	// κ₃ = Σp(x−μ)³ = ¼(−3.75)³ + ¾(1.25)³ = −11.71875.
	for _, s := range []float64{1e-12, -1e-9, 1e-6} {
		want := s*1.75 + s*s*4.6875/2 - s*s*s*11.71875/6
		if got := LogMGF(p, x, s); !naive.Within(got, want, tol) {
			t.Errorf("LogMGF(s=%g) = %.17g, want %.17g (cumulants)", s, got, want)
		}
	}
	if got := LogMGF(p, x, 0); got != 0 {
		t.Errorf("LogMGF(s=0) = %v, want 0", got)
	}
	// Off the support of p, x does not matter, even −Inf.
	if got, want := LogMGF([]float64{0, 0.25, 0.75}, []float64{math.Inf(-1), -2, 3}, 2), binary(2); !naive.Within(got, want, tol) {
		t.Errorf("LogMGF with p=0 at x=−Inf = %v, want %v", got, want)
	}
	// x = −Inf on the support: contributes 0 for s > 0, +Inf for s < 0.
	pz := []float64{0.5, 0.5}
	xz := []float64{math.Inf(-1), 1}
	if got, want := LogMGF(pz, xz, 2), math.Log(0.5)+2; !naive.Within(got, want, tol) {
		t.Errorf("LogMGF with x=−Inf, s>0 = %v, want %v", got, want)
	}
	if got := LogMGF(pz, xz, -2); !math.IsInf(got, 1) {
		t.Errorf("LogMGF with x=−Inf, s<0 = %v, want +Inf", got)
	}
}

// TestScaledCumulant checks Lemma 3 for a fixed φ: (1/ρ) log E_φ[q^ρ], computed
// here naively as (1/ρ)·log Σ φ q^ρ, equals ScaledCumulant and
// −RenyiCrossEntropy(1+ρ); at ρ = 0 both are E_φ[log q] = −H(φ‖q).
func TestScaledCumulant(t *testing.T) {
	phi := []float64{0.6, 0.1, 0.3}
	lq := naive.Logs(ex1Q)
	for _, rho := range []float64{0.25, 0.5, 1, 2, 5, -0.5} {
		s := 0.0
		for i := range phi {
			s += phi[i] * math.Pow(ex1Q[i], rho)
		}
		want := math.Log(s) / rho
		if got := ScaledCumulant(phi, lq, rho); !naive.Within(got, want, tol) {
			t.Errorf("ρ=%g: ScaledCumulant = %.17g, want %.17g", rho, got, want)
		}
		if got := -RenyiCrossEntropy(phi, lq, 1+rho); !naive.Within(got, want, tol) {
			t.Errorf("ρ=%g: −H_{1+ρ} = %.17g, want %.17g (Lemma 3)", rho, got, want)
		}
	}
	want := 0.6*math.Log(2.0/3) + 0.1*math.Log(1.0/9) + 0.3*math.Log(2.0/9)
	if got := ScaledCumulant(phi, lq, 0); !naive.Within(got, want, tol) {
		t.Errorf("ρ=0: ScaledCumulant = %.17g, want E_φ[log q] = %.17g", got, want)
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"KL":           func() { KL([]float64{1}, []float64{0.5, 0.5}) },
		"KLLog":        func() { KLLog([]float64{0}, []float64{0, 0}) },
		"CrossEntropy": func() { CrossEntropy([]float64{1}, []float64{0, 0}) },
		"LogMGF":       func() { LogMGF([]float64{1}, []float64{0, 0}, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with mismatched lengths did not panic", name)
				}
			}()
			f()
		}()
	}
}
