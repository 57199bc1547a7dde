package xmath

import (
	"errors"
	"math"
	"math/big"
	"testing"
)

// Tolerances, relative unless stated.
const (
	tolULP = 4e-16 // a few ulps: kernels that claim full accuracy
	tol    = 1e-14 // compositions of a few correctly rounded operations
)

func within(got, want, rel float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// ratSeries returns Σ_{n=from}^{to} c(n)·xⁿ/n! (fact) or Σ c(n)·xⁿ (!fact),
// in exact rational arithmetic, rounded once to float64. The upper limit is
// lowered for tiny |x| to the n where |x|ⁿ⁻ᶠʳᵒᵐ < 1e-40 (the later terms
// cannot affect the float64 result; exact powers of 1e-300 are expensive).
func ratSeries(x float64, from, to int, fact bool, c func(n int) *big.Rat) float64 {
	if ax := math.Abs(x); ax < 0.5 && ax > 0 {
		if need := from + int(math.Ceil(40*math.Ln10/-math.Log(ax))) + 1; need < to {
			to = need
		}
	}
	xr := new(big.Rat).SetFloat64(x)
	pow := big.NewRat(1, 1)
	nf := big.NewRat(1, 1)
	sum := new(big.Rat)
	for n := 1; n <= to; n++ {
		pow.Mul(pow, xr)
		if fact {
			nf.Mul(nf, big.NewRat(int64(n), 1))
		}
		if n < from {
			continue
		}
		t := new(big.Rat).Mul(pow, c(n))
		if fact {
			t.Quo(t, nf)
		}
		sum.Add(sum, t)
	}
	f, _ := sum.Float64()
	return f
}

// TestKLKernelSeries compares h(x) = 1 + eˣ(x − 1) with its Taylor series
// Σ_{n≥2} (n−1)xⁿ/n! summed exactly in big.Rat (60 terms: the truncation error
// is below x⁶¹/61! < 1e-80 for |x| ≤ 1).
func TestKLKernelSeries(t *testing.T) {
	for _, x := range []float64{1e-300, -1e-300, 1e-20, -1e-20, 1e-8, -1e-8, 1e-3, -1e-3, 0.1, -0.1, 0.3, -0.3, 0.4999, -0.4999, 0.5, -0.5, 0.75, -0.75, 1, -1} {
		want := ratSeries(x, 2, 60, true, func(n int) *big.Rat { return big.NewRat(int64(n-1), 1) })
		if got := KLKernel(x); !within(got, want, tolULP) {
			t.Errorf("KLKernel(%g) = %.17g, want %.17g (exact series), rel err %.2g", x, got, want, math.Abs(got-want)/want)
		}
	}
}

// TestKLKernelLarge checks h at large |x| against the closed form and the
// special values documented (h(−Inf) = 1, h(+Inf) = +Inf, h(0) = 0).
func TestKLKernelLarge(t *testing.T) {
	cases := []struct{ x, want float64 }{
		{0, 0},
		{math.Inf(-1), 1},
		{math.Inf(1), math.Inf(1)},
		{-800, 1},                               // 1 + e^-800·(−801) rounds to 1
		{-40, 1 - 41*math.Exp(-40)},             // closed form, no cancellation beyond 1 ulp
		{10, 1 + 9*math.Exp(10)},                // closed form
		{2, 1 + math.Exp(2)},                    // closed form: x − 1 = 1
		{math.Log(3), 1 + 3*(math.Log(3)-1)},    // a = 3b: h = 1 + 3(log 3 − 1)
		{-math.Log(3), 1 - (math.Log(3)+1)/3.0}, // a = b/3
	}
	for _, c := range cases {
		if got := KLKernel(c.x); !within(got, c.want, 1e-15) {
			t.Errorf("KLKernel(%g) = %.17g, want %.17g", c.x, got, c.want)
		}
	}
}

// TestKLTerm checks b·h(x) with b = exp(logb), including the overflow-free
// regime (b tiny, a = b·eˣ of order one) and the documented special cases.
func TestKLTerm(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name     string
		logb, x  float64
		want     float64
		relative float64
	}{
		{"b=0", math.Inf(-1), 0.3, 0, 0},
		{"b=0,a>0", math.Inf(-1), inf, inf, 0},
		{"a=0", math.Log(0.25), math.Inf(-1), 0.25, tolULP},
		{"a>0,b=0 via x=+Inf", math.Log(0.25), inf, inf, 0},
		// a = 0.5, b = 0.25: a log(a/b) − a + b = 0.5 log 2 − 0.25.
		{"a=2b", math.Log(0.25), math.Log(2), 0.5*math.Ln2 - 0.25, tol},
		// b = e^-700, a = e^0 = 1: 1·(0 − (−700)) − 1 + e^-700 = 699.
		{"tiny b", -700, 700, 699, tol},
		// a = b·e^{1e-9}: b·h(1e-9) ≈ b·(x²/2 + x³/3) (series).
		{"near equal", math.Log(0.3), 1e-9, 0.3 * (0.5e-18 + 1e-27/3), 1e-13},
	}
	for _, c := range cases {
		got := KLTerm(c.logb, c.x)
		if !within(got, c.want, c.relative) {
			t.Errorf("%s: KLTerm(%g, %g) = %.17g, want %.17g", c.name, c.logb, c.x, got, c.want)
		}
	}
}

// TestXMinusLog1p compares v − log(1+v) with the exact alternating series
// Σ_{n≥2} (−1)ⁿ vⁿ/n (big.Rat, 200 terms: truncation < 0.5²⁰⁰) for |v| < 1/2
// and with the direct formula (no cancellation) elsewhere.
func TestXMinusLog1p(t *testing.T) {
	for _, v := range []float64{1e-300, -1e-300, 1e-12, -1e-12, 1e-5, -1e-5, 0.01, -0.01, 0.2, -0.2, 0.4999, -0.4999} {
		want := ratSeries(v, 2, 200, false, func(n int) *big.Rat {
			if n%2 == 0 {
				return big.NewRat(1, int64(n))
			}
			return big.NewRat(-1, int64(n))
		})
		// The float series adds up to ~60 positive terms at |v| ≈ 1/2:
		// allow a few ulps of accumulated rounding.
		if got := XMinusLog1p(v); !within(got, want, 1e-15) {
			t.Errorf("XMinusLog1p(%g) = %.17g, want %.17g (exact series)", v, got, want)
		}
	}
	for _, c := range []struct{ v, want float64 }{
		{0, 0},
		{1, 1 - math.Ln2},
		{-0.5, -0.5 + math.Ln2},
		{-0.9, -0.9 + math.Log(10)},
		{1e6, 1e6 - math.Log1p(1e6)},
	} {
		if got := XMinusLog1p(c.v); !within(got, c.want, 1e-15) {
			t.Errorf("XMinusLog1p(%g) = %.17g, want %.17g", c.v, got, c.want)
		}
	}
}

// TestBoNKLBound checks log N − (N−1)/N (Beirami et al. 2024) from closed
// forms: N = 1 gives 0, N = 2 gives log 2 − 1/2, N → 1 behaves like
// (N−1)²/2 − 2(N−1)³/3 (series of log N − 1 + 1/N in u = N − 1), and huge N
// gives log N − 1.
func TestBoNKLBound(t *testing.T) {
	u := 1e-6
	cases := []struct {
		name       string
		logN, want float64
	}{
		{"N=1", 0, 0},
		{"N=2", math.Ln2, math.Ln2 - 0.5},
		{"N=10", math.Log(10), math.Log(10) - 0.9},
		{"N=1000", math.Log(1000), math.Log(1000) - 0.999},
		// log(1+u) − u/(1+u) = u²/2 − 2u³/3 + 3u⁴/4 − …
		{"N=1+1e-6", math.Log1p(u), u*u/2 - 2*u*u*u/3 + 3*u*u*u*u/4},
		{"N=1e12", math.Log(1e12), math.Log(1e12) - (1 - 1e-12)},
		{"N=e^700", 700, 699},
	}
	// Reference values from mpmath at 40 digits (log N − (N−1)/N evaluated
	// with N exact). Before the fix in kernel.go, N = 1e12 came out as
	// 26.631043… (error 2.2e-5: v = 1/N − 1 cannot hold 1/N next to −1).
	mp := []struct {
		name       string
		logN, want float64
	}{
		{"mpmath N=3.5", math.Log(3.5), 0.53847725420965370997},
		{"mpmath N=1e3", math.Log(1e3), 5.9087552789821370521},
		{"mpmath N=1e6", math.Log(1e6), 12.815511557964274104},
		{"mpmath N=1e12", math.Log(1e12), 26.631021115929548208},
		{"mpmath log N=30", 30, 29.000000000000093576},
	}
	cases = append(cases, mp...)
	for _, c := range cases {
		// The N = 1+1e-6 row: logN = log1p(u) is itself rounded; the bound
		// is ~u² so its relative condition number is ~2, hence 1e-9 there.
		rel := tol
		if c.name == "N=1+1e-6" {
			rel = 1e-9
		}
		if got := BoNKLBound(c.logN); !within(got, c.want, rel) {
			t.Errorf("%s: BoNKLBound(%g) = %.17g, want %.17g", c.name, c.logN, got, c.want)
		}
	}
}

// TestBoNKLBoundNearOne uses log N = ℓ exactly: with v = e^{−ℓ} − 1 the bound
// is ℓ − 1 + e^{−ℓ} = Σ_{n≥2} (−ℓ)ⁿ/n! (exact series in big.Rat).
func TestBoNKLBoundNearOne(t *testing.T) {
	for _, l := range []float64{1e-300, 1e-10, 1e-4, 0.1, 0.5, 1, 2} {
		want := ratSeries(-l, 2, 80, true, func(int) *big.Rat { return big.NewRat(1, 1) })
		if got := BoNKLBound(l); !within(got, want, 1e-15) {
			t.Errorf("BoNKLBound(%g) = %.17g, want %.17g (series of ℓ − 1 + e^−ℓ)", l, got, want)
		}
	}
}

func TestLogSumExp(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, math.Inf(-1)},
		{"all -Inf", []float64{math.Inf(-1), math.Inf(-1)}, math.Inf(-1)},
		{"+Inf", []float64{0, inf}, inf},
		{"two equal large", []float64{1000, 1000}, 1000 + math.Ln2},
		{"two equal tiny", []float64{-1000, -1000}, -1000 + math.Ln2},
		{"log of 1/5,3/10,1/2", []float64{math.Log(0.2), math.Log(0.3), math.Log(0.5)}, 0},
		{"dominant", []float64{0, -800}, 0},
		{"one", []float64{-3.5}, -3.5},
	}
	for _, c := range cases {
		got := LogSumExp(c.xs)
		if !(got == c.want || math.Abs(got-c.want) <= 1e-15*math.Max(1, math.Abs(c.want))) {
			t.Errorf("%s: LogSumExp = %.17g, want %.17g", c.name, got, c.want)
		}
	}
	if got := LogSumExp([]float64{0, math.NaN()}); !math.IsNaN(got) {
		t.Errorf("LogSumExp with NaN = %v, want NaN", got)
	}
}

func TestLogAddExp(t *testing.T) {
	cases := []struct{ a, b, want float64 }{
		{0, 0, math.Ln2},
		{math.Log(0.2), math.Log(0.3), math.Log(0.5)},
		{math.Inf(-1), -5, -5},
		{-5, math.Inf(-1), -5},
		{math.Inf(1), 3, math.Inf(1)},
		{-745, -745, -745 + math.Ln2},
		{0, -40, math.Log1p(math.Exp(-40))},
	}
	for _, c := range cases {
		if got := LogAddExp(c.a, c.b); !(got == c.want || math.Abs(got-c.want) <= 1e-15*math.Max(1, math.Abs(c.want))) {
			t.Errorf("LogAddExp(%g, %g) = %.17g, want %.17g", c.a, c.b, got, c.want)
		}
	}
}

// TestLog1mExp checks log(1 − e^{−y}) against its expansions: for small y,
// log y − y/2 + y²/24 − y⁴/2880 (log of (1 − e^{−y})/y); for large y,
// −e^{−y} − e^{−2y}/2 − e^{−3y}/3; and the closed value log(1 − 1/e) at y = 1
// computed as log((e−1)/e).
func TestLog1mExp(t *testing.T) {
	small := func(y float64) float64 { return math.Log(y) - y/2 + y*y/24 - y*y*y*y/2880 }
	large := func(y float64) float64 {
		e := math.Exp(-y)
		return -e - e*e/2 - e*e*e/3
	}
	cases := []struct {
		name    string
		y, want float64
		rel     float64
	}{
		{"y=0", 0, math.Inf(-1), 0},
		{"y=+Inf", math.Inf(1), 0, 0},
		{"y=1e-300", 1e-300, small(1e-300), tolULP},
		{"y=1e-10", 1e-10, small(1e-10), tolULP},
		{"y=1e-3", 1e-3, small(1e-3), 1e-15},
		{"y=1", 1, math.Log(math.E-1) - 1, 1e-15},
		{"y=ln2", math.Ln2, -math.Ln2, 1e-15},
		{"y=40", 40, large(40), tolULP},
		{"y=700", 700, large(700), tolULP},
	}
	for _, c := range cases {
		got := Log1mExp(c.y)
		if !within(got, c.want, c.rel) {
			t.Errorf("%s: Log1mExp(%g) = %.17g, want %.17g", c.name, c.y, got, c.want)
		}
		if got2 := Log1mExpNeg(-c.y); got2 != got {
			t.Errorf("%s: Log1mExpNeg(%g) = %v, want Log1mExp(%g) = %v", c.name, -c.y, got2, c.y, got)
		}
	}
}

func TestLogDiffExp(t *testing.T) {
	// d is the exact float64 difference of the last case's arguments
	// (Sterbenz): the closed form below must use it, not the decimal 1e-10.
	b := -1000 - 1e-10
	d := -1000 - b
	cases := []struct{ a, b, want float64 }{
		{math.Log(0.5), math.Log(0.3), math.Log(0.2)},
		{0, math.Inf(-1), 0},
		{-3, -3, math.Inf(-1)},
		// e^{-1000}(1 − e^{-d}) = e^{-1000}·d·(1 − d/2 + …): log = −1000 + log d − d/2.
		{-1000, b, -1000 + math.Log(d) - d/2},
	}
	for _, c := range cases {
		if got := LogDiffExp(c.a, c.b); !(got == c.want || math.Abs(got-c.want) <= 1e-15*math.Abs(c.want)) {
			t.Errorf("LogDiffExp(%g, %g) = %.17g, want %.17g", c.a, c.b, got, c.want)
		}
	}
}

// TestAccumulator checks the compensated sum on sums whose exact value is
// known and which naive summation gets wrong.
func TestAccumulator(t *testing.T) {
	cases := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, 0},
		{"Neumaier's example", []float64{1, 1e100, 1, -1e100}, 2},
		{"cancellation", []float64{1e16, 1, -1e16}, 1},
		{"tenths", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 1},
		{"1/5,3/10,1/2", []float64{0.2, 0.3, 0.5}, 1},
	}
	for _, c := range cases {
		if got := Sum(c.xs); got != c.want {
			t.Errorf("%s: Sum = %.17g, want %.17g", c.name, got, c.want)
		}
	}
	// 1 + 1e6 terms of 1e-16: naive summation returns 1 exactly; the exact
	// sum is 1 + 1e-10 (to 1 ulp of each term's rounding, 1e6·1e-32·…).
	var a Accumulator
	a.Add(1)
	for range 1_000_000 {
		a.Add(1e-16)
	}
	if got, want := a.Value(), 1+1e-10; !within(got, want, 1e-15) {
		t.Errorf("1 + 1e6·1e-16 = %.17g, want %.17g", got, want)
	}
}

// TestNewton solves equations with known roots and checks the safeguards.
func TestNewton(t *testing.T) {
	never := func(x, g float64) bool { return false }
	t.Run("cube root of 2", func(t *testing.T) {
		fdf := func(x float64) (float64, float64) { return x*x*x - 2, 3 * x * x }
		x, err := Newton(fdf, 0, math.Inf(1), 1, never, 100)
		if err != nil || !within(x, math.Cbrt(2), 2e-16) {
			t.Errorf("got %v, %v; want %v", x, err, math.Cbrt(2))
		}
	})
	t.Run("zero derivative falls back to bisection", func(t *testing.T) {
		// g = x − 0.3 but the derivative is reported as 0: only the bracket
		// logic can converge.
		fdf := func(x float64) (float64, float64) { return x - 0.3, 0 }
		x, err := Newton(fdf, 0, 1, 0.9, never, 200)
		if err != nil || math.Abs(x-0.3) > 1e-15 {
			t.Errorf("got %v, %v; want 0.3", x, err)
		}
	})
	t.Run("infinite bracket both sides", func(t *testing.T) {
		// g = atan(x − 1e6): Newton from 0 overshoots; the root is 1e6.
		fdf := func(x float64) (float64, float64) {
			d := x - 1e6
			return math.Atan(d), 1 / (1 + d*d)
		}
		x, err := Newton(fdf, math.Inf(-1), math.Inf(1), 0, never, 500)
		if err != nil || math.Abs(x-1e6) > 1e-9 {
			t.Errorf("got %v, %v; want 1e6", x, err)
		}
	})
	t.Run("done stops early", func(t *testing.T) {
		calls := 0
		fdf := func(x float64) (float64, float64) { calls++; return x - 2, 1 }
		x, err := Newton(fdf, math.Inf(-1), math.Inf(1), 0, func(x, g float64) bool { return math.Abs(g) < 1e-3 }, 100)
		if err != nil || x != 2 || calls != 2 {
			t.Errorf("got x=%v err=%v after %d calls; want 2 after 2 calls (linear g)", x, err, calls)
		}
	})
	t.Run("no convergence", func(t *testing.T) {
		fdf := func(x float64) (float64, float64) { return math.Atan(x - 1e300), 1e-300 }
		_, err := Newton(fdf, math.Inf(-1), math.Inf(1), 0, never, 3)
		if !errors.Is(err, ErrNoConvergence) {
			t.Errorf("err = %v, want ErrNoConvergence", err)
		}
	})
}

// BigLog against published digits (OEIS A002162, A002391, A002392).
func TestBigLog(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{2, "0.693147180559945309417232121458176568075500134360255254120680"},
		{3, "1.098612288668109691395245236922525704647490557822749451734694"},
		{10, "2.302585092994045684017991454684364207601101488628772976033327"},
		{0.5, "-0.693147180559945309417232121458176568075500134360255254120680"},
	} {
		got := BigLog(new(big.Float).SetFloat64(c.x), 160)
		want, _, _ := big.ParseFloat(c.want, 10, 200, big.ToNearestEven)
		d := new(big.Float).Sub(got, want)
		d.Quo(d, want)
		if f, _ := d.Float64(); math.Abs(f) > 1e-45 {
			t.Errorf("BigLog(%v) = %s, rel err %g", c.x, got.Text('g', 50), f)
		}
	}
}
