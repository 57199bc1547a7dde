package xmath

import "math"

// LogSumExp returns log Σ exp(xs[i]) without overflow or underflow.
//
// Special cases: an empty slice or all -Inf gives -Inf; any +Inf gives +Inf;
// any NaN gives NaN. Accuracy: a few ulps of max|xs| plus the relative
// rounding of the sum (≤ len(xs)·ε relative to the sum).
func LogSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		if math.IsNaN(x) {
			return math.NaN()
		}
		if x > m {
			m = x
		}
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s Accumulator
	for _, x := range xs {
		s.Add(math.Exp(x - m))
	}
	return m + math.Log(s.Value())
}

// LogAddExp returns log(exp(a) + exp(b)) accurately.
func LogAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	if math.IsInf(a, 1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// Log1mExp returns log(1 − exp(−y)) for y ≥ 0, accurate to a few ulps over
// the whole range (Mächler 2012: log(−expm1(−y)) for y ≤ log 2,
// log1p(−exp(−y)) above). Log1mExp(0) = −Inf; Log1mExp(+Inf) = 0.
func Log1mExp(y float64) float64 {
	if y <= math.Ln2 {
		return math.Log(-math.Expm1(-y))
	}
	return math.Log1p(-math.Exp(-y))
}

// Log1mExpNeg returns log(1 − exp(a)) for a ≤ 0 (a log-probability), i.e. the
// log of the complementary probability. It is Log1mExp(−a).
func Log1mExpNeg(a float64) float64 { return Log1mExp(-a) }

// LogDiffExp returns log(exp(a) − exp(b)) for a ≥ b, −Inf when a == b.
func LogDiffExp(a, b float64) float64 {
	if math.IsInf(b, -1) {
		return a
	}
	return a + Log1mExp(a-b)
}

// LogNegLog1mExp returns log(−log(1 − e^a)) for a < 0: the log of −log of a
// complementary probability 1 − u, u = e^a, accurate to a few ulps also when
// u underflows (then it is a + u/2 = a to working precision).
func LogNegLog1mExp(a float64) float64 {
	if math.IsInf(a, -1) {
		return a
	}
	if a < -18.5 { // u < 1e-8: −log1p(−u) = u(1 + u/2 + …)
		return a + math.Exp(a)/2
	}
	return math.Log(-math.Log1p(-math.Exp(a)))
}

// Log1mExpOfLog returns log(1 − e^{−y}) for y ≥ 0 given both ly = log y and y
// itself (which may have underflowed to 0): log y − y/2 for tiny y, else
// Log1mExp(y). Passing y separately keeps its full accuracy when it is a
// product computed directly.
func Log1mExpOfLog(ly, y float64) float64 {
	if ly < -18.5 {
		return ly - math.Exp(ly)/2
	}
	return Log1mExp(y)
}
