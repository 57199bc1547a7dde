package xmath

import "math"

// seriesCut is the |x| below which KLKernel and XMinusLog1p use their power
// series; at |x| = 0.5 the 30-term series is exact to well below one ulp.
const seriesCut = 0.5

// KLKernel returns h(x) = x·eˣ − (eˣ − 1) = 1 + eˣ(x − 1) ≥ 0.
//
// With a = b·eˣ (two positive masses and their log-ratio x = log(a/b)),
//
//	a·log(a/b) − a + b = b·h(x),
//
// so KL(a‖b) = Σ b_i·h(x_i) whenever Σa = Σb = 1, a sum of non-negative
// terms with no cancellation. h(x) ≈ x²/2 near 0 and is computed there from
// its series Σ_{n≥2} (n−1)·xⁿ/n!, so the relative error is a few ulps for all
// finite x. h(−Inf) = 1; h(+Inf) = +Inf.
func KLKernel(x float64) float64 {
	if math.Abs(x) < seriesCut {
		// Σ_{n≥2} (n−1) xⁿ / n! by Horner; at |x| < 1/2 the terms beyond n = 18
		// are below 1e-18 of the first.
		c := klSeries
		s := c[len(c)-1]
		for i := len(c) - 2; i >= 0; i-- {
			s = s*x + c[i]
		}
		return s * x * x
	}
	if math.IsInf(x, -1) {
		return 1
	}
	return 1 + math.Exp(x)*(x-1)
}

// klSeries[i] = (n−1)/n! for n = i+2: the coefficients of KLKernel's series.
var klSeries = func() []float64 {
	c := make([]float64, 17)
	fact := 1.0
	for n := 1; n < len(c)+2; n++ {
		fact *= float64(n)
		if n >= 2 {
			c[n-2] = float64(n-1) / fact
		}
	}
	return c
}()

// KLTermLinear returns b·h(x) given b, a = b·eˣ and x = log(a/b) (all three
// known): the no-exp form of KLTerm for masses that are representable.
func KLTermLinear(b, a, x float64) float64 {
	if math.Abs(x) < seriesCut {
		return b * KLKernel(x)
	}
	if math.IsInf(x, -1) {
		return b
	}
	return b + a*(x-1)
}

// KLTerm returns b·h(x) where b = exp(logb) and x = log(a/b): the non-negative
// contribution of one atom to KL(a‖b) (see KLKernel). It never forms eˣ alone,
// so b tiny and a of order one (x ≈ 700) do not overflow. KLTerm(−Inf, x) = 0.
func KLTerm(logb, x float64) float64 {
	if logb < -746 && logb+x < -746 && x < 1e300 {
		return 0 // both b and a underflow: the term is below the smallest float64
	}
	if math.IsInf(logb, -1) {
		if math.IsInf(x, 1) {
			return math.Inf(1) // a > 0 where b = 0
		}
		return 0
	}
	if math.Abs(x) < seriesCut {
		return math.Exp(logb) * KLKernel(x)
	}
	if math.IsInf(x, -1) {
		return math.Exp(logb)
	}
	if math.IsInf(x, 1) {
		return math.Inf(1)
	}
	return math.Exp(logb) + math.Exp(logb+x)*(x-1)
}

// XMinusLog1p returns v − log(1+v) ≥ 0 for v > −1, accurate to a few ulps
// (series Σ_{n≥2} (−v)ⁿ/n·(−1)... near 0). It is the best-of-N KL bound
// log N − (N−1)/N with v = 1/N − 1.
func XMinusLog1p(v float64) float64 {
	if math.Abs(v) < seriesCut {
		// v − log1p(v) = Σ_{n≥2} (−1)ⁿ vⁿ / n
		pow := v * v
		sum := pow / 2
		for n := 3; n < 80; n++ {
			pow *= -v
			c := pow / float64(n)
			sum += c
			if math.Abs(c) < 1e-18*math.Abs(sum) {
				break
			}
		}
		return sum
	}
	return v - math.Log1p(v)
}

// BoNKLBound returns log N − (N−1)/N, the upper bound on KL(π_N‖p) of
// Beirami et al. (2024) (the paper's Lemma 6 uses the weaker log N), for
// N = exp(logN) ≥ 1. It is accurate to a few ulps, also for N → 1 where
// both terms cancel and for log N up to the float64 range.
func BoNKLBound(logN float64) float64 {
	if logN > math.Ln2 {
		// (N−1)/N = 1 − e^{−log N} to full precision; the difference loses
		// at most a factor ln 2/(ln 2 − 1/2) < 4 to cancellation. (Going
		// through v = 1/N − 1 here would lose N·ε absolute: 1+v = 1/N is
		// not representable next to −1, e.g. 2e-5 absolute at N = 1e12.)
		return logN - (-math.Expm1(-logN))
	}
	return XMinusLog1p(math.Expm1(-logN))
}
