package tilt

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// relTol is the relative accuracy the solvers aim for (on Δ, on
// delta_max − Δ near delta_max, on the distance of t to the nearer end of
// its interval for β).
const relTol = 1e-14

const maxIter = 200

// DeltaRangeError reports a KL budget outside [0, delta_max).
type DeltaRangeError struct {
	Delta, DeltaMax float64
}

func (e *DeltaRangeError) Error() string {
	if math.IsNaN(e.Delta) || math.IsInf(e.Delta, 0) {
		return fmt.Sprintf("KL budget Δ = %v is not a finite number; expected 0 ≤ Δ < delta_max = %v", e.Delta, e.DeltaMax)
	}
	if e.Delta < 0 {
		return fmt.Sprintf("KL budget Δ = %v is negative; expected 0 ≤ Δ < delta_max = %v", e.Delta, e.DeltaMax)
	}
	return fmt.Sprintf("KL budget Δ = %v is not below delta_max = %v (= −log P_p(argmax q)); expected 0 ≤ Δ < delta_max", e.Delta, e.DeltaMax)
}

// RateRangeError reports a reward rate outside the open interval
// (−log max q, −log min q).
type RateRangeError struct {
	T, Lo, Hi float64
}

func (e *RateRangeError) Error() string {
	return fmt.Sprintf("reward rate t = %v is outside the open interval (−log max q, −log min q) = (%v, %v) over the support of p", e.T, e.Lo, e.Hi)
}

// AlphaForKL returns α(Δ) ≥ 0 with KL(T(q,p,α)‖p) = Δ (Lemma 1, Eq. 2),
// for 0 ≤ Δ < delta_max; otherwise a *DeltaRangeError. The solution is
// unique because KL(T_α‖p) is strictly increasing on α ≥ 0 (its derivative is
// α·Var_T(log q)). Accuracy: relative 1e-14 on Δ, or on delta_max − Δ when
// Δ > delta_max/2, which is what makes Δ = delta_max·(1 − 1e-9) solvable.
func (f *Family) AlphaForKL(delta float64) (float64, error) {
	if math.IsNaN(delta) || math.IsInf(delta, 0) || delta < 0 || (delta >= f.dmax && delta > 0) {
		return 0, &DeltaRangeError{Delta: delta, DeltaMax: f.dmax}
	}
	if delta == 0 {
		return 0, nil
	}
	scratch := make([]float64, len(f.p))
	var last Point
	if delta <= f.dmax/2 {
		v0 := f.v0
		target := math.Sqrt(2 * delta)
		fdf := func(a float64) (float64, float64) {
			last = f.eval(a, scratch, nil)
			s := math.Sqrt(2 * last.KL)
			if s == 0 {
				return -target, math.Sqrt(v0)
			}
			return s - target, a * last.Variance / s
		}
		done := func(a, g float64) bool { return math.Abs(last.KL-delta) <= relTol*delta }
		return xmath.Newton(fdf, 0, math.Inf(1), target/math.Sqrt(v0), done, maxIter)
	}
	gapT := (f.dmax - delta) + f.dmaxLo // dmax − Δ exact (Sterbenz), plus the low part
	logGapT := math.Log(gapT)
	fdf := func(a float64) (float64, float64) {
		last = f.eval(a, scratch, nil)
		if last.Gap <= 0 {
			return math.Inf(1), 0
		}
		return logGapT - math.Log(last.Gap), a * last.Variance / last.Gap
	}
	done := func(a, g float64) bool { return math.Abs(last.Gap-gapT) <= relTol*gapT }
	return xmath.Newton(fdf, 0, math.Inf(1), 1, done, maxIter)
}

// BetaForRate returns β(t) ∈ ℝ with H(T(q,p,β)‖q) = t (Theorems 1 and 3),
// for t strictly inside RateInterval(); otherwise a *RateRangeError.
// H(T_β‖q) decreases strictly in β (derivative −Var_T(log q)); β > 0 for t
// below H(p‖q), β < 0 above. The iteration runs on the log of the distance
// of the mean reward to the nearer end of its range, so t within 1e-12 of an
// end is solved to relative accuracy 1e-14 of that distance.
func (f *Family) BetaForRate(t float64) (float64, error) {
	lo, hi := f.RateInterval()
	if math.IsNaN(t) || !(t > lo && t < hi) {
		return 0, &RateRangeError{T: t, Lo: lo, Hi: hi}
	}
	scratch := make([]float64, len(f.p))
	var last Point
	dTopT := t + f.rmax  // target E_T[r_max − r]
	dBotT := -f.rmin - t // target E_T[r − r_min]
	if dTopT <= dBotT {
		logT := math.Log(dTopT)
		fdf := func(b float64) (float64, float64) {
			last = f.eval(b, scratch, nil)
			if last.DTop <= 0 {
				return math.Inf(1), 0
			}
			return logT - math.Log(last.DTop), last.Variance / last.DTop
		}
		done := func(b, g float64) bool { return math.Abs(last.DTop-dTopT) <= relTol*dTopT }
		return xmath.Newton(fdf, math.Inf(-1), math.Inf(1), 0, done, maxIter)
	}
	logT := math.Log(dBotT)
	fdf := func(b float64) (float64, float64) {
		last = f.eval(b, scratch, nil)
		if last.DBot <= 0 {
			return math.Inf(-1), 0
		}
		return math.Log(last.DBot) - logT, last.Variance / last.DBot
	}
	done := func(b, g float64) bool { return math.Abs(last.DBot-dBotT) <= relTol*dBotT }
	return xmath.Newton(fdf, math.Inf(-1), math.Inf(1), 0, done, maxIter)
}
