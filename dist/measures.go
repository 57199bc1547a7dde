package dist

import (
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// KL returns the Kullback–Leibler divergence (Eq. 1 of the paper)
//
//	KL(a‖b) = Σ_i a_i log(a_i/b_i)
//
// with 0·log(0/b) = 0 and KL = +Inf when some a_i > 0 = b_i. Both a and b
// must be probability vectors (sums within rounding of 1) of equal length.
//
// It is evaluated as Σ b_i·h(log(a_i/b_i)) with the non-negative kernel
// h(x) = x·eˣ − eˣ + 1 (xmath.KLKernel), which equals the definition when
// Σa = Σb and has no cancellation, so KL(a‖b) near 0 keeps its relative
// accuracy (~1e-14) instead of the absolute ~1e-16 of the naive sum.
// KL panics if the lengths differ.
func KL(a, b []float64) float64 {
	if len(a) != len(b) {
		panic("dist: KL of vectors of different length")
	}
	var s xmath.Accumulator
	for i := range a {
		ai, bi := a[i], b[i]
		switch {
		case ai == 0:
			s.Add(bi) // b·h(−Inf)
		case bi == 0:
			return math.Inf(1)
		default:
			s.Add(klAtom(ai, bi))
		}
	}
	return s.Value()
}

// klAtom returns a·log(a/b) − a + b ≥ 0 for a, b > 0.
func klAtom(a, b float64) float64 {
	r := a / b
	var x float64
	if r == 0 || math.IsInf(r, 1) {
		x = math.Log(a) - math.Log(b)
	} else {
		x = math.Log(r)
	}
	if math.Abs(x) < 0.5 {
		return b * xmath.KLKernel(x)
	}
	return b + a*(x-1)
}

// KLLog returns KL(a‖b) for two distributions given as log-probabilities
// (−Inf for zeros): Σ exp(la_i)·(la_i − lb_i), evaluated with the same
// non-negative kernel as KL. It never exponentiates a log-ratio alone, so
// atoms of 1e-4000 are fine.
func KLLog(la, lb []float64) float64 {
	if len(la) != len(lb) {
		panic("dist: KLLog of vectors of different length")
	}
	var s xmath.Accumulator
	for i := range la {
		if math.IsInf(la[i], -1) {
			s.Add(math.Exp(lb[i]))
			continue
		}
		if math.IsInf(lb[i], -1) {
			return math.Inf(1)
		}
		s.Add(xmath.KLTerm(lb[i], la[i]-lb[i]))
	}
	return s.Value()
}

// CrossEntropy returns H(p‖q) = −Σ p_i log q_i (Eq. 1) from logq = log q;
// terms with p_i = 0 are 0 even where q_i = 0. +Inf when p_i > 0 = q_i.
// With reward r = log q, H(p‖q) = −E_p[r] (Definition 2 and the remark after it).
func CrossEntropy(p, logq []float64) float64 {
	if len(p) != len(logq) {
		panic("dist: CrossEntropy of vectors of different length")
	}
	var s xmath.Accumulator
	for i, pi := range p {
		if pi == 0 {
			continue
		}
		if math.IsInf(logq[i], -1) {
			return math.Inf(1)
		}
		s.Add(-pi * logq[i])
	}
	return s.Value()
}

// Entropy returns H(p) = −Σ p_i log p_i with 0·log 0 = 0.
func Entropy(p []float64) float64 {
	var s xmath.Accumulator
	for _, pi := range p {
		if pi > 0 {
			s.Add(-pi * math.Log(pi))
		}
	}
	return s.Value()
}

// LogMGF returns log E_p[exp(s·x)] = log Σ p_i exp(s·x_i), the cumulant
// generating function of x under p, over the support of p.
//
// For small |s|·spread it is evaluated around the mean c = E_p[x] as
//
//	s·c + log1p(Σ p_i expm1(s(x_i − c)))
//
// so that LogMGF(s)/s keeps full relative accuracy as s → 0 (Rényi orders near
// 1, cumulants for ρ near 0); otherwise by log-sum-exp. Accuracy: ~1e-15
// relative to max(|s·c|, |LogMGF|) plus ~1e-16·|s|·spread.
// Entries with p_i > 0 and x_i = −Inf give −Inf for s > 0 contributions of 0
// and +Inf for s < 0.
func LogMGF(p, x []float64, s float64) float64 {
	if len(p) != len(x) {
		panic("dist: LogMGF of vectors of different length")
	}
	if s == 0 {
		return 0
	}
	var mean xmath.Accumulator
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, pi := range p {
		if pi == 0 {
			continue
		}
		xi := x[i]
		if math.IsInf(xi, -1) {
			// exp(s·(−Inf)) is 0 for s > 0 and +Inf for s < 0.
			if s < 0 {
				return math.Inf(1)
			}
			lo = math.Inf(-1)
			continue
		}
		mean.Add(pi * xi)
		lo, hi = math.Min(lo, xi), math.Max(hi, xi)
	}
	if !math.IsInf(lo, -1) && math.Abs(s)*(hi-lo) < 1 {
		c := mean.Value()
		var t xmath.Accumulator
		for i, pi := range p {
			if pi > 0 {
				t.Add(pi * math.Expm1(s*(x[i]-c)))
			}
		}
		return s*c + math.Log1p(t.Value())
	}
	terms := make([]float64, 0, len(p))
	for i, pi := range p {
		if pi > 0 {
			terms = append(terms, math.Log(pi)+s*x[i])
		}
	}
	return xmath.LogSumExp(terms)
}

// RenyiCrossEntropy returns the Rényi cross-entropy of order t > 0
// (Definition 5 of the paper, after Li et al. 2023):
//
//	H_t(p‖q) = 1/(1−t) · log Σ_y p(y) q(y)^{t−1},
//
// continuously extended by H_1(p‖q) = H(p‖q). It is −LogMGF(p, logq, t−1)/(t−1),
// accurate to ~1e-14 relative for every t > 0 including t → 1.
// It returns NaN for t ≤ 0 or NaN t.
func RenyiCrossEntropy(p, logq []float64, t float64) float64 {
	if !(t > 0) || math.IsInf(t, 1) {
		return math.NaN()
	}
	if t == 1 {
		return CrossEntropy(p, logq)
	}
	s := t - 1
	return -LogMGF(p, logq, s) / s
}

// ScaledCumulant returns (1/ρ)·log E_φ[q^ρ] = (1/ρ)·log E_φ[exp(ρ·r)], the
// scaled cumulant generating function of the reward r = log q under φ (Lemma 3
// of the paper), continuously extended at ρ = 0 by E_φ[r]. Lemma 3 states it
// equals −H_{1+ρ}(φ‖q).
func ScaledCumulant(phi, logq []float64, rho float64) float64 {
	if rho == 0 {
		return -CrossEntropy(phi, logq)
	}
	return LogMGF(phi, logq, rho) / rho
}
