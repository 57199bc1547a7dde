package bon

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tolerances.
const (
	tol      = 1e-14 // relative: a few roundings through log1p/expm1
	tolKL    = 1e-12 // relative: closed-form KL with mild cancellation
	tolSum   = 1e-12 // |Σπ − 1| (issue: π_N sums to 1 within 1e-12)
	tolExact = 1e-14 // relative, float π_N against exact rationals
)

// tolPow is the relative tolerance for a probability formed as exp(N·log F):
// the exponent carries ~ε·|log π| absolute error, i.e. ~ε·|log π| relative
// error in π (2.7e-14 for (3/10)^200 = 2.7e-105); no float64 method that
// takes real N does better.
func tolPow(want float64) float64 {
	if want <= 0 {
		return tolExact
	}
	return tolExact + 2e-16*math.Abs(math.Log(want))
}

// TestBestOfNExample1Exact: π_N for Example 1 and integer N in exact rational
// arithmetic (ratBestOfN) against the float code. For N = 2 the values are
// also derived by hand: sorted by q the order is 0 (q=2/3), 2 (2/9), 1 (1/9);
// π(0) = 1 − (4/5)² = 9/25, π(2) = (4/5)² − (3/10)² = 11/20, π(1) = (3/10)² = 9/100.
func TestBestOfNExample1Exact(t *testing.T) {
	p := naive.Rats("1/5", "3/10", "1/2")
	q := naive.Rats("2/3", "1/9", "2/9")
	hand := naive.Rats("9/25", "9/100", "11/20")
	if got := ratBestOfN(p, q, 2); got[0].Cmp(hand[0]) != 0 || got[1].Cmp(hand[1]) != 0 || got[2].Cmp(hand[2]) != 0 {
		t.Fatalf("ratBestOfN(N=2) = %v, want %v (by hand)", got, hand)
	}
	lq := naive.Logs(ex1Q)
	for _, n := range []int{1, 2, 3, 4, 5, 10, 50, 200} {
		want := floats(ratBestOfN(p, q, n))
		r := mustBoN(t, ex1P, lq, float64(n))
		for i := range want {
			if !naive.WithinAbsOrRel(r.Pi[i], want[i], 1e-300, tolPow(want[i])) {
				t.Errorf("N=%d: π[%d] = %.17g, want %.17g (exact rational)", n, i, r.Pi[i], want[i])
			}
		}
		// KL and H from the exact π (naive sums: no cancellation here).
		if kl := naive.KL(want, ex1P); !naive.WithinAbsOrRel(r.KL, kl, 1e-16, 1e-13) {
			t.Errorf("N=%d: KL = %.17g, want %.17g", n, r.KL, kl)
		}
		if h := naive.CrossEntropy(want, lq); !naive.Within(r.CrossEntropy, h, 1e-13) || r.ExpectedReward != -r.CrossEntropy {
			t.Errorf("N=%d: H(π‖q) = %.17g, want %.17g", n, r.CrossEntropy, h)
		}
	}
	// mpmath (40 digits) for N = 2: KL(π₂‖p) and H(π₂‖q).
	r := mustBoN(t, ex1P, lq, 2)
	if !naive.Within(r.KL, 0.15566624586780727664, tol) || !naive.Within(r.CrossEntropy, 1.1709602191061496623, tol) {
		t.Errorf("N=2: KL = %.17g, H = %.17g", r.KL, r.CrossEntropy)
	}
}

// TestBestOfNTies: q = (0.3, 0.3, 0.2, 0.2), p = (0.1, 0.2, 0.3, 0.4), ties
// broken uniformly. By hand: the top level {0,1} has mass 0.3 and is chosen
// with probability 1 − 0.7^N; given the level, the symbol is distributed as p
// restricted to it (the chosen candidate is uniform among the tied maxima and
// the candidates are i.i.d. from p). So π = ((1−0.7^N)/3, 2(1−0.7^N)/3,
// (3/7)·0.7^N, (4/7)·0.7^N) for every real N ≥ 1.
func TestBestOfNTies(t *testing.T) {
	p := []float64{0.1, 0.2, 0.3, 0.4}
	q := []float64{0.3, 0.3, 0.2, 0.2}
	lq := naive.Logs(q)
	for _, n := range []float64{1, 2, 3.5, 10, 1000} {
		b := math.Pow(0.7, n)
		want := []float64{(1 - b) / 3, 2 * (1 - b) / 3, 3.0 / 7 * b, 4.0 / 7 * b}
		if n == 1 {
			want = p
		}
		r := mustBoN(t, p, lq, n)
		for i := range want {
			if !naive.WithinAbsOrRel(r.Pi[i], want[i], 1e-300, 1e-13) {
				t.Errorf("N=%g: π[%d] = %.17g, want %.17g", n, i, r.Pi[i], want[i])
			}
		}
	}
	// Exact rationals for N = 2 agree with the hand formula: 0.51/3, 1.02/3, 0.21, 0.28.
	hand := naive.Rats("17/100", "34/100", "21/100", "28/100")
	got := ratBestOfN(naive.Rats("1/10", "2/10", "3/10", "4/10"), naive.Rats("3/10", "3/10", "2/10", "2/10"), 2)
	for i := range hand {
		if got[i].Cmp(hand[i]) != 0 {
			t.Errorf("exact N=2 with ties: π[%d] = %v, want %v", i, got[i], hand[i])
		}
	}
}

// TestBestOfNBinary: K = 2 with distinct q, top symbol 0 of mass a:
//
//	π(top) = 1 − (1−a)^N = −expm1(N·log1p(−a)),  π(bottom) = (1−a)^N,
//	KL(π_N‖p) = π₀·log(π₀/a) + π₁·(N−1)·log1p(−a),
//
// evaluated here with log1p/expm1 so that N = 1e12 against a = 1e-15 is exact
// to rounding. Also KL ≤ log N − (N−1)/N ≤ log N (Lemma 6, Beirami et al.).
func TestBestOfNBinary(t *testing.T) {
	q := []float64{0.7, 0.3}
	lq := naive.Logs(q)
	for _, a := range []float64{0.5, 0.1, 1e-6, 1e-15} {
		p := []float64{a, 1 - a}
		for _, n := range []float64{1, 2, 3.5, 10, 1000, 1e6, 1e12} {
			name := fmt.Sprintf("a=%g/N=%g", a, n)
			l := n * math.Log1p(-a) // log π₁
			pi0, pi1 := -math.Expm1(l), math.Exp(l)
			kl := 0.0
			if pi0 > 0 {
				kl += pi0 * math.Log(pi0/a)
			}
			if pi1 > 0 {
				kl += pi1 * (n - 1) * math.Log1p(-a)
			}
			r := mustBoN(t, p, lq, n)
			// Both sides form π₁ as exp(N log(1−a)): tolPow for each.
			if !naive.WithinAbsOrRel(r.Pi[0], pi0, 1e-300, 2*tolPow(pi0)) || !naive.WithinAbsOrRel(r.Pi[1], pi1, 1e-300, 2*tolPow(pi1)) {
				t.Errorf("%s: π = %v, want (%.17g, %.17g)", name, r.Pi, pi0, pi1)
			}
			if n == 1 {
				if r.KL != 0 {
					t.Errorf("%s: KL(π₁‖p) = %v, want 0", name, r.KL)
				}
			} else if !naive.Within(r.KL, kl, tolKL) {
				t.Errorf("%s: KL = %.17g, want %.17g", name, r.KL, kl)
			}
			bound := math.Log(n) - (n-1)/n
			if !naive.WithinAbsOrRel(r.KLBound, bound, 1e-16, 1e-13) || r.LogN != math.Log(n) || r.N != n {
				t.Errorf("%s: bound %.17g log N %v, want %.17g %v", name, r.KLBound, r.LogN, bound, math.Log(n))
			}
			if !(r.KL <= r.KLBound*(1+1e-14)) || !(r.KLBound <= r.LogN) {
				t.Errorf("%s: KL %v, bound %v, log N %v not ordered", name, r.KL, r.KLBound, r.LogN)
			}
			if h := -(pi0*lq[0] + pi1*lq[1]); !naive.Within(r.CrossEntropy, h, tol) {
				t.Errorf("%s: H(π‖q) = %.17g, want %.17g", name, r.CrossEntropy, h)
			}
		}
	}
}

// TestBestOfNZerosInP: symbols with p = 0 get π = 0 and do not count in the
// order; p = (0, 0.3, 0.7, 0), q = (0.4, 0.2, 0.3, 0.1): on the support the
// top is symbol 2 (mass 0.7), so π = (0, 0.3^N, 1 − 0.3^N, 0).
func TestBestOfNZerosInP(t *testing.T) {
	p := []float64{0, 0.3, 0.7, 0}
	q := []float64{0.4, 0.2, 0.3, 0.1}
	for _, n := range []float64{1, 2, 3.5, 1e6} {
		b := math.Pow(0.3, n)
		want := []float64{0, b, 1 - b, 0}
		if n == 1 {
			want = p
		}
		r := mustBoN(t, p, naive.Logs(q), n)
		for i := range want {
			if !naive.WithinAbsOrRel(r.Pi[i], want[i], 1e-300, 2*tolPow(want[i])) {
				t.Errorf("N=%g: π[%d] = %.17g, want %.17g", n, i, r.Pi[i], want[i])
			}
		}
		// Exact rationals for integer N.
		if n == math.Trunc(n) && n < 100 {
			ex := floats(ratBestOfN(naive.Rats("0", "3/10", "7/10", "0"), naive.Rats("4/10", "2/10", "3/10", "1/10"), int(n)))
			for i := range ex {
				if !naive.WithinAbsOrRel(r.Pi[i], ex[i], 1e-300, tolPow(ex[i])) {
					t.Errorf("N=%g: π[%d] = %.17g, exact %.17g", n, i, r.Pi[i], ex[i])
				}
			}
		}
	}
}

// TestBestOfNTinyQ: q = (1 − 1e-150, 1e-150) given by log q; best-of-N only
// uses the order of q, the reward uses its values:
// H(π‖q) = π₀·1e-150 + π₁·150·log 10 with π₁ = ½^N.
func TestBestOfNTinyQ(t *testing.T) {
	lq := []float64{-1e-150, -150 * math.Ln10}
	for _, n := range []float64{1, 2, 10, 1000} {
		r := mustBoN(t, []float64{0.5, 0.5}, lq, n)
		pi1 := math.Pow(0.5, n)
		if want := (1-pi1)*1e-150 + pi1*150*math.Ln10; !naive.Within(r.CrossEntropy, want, tol) {
			t.Errorf("N=%g: H(π‖q) = %.17g, want %.17g", n, r.CrossEntropy, want)
		}
	}
}

// TestHugeN: N = e^700 given by its log, top mass a = 1e-306:
// π(top) = 1 − (1 − a)^N = −expm1(−N·a·(1 + a/2 + …)) = −expm1(−e^{700 + log a})
// (a² terms are below 1e-600).
func TestHugeN(t *testing.T) {
	a := 1e-306
	s, err := New([]float64{a, 1 - a}, []float64{0, -1})
	if err != nil {
		t.Fatal(err)
	}
	c, err := CountFromLog(700)
	if err != nil {
		t.Fatal(err)
	}
	r := s.BestOfN(c)
	want := -math.Expm1(-math.Exp(700 + math.Log(a)))
	if !naive.Within(r.Pi[0], want, 1e-13) {
		t.Errorf("π(top) = %.17g, want %.17g", r.Pi[0], want)
	}
	if !naive.Within(r.Pi[0]+r.Pi[1], 1, tolSum) {
		t.Errorf("Σπ = %v", r.Pi[0]+r.Pi[1])
	}
	if !naive.Within(r.KLBound, 699, 1e-15) {
		t.Errorf("bound at log N = 700: %v, want 699", r.KLBound)
	}
}

// TestLevelsLogSpace: two levels of masses e^{−3000} and 1 − e^{−3000} (as
// for long sequences), N = e^{2990}. With u = N·e^{−3000} = e^{−10},
// π(top) = 1 − (1 − e^{−3000})^N = −expm1(−u), so the level log-ratios are
// x₀ = log(−expm1(−u)) + 3000 and x₁ = −u (log P₁ = 0 in float64), and
// KL = P₀h(x₀) + P₁h(x₁) = e^{−3000} + π₀(x₀ − 1) + (1 + e^{x₁}(x₁ − 1)).
func TestLevelsLogSpace(t *testing.T) {
	lv := Levels{LogMass: []float64{-3000, 0}, Reward: []float64{0, -1}}
	c, err := CountFromLog(2990)
	if err != nil {
		t.Fatal(err)
	}
	x := lv.LogRatios(c)
	u := math.Exp(-10)
	x0, x1 := math.Log(-math.Expm1(-u))+3000, -u
	if !naive.Within(x[0], x0, 1e-15) || !naive.Within(x[1], x1, 1e-13) {
		t.Errorf("x = %v, want (%.17g, %.17g)", x, x0, x1)
	}
	pi0 := -math.Expm1(-u)
	kl := pi0*(x0-1) + (1 + math.Exp(x1)*(x1-1)) // e^{−3000} underflows
	if got := lv.KL(x); !naive.Within(got, kl, 1e-12) {
		t.Errorf("KL = %.17g, want %.17g", got, kl)
	}
	// E[r] = 0·π₀ + (−1)·π₁ = −(1 − π₀).
	if got, want := lv.ExpectedReward(x), -math.Exp(-u); !naive.Within(got, want, 1e-15) {
		t.Errorf("E[r] = %.17g, want %.17g", got, want)
	}
	// Zero-mass levels get −Inf log-ratio and no mass.
	lz := Levels{LogMass: []float64{math.Log(0.5), math.Inf(-1), math.Log(0.5)}, Reward: []float64{0, -1, -2}}
	for _, n := range []float64{1, 3} {
		cn, _ := NewCount(n)
		xz := lz.LogRatios(cn)
		if !math.IsInf(xz[1], -1) {
			t.Errorf("N=%g: zero-mass level log-ratio %v, want −Inf", n, xz[1])
		}
		if want := 1 - math.Pow(0.5, n); !naive.Within(math.Exp(xz[0])*0.5, want, tol) {
			t.Errorf("N=%g: π(top) = %v, want %v", n, math.Exp(xz[0])*0.5, want)
		}
	}
}

// TestPiOneIsP: π₁ = p (Definition 3).
func TestPiOneIsP(t *testing.T) {
	for _, p := range [][]float64{ex1P, {0.1, 0.2, 0.3, 0.4}, {0, 0.5, 0.5}} {
		q := []float64{0.3, 0.3, 0.2, 0.2}[:len(p)]
		if len(p) == 3 {
			q = ex1Q
		}
		r := mustBoN(t, p, naive.Logs(q), 1)
		for i := range p {
			if r.Pi[i] != p[i] {
				t.Errorf("p=%v: π₁[%d] = %.17g, want p = %.17g", p, i, r.Pi[i], p[i])
			}
		}
		if r.KL != 0 || r.KLBound != 0 || r.LogN != 0 {
			t.Errorf("p=%v: N = 1 gives KL %v bound %v log N %v", p, r.KL, r.KLBound, r.LogN)
		}
	}
}

func TestCountErrors(t *testing.T) {
	for _, n := range []float64{0, 0.999, -1, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := NewCount(n); err == nil || !strings.Contains(err.Error(), "≥ 1") {
			t.Errorf("NewCount(%v): err = %v", n, err)
		}
		if _, err := BestOfN(ex1P, naive.Logs(ex1Q), n); err == nil {
			t.Errorf("BestOfN(N=%v): no error", n)
		}
		if _, err := Compare(ex1P, naive.Logs(ex1Q), n, BudgetExact); err == nil {
			t.Errorf("Compare(N=%v): no error", n)
		}
	}
	for _, l := range []float64{-1e-300, -1, math.NaN(), math.Inf(1)} {
		if _, err := CountFromLog(l); err == nil {
			t.Errorf("CountFromLog(%v): no error", l)
		}
	}
	c, err := NewCount(1)
	if err != nil || c.LogN != 0 || c.N != 1 {
		t.Errorf("NewCount(1) = %+v, %v", c, err)
	}
}

func TestNewErrors(t *testing.T) {
	cases := []struct {
		name    string
		p, logq []float64
		message string
	}{
		{"length", []float64{0.5, 0.5}, []float64{0}, "2 entries"},
		{"negative p", []float64{0.5, -0.5, 1}, []float64{0, 0, 0}, "p[1]"},
		{"NaN log q on support", []float64{0.5, 0.5}, []float64{math.NaN(), 0}, "log q[0]"},
		{"−Inf log q on support", []float64{0.5, 0.5}, []float64{0, math.Inf(-1)}, "log q[1]"},
		{"no support", []float64{0, 0}, []float64{0, 0}, "no positive entry"},
	}
	for _, c := range cases {
		if _, err := New(c.p, c.logq); err == nil || !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.message)
		}
	}
	// −Inf where p = 0 is fine.
	if _, err := New([]float64{0, 1}, []float64{math.Inf(-1), 0}); err != nil {
		t.Errorf("log q = −Inf off the support: %v", err)
	}
}

// TestSelectorLevels: levels are sorted by strictly decreasing reward, ties
// merged, zero-p symbols dropped, masses normalised (Σ exp = 1).
func TestSelectorLevels(t *testing.T) {
	s, err := New([]float64{0.1, 0.2, 0, 0.3, 0.4}, naive.Logs([]float64{0.2, 0.3, 0.9, 0.3, 0.2}))
	if err != nil {
		t.Fatal(err)
	}
	lv := s.Levels()
	wantR := naive.Logs([]float64{0.3, 0.2})
	wantM := []float64{0.5, 0.5}
	if len(lv.Reward) != 2 || lv.Reward[0] != wantR[0] || lv.Reward[1] != wantR[1] {
		t.Fatalf("levels %v, want rewards %v", lv.Reward, wantR)
	}
	for j := range wantM {
		if !naive.Within(math.Exp(lv.LogMass[j]), wantM[j], 1e-15) {
			t.Errorf("level %d mass %v, want %v", j, math.Exp(lv.LogMass[j]), wantM[j])
		}
	}
	if !naive.Within(s.DeltaMax(), math.Ln2, 1e-15) || s.Family().K() != 2 {
		t.Errorf("delta_max %v (want log 2), family K %d (want 2 levels)", s.DeltaMax(), s.Family().K())
	}
	if _, err := ParseBudget("nope"); err == nil {
		t.Error("ParseBudget(nope): no error")
	}
	for _, b := range []Budget{BudgetExact, BudgetBound, BudgetLogN} {
		if got, err := ParseBudget(b.String()); err != nil || got != b {
			t.Errorf("ParseBudget(%q) = %v, %v", b.String(), got, err)
		}
	}
}

// TestBestOfNThreeLevelsHugeN: tails of 1e-15 and 1e-13 at N = 1e12, where
// F^N must come from upper-tail sums (issue, item 3). With a = 1e-15 on the
// top level and b = 1e-13 on the middle one:
// π₀ = 1 − (1−a)^N, π₁ = (1−a)^N − (1−a−b)^N, π₂ = (1−a−b)^N, each
// (1−x)^N = exp(N·log1p(−x)) (π₁ as a product, see below: the difference of
// two numbers near 1 would lose 1e-9 relative at N = 1e6).
func TestBestOfNThreeLevelsHugeN(t *testing.T) {
	a, b := 1e-15, 1e-13
	p := []float64{a, b, 1 - a - b}
	lq := []float64{-0.1, -1, -2}
	for _, n := range []float64{1e6, 1e12, 1e14} {
		ua := math.Exp(n * math.Log1p(-a))
		uab := math.Exp(n * math.Log1p(-(a + b)))
		// π₁ = (1−a)^N·(1 − ((1−a−b)/(1−a))^N), formed without cancellation.
		pi1 := ua * -math.Expm1(n*(math.Log1p(-(a+b))-math.Log1p(-a)))
		want := []float64{-math.Expm1(n * math.Log1p(-a)), pi1, uab}
		r := mustBoN(t, p, lq, n)
		for i := range want {
			if !naive.WithinAbsOrRel(r.Pi[i], want[i], 1e-300, 1e-12) {
				t.Errorf("N=%g: π[%d] = %.17g, want %.17g", n, i, r.Pi[i], want[i])
			}
		}
	}
}
