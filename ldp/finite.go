package ldp

import (
	"math"
	"sort"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/memoryless"
)

// FinitePoint holds the exact finite-m exponents of one window.
type FinitePoint struct {
	// Phi = −(1/m)·log P_{φ_δ^m}(|t(Y^m) − t| < w) and BoN the same under
	// best-of-N with N = exp(m·δ); +Inf where the probability is 0.
	Phi, BoN float64
}

// FiniteM computes the exact finite-m exponents for the windows
// (t_i − w, t_i + w) of the reward rate t(Y^m) = −(1/m)·Σ log q(Y_j), from an
// enumeration of the types of length-m sequences under p^m (package
// memoryless). Both measures are functions of the reward level alone:
// φ_δ^m(n)/p^m(n) = exp(α·R − m·log Z_α) and π_N^m(n)/p^m(n) = exp(x_level),
// so each window's probability is a log-sum-exp over the levels whose rate
// falls inside it. Cost: Θ(levels·log levels + windows).
func (r *Rates) FiniteM(e *memoryless.Enumeration, c bon.Count, ts []float64, w float64) []FinitePoint {
	m := float64(e.M)
	lv := e.Levels
	nl := len(lv.LogMass)
	xb := lv.LogRatios(c)
	rmax := -r.Lo
	logZref := r.logZTop
	// Levels sorted by decreasing reward = increasing rate.
	rate := make([]float64, nl)
	yPhi := make([]float64, nl)
	yBoN := make([]float64, nl)
	for j := 0; j < nl; j++ {
		rate[j] = -lv.Reward[j] / m
		yPhi[j] = lv.LogMass[j] + r.Alpha*(lv.Reward[j]-m*rmax) - m*logZref
		yBoN[j] = lv.LogMass[j] + xb[j]
	}
	out := make([]FinitePoint, len(ts))
	for i, t := range ts {
		a := sort.SearchFloat64s(rate, math.Nextafter(t-w, math.Inf(1))) // first rate > t−w
		b := sort.SearchFloat64s(rate, t+w)                              // first rate ≥ t+w
		out[i] = FinitePoint{Phi: negRate(yPhi[a:b], m), BoN: negRate(yBoN[a:b], m)}
	}
	return out
}

// negRate returns −(1/m)·log Σ exp(ys) (+Inf for an empty or null window).
func negRate(ys []float64, m float64) float64 {
	if len(ys) == 0 {
		return math.Inf(1)
	}
	l := xmath.LogSumExp(ys)
	if math.IsInf(l, -1) {
		return math.Inf(1)
	}
	// log Σ ≤ 0 mathematically; rounding can leave it a few ulps above 0
	// when the window holds almost all the mass.
	return math.Max(0, -l/m)
}
