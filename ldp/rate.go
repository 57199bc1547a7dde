package ldp

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/tilt"
)

// Rates holds what the rate functions need: the aligned family of p towards
// q and the optimal aligned model φ_δ.
type Rates struct {
	fam   *tilt.Family
	p     []float64
	logq  []float64
	Delta float64 // δ
	Alpha float64 // α(δ)
	// TStar = H(φ_δ‖q), the typical reward rate under φ_δ^m and under
	// best-of-N with N = exp(m·δ) (Lemma 7).
	TStar float64
	// Lo, Hi: the interval (−log max q, −log min q) over the support of p.
	Lo, Hi  float64
	phi     []float64
	logZTop float64 // log Σ p (q/q_max)^α at α(δ)
}

// New returns the rate functions for p, reward logq = log q and δ ∈ [0, delta_max).
func New(p, logq []float64, delta float64) (*Rates, error) {
	fam, err := tilt.NewFamily(p, logq)
	if err != nil {
		return nil, err
	}
	alpha, err := fam.AlphaForKL(delta)
	if err != nil {
		return nil, err
	}
	pt := fam.At(alpha)
	r := &Rates{fam: fam, p: p, logq: logq, Delta: delta, Alpha: alpha, TStar: pt.CrossEntropy,
		phi: fam.Tilt(alpha), logZTop: pt.LogZTop}
	r.Lo, r.Hi = fam.RateInterval()
	if !(r.Lo < r.Hi) {
		return nil, fmt.Errorf("ldp: q is constant on the support of p: the reward rate interval (%v, %v) is empty", r.Lo, r.Hi)
	}
	return r, nil
}

// Family returns the aligned family.
func (r *Rates) Family() *tilt.Family { return r.fam }

// Phi returns φ_δ (shared; do not modify).
func (r *Rates) Phi() []float64 { return r.phi }

// OutsideError reports a reward rate outside the closed interval.
type OutsideError struct{ T, Lo, Hi float64 }

func (e *OutsideError) Error() string {
	return fmt.Sprintf("reward rate t = %v is outside [−log max q, −log min q] = [%v, %v] (over the support of p)", e.T, e.Lo, e.Hi)
}

// Point is the rate functions at one reward rate.
type Point struct {
	T float64
	// Beta = β(t); ±Inf at the ends of the interval.
	Beta float64
	// J0 = J₀(t) (Theorem 3), JDelta = J_Δ(t) (Theorem 1), JBoN = best-of-N's
	// rate (+Inf for t > t*).
	J0, JDelta, JBoN float64
}

// At evaluates the rate functions at t ∈ [Lo, Hi]; the ends give the limits.
// Accuracy: J₀ and J_Δ to ~1e-13 relative (non-negative kernel over the log
// ratio of two tilts; β(t) solved to 1e-14).
func (r *Rates) At(t float64) (Point, error) {
	if math.IsNaN(t) || t < r.Lo || t > r.Hi {
		return Point{}, &OutsideError{t, r.Lo, r.Hi}
	}
	var beta float64
	switch t {
	case r.Lo:
		beta = math.Inf(1)
	case r.Hi:
		beta = math.Inf(-1)
	default:
		var err error
		beta, err = r.fam.BetaForRate(t)
		if err != nil {
			return Point{}, err
		}
	}
	pt := Point{T: t, Beta: beta}
	pt.J0 = r.fam.At(beta).KL
	pt.JDelta = r.klToPhi(beta)
	pt.JBoN = r.jBoN(t, pt.J0)
	return pt, nil
}

// jBoN is best-of-N's rate function given J₀(t).
func (r *Rates) jBoN(t, j0 float64) float64 {
	if t > r.TStar {
		return math.Inf(1)
	}
	return math.Max(0, j0-r.Delta)
}

// klToPhi returns KL(T_β‖φ_δ) = Σ φ·h(x) with x = log(T_β/φ_δ) =
// (β − α)·log q − (log Z_β − log Z_α), each term non-negative.
func (r *Rates) klToPhi(beta float64) float64 {
	xb := r.fam.LogRatio(beta)    // log(T_β/p)
	xa := r.fam.LogRatio(r.Alpha) // log(φ/p)
	var s xmath.Accumulator
	for i, pi := range r.p {
		if pi == 0 {
			continue
		}
		s.Add(xmath.KLTerm(math.Log(pi)+xa[i], xb[i]-xa[i]))
	}
	return s.Value()
}

// Identity returns J₀(t) − δ − J_Δ(t) − α(t* − t), zero by the
// exponential-family identity (tests pin it).
func (r *Rates) Identity(pt Point) float64 {
	return pt.J0 - r.Delta - pt.JDelta - r.Alpha*(r.TStar-pt.T)
}

// CellInf returns the infimum of J over the open window (t − w, t + w) ∩
// [Lo, Hi] for a convex J with minimum at tMin, given J's evaluator: the
// value at the point of the window nearest tMin (the finite-m exponents
// converge to this as m → ∞ for a fixed window).
func (r *Rates) CellInf(t, w, tMin float64, j func(float64) (float64, error)) (float64, error) {
	lo, hi := math.Max(t-w, r.Lo), math.Min(t+w, r.Hi)
	switch {
	case tMin <= lo:
		return j(lo)
	case tMin >= hi:
		return j(hi)
	}
	return 0, nil
}

// JDeltaCell is inf of J_Δ over the window (t−w, t+w).
func (r *Rates) JDeltaCell(t, w float64) (float64, error) {
	return r.CellInf(t, w, r.TStar, func(s float64) (float64, error) {
		pt, err := r.At(s)
		return pt.JDelta, err
	})
}

// J0Cell is inf of J₀ over the window (its minimum is at H(p‖q)).
func (r *Rates) J0Cell(t, w float64) (float64, error) {
	tp := r.fam.At(0).CrossEntropy
	return r.CellInf(t, w, tp, func(s float64) (float64, error) {
		pt, err := r.At(s)
		return pt.J0, err
	})
}

// JBoNCell is inf of best-of-N's rate over the window: 0 if t* is inside,
// J₀(t+w) − δ if the window lies left of t*, +Inf if right of it.
func (r *Rates) JBoNCell(t, w float64) (float64, error) {
	lo, hi := math.Max(t-w, r.Lo), math.Min(t+w, r.Hi)
	switch {
	case r.TStar > lo && r.TStar < hi:
		return 0, nil
	case lo >= r.TStar:
		return math.Inf(1), nil
	}
	pt, err := r.At(hi)
	if err != nil {
		return 0, err
	}
	return pt.JBoN, nil
}

// VaradhanSup returns sup_t {−ρ·t − J_Δ(t)} over [Lo, Hi], maximised
// numerically (golden-section search on the concave objective, then the
// ends). By Varadhan's lemma and Corollary 1 it equals −ρ·H_{1+ρ}(φ_δ‖q).
func (r *Rates) VaradhanSup(rho float64) (float64, error) {
	f := func(t float64) float64 {
		pt, err := r.At(t)
		if err != nil {
			return math.Inf(-1)
		}
		return -rho*t - pt.JDelta
	}
	a, b := r.Lo, r.Hi
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for i := 0; i < 200 && b-a > 1e-15*math.Max(1, math.Abs(a)+math.Abs(b)); i++ {
		if fc >= fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	best := math.Max(fc, fd)
	best = math.Max(best, math.Max(f(r.Lo), f(r.Hi)))
	return best, nil
}
