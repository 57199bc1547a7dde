package bon

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// Levels is a set of outcomes grouped into reward levels (ties), sorted by
// strictly decreasing reward. Masses are given as logs so that levels of long
// sequences (probabilities like 1e-3000) are representable. Only levels of
// positive mass matter: zero-mass levels (LogMass = −Inf) are allowed and
// receive best-of-N mass 0.
type Levels struct {
	LogMass []float64 // log P_p(level j); Σ exp = 1
	Reward  []float64 // reward of level j, strictly decreasing in j
	// mass holds the masses themselves when every one is a normal float64
	// (single-token levels): LogRatios then runs in linear space, a few
	// transcendental functions per level instead of a dozen.
	mass []float64
}

// minLinearMass is the smallest level mass for the linear-space path.
const minLinearMass = 1e-290

// Count is the number of candidates N ≥ 1 of best-of-N, held as log N so that
// N = exp(m·δ) with m·δ up to the float64 range works; N itself is kept when
// representable for full accuracy of products N·x.
type Count struct {
	N    float64 // N, or +Inf when only LogN is representable
	LogN float64 // log N ≥ 0
}

// NewCount returns the Count for a real N ≥ 1 (error otherwise).
func NewCount(n float64) (Count, error) {
	if math.IsNaN(n) || math.IsInf(n, 0) || n < 1 {
		return Count{}, fmt.Errorf("N = %v: expected a finite number ≥ 1", n)
	}
	return Count{N: n, LogN: math.Log(n)}, nil
}

// CountFromLog returns the Count with log N = logN ≥ 0 (error otherwise).
func CountFromLog(logN float64) (Count, error) {
	if math.IsNaN(logN) || math.IsInf(logN, 0) || logN < 0 {
		return Count{}, fmt.Errorf("log N = %v: expected a finite number ≥ 0", logN)
	}
	return Count{N: math.Exp(logN), LogN: logN}, nil
}

// times returns N·v for v ≤ 0 without overflow (−Inf allowed).
func (c Count) times(v float64) float64 {
	if v == 0 {
		return 0
	}
	return -c.timesExp(math.Log(-v))
}

// timesExp returns N·e^a, as the product when N and e^a are representable
// (full accuracy for moderate N), else as exp(log N + a).
func (c Count) timesExp(a float64) float64 {
	if math.IsInf(a, -1) {
		return 0
	}
	if v := math.Exp(a); !math.IsInf(c.N, 1) && v > 0x1p-1000 && !math.IsInf(v, 1) {
		return c.N * v
	}
	return math.Exp(c.LogN + a)
}

// LogRatios returns x_j = log(π_N(level j)/P_p(level j)) for every level
// (−Inf for zero-mass levels). π_N(level j) = F⁺_j^N − F⁻_j^N is computed as
//
//	exp(N·log F⁺_j) · (1 − exp(N·log(F⁻_j/F⁺_j)))
//
// with log F⁺_j = log1p(−A_j) from the mass A_j strictly above (accumulated
// from the top) when A_j ≤ 1/2, and from the mass at or below (accumulated
// from the bottom) otherwise; likewise log(F⁻/F⁺) = log1p(−P_j/F⁺_j) or the
// ratio of lower tails. Cost: Θ(levels) exps and logs.
func (l Levels) LogRatios(c Count) []float64 {
	n := len(l.LogMass)
	x := make([]float64, n)
	if c.LogN == 0 {
		for j, lm := range l.LogMass {
			if math.IsInf(lm, -1) {
				x[j] = math.Inf(-1)
			}
		}
		return x
	}
	if l.mass != nil && !math.IsInf(c.N, 1) {
		l.logRatiosLinear(c.N, x)
		return x
	}
	// lower[j] = log Σ_{i ≥ j} P_i, accumulated from the bottom; lower[n] = −Inf.
	lower := make([]float64, n+1)
	lower[n] = math.Inf(-1)
	for j := n - 1; j >= 0; j-- {
		lower[j] = xmath.LogAddExp(lower[j+1], l.LogMass[j])
	}
	upper := math.Inf(-1) // log Σ_{i < j} P_i, accumulated from the top
	for j, lm := range l.LogMass {
		if math.IsInf(lm, -1) {
			x[j] = math.Inf(-1)
			continue
		}
		// Everything multiplied by N is kept as a logarithm, so that N·(tiny)
		// stays exact when the tiny factor underflows (level masses of
		// e^{−3000} against N = e^{2990}).
		var lnNegLogFp float64 // log(−log F⁺_j); −Inf when F⁺_j = 1
		if upper <= -math.Ln2 {
			lnNegLogFp = xmath.LogNegLog1mExp(upper)
		} else {
			lnNegLogFp = math.Log(math.Max(-lower[j], 0))
		}
		logFp := -math.Exp(lnNegLogFp)
		ratioLog := lm - logFp // log(P_j / F⁺_j) ≤ 0
		var lnY0 float64       // log(−log(F⁻_j / F⁺_j))
		if ratioLog <= -math.Ln2 {
			lnY0 = xmath.LogNegLog1mExp(ratioLog)
		} else {
			lnY0 = math.Log(lower[j] - lower[j+1]) // +Inf at the bottom level
		}
		// x_j = N·log F⁺ + log(1 − e^{−y}) − log P_j, y = −N·log(F⁻/F⁺).
		x[j] = -c.timesExp(lnNegLogFp) + xmath.Log1mExpOfLog(c.LogN+lnY0, c.timesExp(lnY0)) - lm
		upper = xmath.LogAddExp(upper, lm)
	}
	return x
}

// logRatiosLinear is LogRatios for normal-range masses and finite N: the
// tails A_j (from the top) and F⁺_j = Σ_{i≥j} P_i (from the bottom) are
// compensated sums, log F⁺ = log1p(−A) or log F⁺ directly (whichever is
// accurate), log(F⁻/F⁺) = log1p(−P_j/F⁺_j) or log(F⁺_{j+1}/F⁺_j), and
// x_j = N·log F⁺ + log(1 − e^{N·log(F⁻/F⁺)}) − log P_j. Tests check it
// against the log-space path.
func (l Levels) logRatiosLinear(n float64, x []float64) {
	nl := len(l.mass)
	lower := make([]float64, nl+1) // lower[j] = Σ_{i ≥ j} P_i
	var acc xmath.Accumulator
	for j := nl - 1; j >= 0; j-- {
		acc.Add(l.mass[j])
		lower[j] = acc.Value()
	}
	var upper xmath.Accumulator // Σ_{i < j} P_i
	for j, pj := range l.mass {
		u := upper.Value()
		var logFp float64
		if u <= 0.5 {
			logFp = math.Log1p(-u)
		} else {
			logFp = math.Log(lower[j])
		}
		ratio := pj / lower[j]
		var logFmOverFp float64
		if ratio <= 0.5 {
			logFmOverFp = math.Log1p(-ratio)
		} else {
			logFmOverFp = math.Log(lower[j+1] / lower[j])
		}
		x[j] = n*logFp + xmath.Log1mExp(-n*logFmOverFp) - l.LogMass[j]
		upper.Add(pj)
	}
}

// KL returns KL(π_N‖p) = Σ_j P_j·h(x_j) from the level log-ratios x (the
// non-negative kernel of xmath.KLKernel; exact up to rounding).
func (l Levels) KL(x []float64) float64 {
	var s xmath.Accumulator
	for j, lm := range l.LogMass {
		s.Add(xmath.KLTerm(lm, x[j]))
	}
	return s.Value()
}

// Expect returns E[f(reward)] under the distribution with level log-ratios x
// relative to p, in the form top − E[top − reward] to keep accuracy when the
// mass concentrates on the top level.
func (l Levels) ExpectedReward(x []float64) float64 {
	if len(l.Reward) == 0 {
		return math.NaN()
	}
	top := l.Reward[0]
	var s xmath.Accumulator
	for j, lm := range l.LogMass {
		if math.IsInf(lm, -1) || math.IsInf(x[j], -1) {
			continue
		}
		s.Add(math.Exp(lm+x[j]) * (top - l.Reward[j]))
	}
	return top - s.Value()
}

// symbolLevels groups K symbols into levels by exactly equal reward,
// dropping symbols with p = 0. It returns the levels and, for each symbol,
// its level index (−1 when p = 0).
func symbolLevels(p, logq []float64) (Levels, []int, error) {
	if len(p) != len(logq) {
		return Levels{}, nil, fmt.Errorf("bon: p has %d entries and q has %d", len(p), len(logq))
	}
	var keys []float64 // rewards of the support
	var sym []int32    // their symbols
	for i, pi := range p {
		if !(pi >= 0) || math.IsInf(pi, 0) {
			return Levels{}, nil, fmt.Errorf("bon: p[%d] = %v is not a probability", i, pi)
		}
		if pi == 0 {
			continue
		}
		if math.IsNaN(logq[i]) || math.IsInf(logq[i], 0) {
			return Levels{}, nil, fmt.Errorf("bon: log q[%d] = %v is not finite where p > 0", i, logq[i])
		}
		keys = append(keys, logq[i])
		sym = append(sym, int32(i))
	}
	if len(keys) == 0 {
		return Levels{}, nil, fmt.Errorf("bon: p has no positive entry")
	}
	type atom struct {
		r float64
		i int32
	}
	order := xmath.OrderDesc(keys) // stable radix sort: Θ(K)
	atoms := make([]atom, len(order))
	for k, o := range order {
		atoms[k] = atom{keys[o], sym[o]}
	}
	level := make([]int, len(p))
	for i := range level {
		level[i] = -1
	}
	var lv Levels
	var mass xmath.Accumulator
	flush := func() {
		lv.mass = append(lv.mass, mass.Value())
		mass = xmath.Accumulator{}
	}
	for k, a := range atoms {
		if k == 0 || a.r != atoms[k-1].r {
			if k > 0 {
				flush()
			}
			lv.Reward = append(lv.Reward, a.r)
		}
		level[a.i] = len(lv.Reward) - 1
		mass.Add(p[a.i])
	}
	flush()
	// Normalise the level masses to sum to 1.
	total := xmath.Sum(lv.mass)
	lv.LogMass = make([]float64, len(lv.mass))
	linear := true
	for j := range lv.mass {
		lv.mass[j] /= total
		lv.LogMass[j] = math.Log(lv.mass[j])
		if lv.mass[j] < minLinearMass {
			linear = false
		}
	}
	if !linear {
		lv.mass = nil
	}
	return lv, level, nil
}
