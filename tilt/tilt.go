package tilt

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// Family is the aligned family of p towards q (Definition 4 of the paper):
// the one-parameter exponential family T(q, p, α) ∝ p·q^α, α ∈ ℝ ∪ {±∞},
// restricted to the support of p. It is immutable and safe for concurrent use.
type Family struct {
	k          int
	idx        []int     // symbol index of each support atom
	p, logp    []float64 // p on the support
	r          []float64 // reward r = log q on the support
	rmax, rmin float64
	logPTop    float64 // log P_p(S), S = argmax of r over the support
	logPBot    float64 // log P_p(argmin of r over the support)
	dmax       float64
	dmaxLo     float64   // delta_max = dmax + dmaxLo to ~1e-30 (double-double)
	maxLogP    float64   // max log p: a shift that keeps every exponent ≤ 0
	pScaled    []float64 // p/max p
	sumP       float64   // Σ p (1 up to rounding)
	v0         float64   // Var_p(r), the derivative scale at α = 0
}

// NewFamily returns the aligned family for the reference distribution p
// (entries ≥ 0, summing to 1) and the reward logq = log q (finite wherever
// p > 0; rewards need not be normalised: only their differences matter for
// the tilt, and expected rewards are reported in the units given).
func NewFamily(p, logq []float64) (*Family, error) {
	if len(p) != len(logq) {
		return nil, fmt.Errorf("tilt: p has %d entries and q has %d", len(p), len(logq))
	}
	f := &Family{k: len(p), rmax: math.Inf(-1), rmin: math.Inf(1)}
	for i, pi := range p {
		if !(pi >= 0) || math.IsInf(pi, 0) {
			return nil, fmt.Errorf("tilt: p[%d] = %v is not a probability", i, pi)
		}
		if pi == 0 {
			continue
		}
		ri := logq[i]
		if math.IsNaN(ri) || math.IsInf(ri, 0) {
			return nil, fmt.Errorf("tilt: log q[%d] = %v is not finite where p > 0", i, ri)
		}
		f.idx = append(f.idx, i)
		f.p = append(f.p, pi)
		f.logp = append(f.logp, math.Log(pi))
		f.r = append(f.r, ri)
		f.rmax = math.Max(f.rmax, ri)
		f.rmin = math.Min(f.rmin, ri)
	}
	if len(f.idx) == 0 {
		return nil, errors.New("tilt: p has no positive entry")
	}
	var top, bot, rest xmath.Accumulator
	for j, pj := range f.p {
		if f.r[j] == f.rmax {
			top.Add(pj)
		} else {
			rest.Add(pj)
		}
		if f.r[j] == f.rmin {
			bot.Add(pj)
		}
	}
	pTop, pRest := top.Value(), rest.Value()
	f.logPTop = math.Log(pTop / (pTop + pRest))
	if pTop > pRest {
		f.logPTop = math.Log1p(-pRest / (pTop + pRest))
	}
	f.logPBot = math.Log(bot.Value() / (pTop + pRest))
	f.dmax, f.dmaxLo = deltaMaxDD(&top, &rest)
	if f.dmax == 0 { // -0
		f.dmax = 0
	}
	f.maxLogP = math.Inf(-1)
	for _, lp := range f.logp {
		f.maxLogP = math.Max(f.maxLogP, lp)
	}
	f.pScaled = make([]float64, len(f.p))
	for j, lp := range f.logp {
		f.pScaled[j] = math.Exp(lp - f.maxLogP)
	}
	f.sumP = xmath.Sum(f.p)
	f.v0 = f.eval(0, make([]float64, len(f.p)), nil).Variance
	return f, nil
}

// K returns the alphabet size.
func (f *Family) K() int { return f.k }

// DeltaMax returns delta_max = −log P_p(S), S the argmax of q over the
// support of p (ties included): the supremum of KL(T_α‖p), approached as
// α → ∞ where T_α → p conditioned on S. α(Δ) exists exactly for Δ in
// [0, delta_max).
func (f *Family) DeltaMax() float64 { return f.dmax }

// deltaMaxDD returns −log(P_S/(P_S + P_rest)) as a double-double hi + lo
// from the compensated sums of p on and off S: the budgets Δ close to
// delta_max that AlphaForKL solves on the gap delta_max − Δ need delta_max to
// better than float64 (at Δ = delta_max·(1 − 1e-9) a rounded delta_max would
// cost α seven digits). One 128-bit logarithm per family.
func deltaMaxDD(top, rest *xmath.Accumulator) (hi, lo float64) {
	const prec = 256
	sum := func(a *xmath.Accumulator) *big.Float {
		s, c := a.Parts()
		x := new(big.Float).SetPrec(prec).SetFloat64(s)
		return x.Add(x, new(big.Float).SetPrec(prec).SetFloat64(c))
	}
	pt, pr := sum(top), sum(rest)
	if pr.Sign() == 0 {
		return 0, 0
	}
	tot := new(big.Float).SetPrec(prec).Add(pt, pr)
	ratio := new(big.Float).SetPrec(prec).Quo(pt, tot)
	d := xmath.BigLog(ratio, 128)
	d.Neg(d)
	hi, _ = d.Float64()
	lo, _ = d.Sub(d, new(big.Float).SetFloat64(hi)).Float64()
	return hi, lo
}

// DeltaMin returns −log P_p(argmin of q over the support of p) = the limit of
// KL(T_β‖p) as β → −∞.
func (f *Family) DeltaMin() float64 { return -f.logPBot }

// RateInterval returns the open interval (−log max q, −log min q) (max and
// min over the support of p) of reward rates t for which β(t) exists.
func (f *Family) RateInterval() (lo, hi float64) { return -f.rmax, -f.rmin }

// Point describes one member T(q, p, α) of the family.
type Point struct {
	Alpha float64
	// KL is KL(T_α‖p).
	KL float64
	// Gap is delta_max − KL for α ≥ 0, computed without cancellation as
	// log1p(R/P_S) + α·E_T[r_max − r] (R the tilted mass outside S, unnormalised).
	Gap float64
	// CrossEntropy is H(T_α‖q) = −E_T[r]; ExpectedReward is E_T[r].
	CrossEntropy, ExpectedReward float64
	// DTop = E_T[r_max − r] ≥ 0 and DBot = E_T[r − r_min] ≥ 0: the distance of
	// the mean reward to the ends of its range, each accurate when small.
	DTop, DBot float64
	// Variance is Var_T(r); dKL/dα = α·Variance, dH(T‖q)/dα = −Variance.
	Variance float64
	// LogZ is log Σ p·q^α, and LogZTop = log Σ p·(q/q_max)^α = LogZ − α·log q_max
	// computed directly (no cancellation for α ≥ 0), the normaliser callers
	// need for log(T_α/p) = α(log q − log q_max) − LogZTop.
	LogZ, LogZTop float64
}

// At evaluates the family at α (any real, or ±Inf for the limits p|S and
// p|argmin q).
func (f *Family) At(alpha float64) Point {
	return f.eval(alpha, make([]float64, len(f.p)), nil)
}

// eval computes Point at α using scratch (len = support size). If phi is
// non-nil it receives the tilt on the support.
func (f *Family) eval(alpha float64, scratch, phi []float64) Point {
	pt := Point{Alpha: alpha}
	span := f.rmax - f.rmin
	switch {
	case math.IsNaN(alpha):
		panic("tilt: α is NaN")
	case math.IsInf(alpha, 1), math.IsInf(alpha, -1):
		target := f.rmax
		logMass := f.logPTop
		if alpha < 0 {
			target, logMass = f.rmin, f.logPBot
		}
		pt.KL = -logMass
		pt.CrossEntropy, pt.ExpectedReward = -target, target
		pt.DTop, pt.DBot = f.rmax-target, target-f.rmin
		pt.LogZ = math.Copysign(math.Inf(1), alpha)
		if alpha > 0 {
			pt.Gap = 0
		} else {
			pt.Gap = f.dmax - pt.KL
		}
		if phi != nil {
			mass := math.Exp(logMass)
			for j := range phi {
				phi[j] = 0
				if f.r[j] == target {
					phi[j] = f.p[j] / mass
				}
			}
		}
		return pt
	}
	ref := f.rmax
	if alpha < 0 {
		ref = f.rmin
	}
	// Pass 1: e_j = exp(a_j − shift) with a_j = log p_j + α(r_j − ref) ≤ log p_j,
	// so shift = max log p keeps e_j ≤ 1 (e_j = (p_j/max p)·e^{α(r_j−ref)});
	// sums on and off the top set S and a rough mean. For small |α|·span the
	// tilt factors are taken as 1 + expm1 so that Σ p·expm1(α(r − ref)) is
	// available without cancellation. If everything underflows (p's heaviest
	// atoms tilted away by e^−700) a second pass uses the exact maximum.
	small := math.Abs(alpha)*span < 1
	shift := f.maxLogP
	var sTop, sRest, sMean, sT xmath.Accumulator
	for pass := 0; pass < 2; pass++ {
		sTop, sRest, sMean, sT = xmath.Accumulator{}, xmath.Accumulator{}, xmath.Accumulator{}, xmath.Accumulator{}
		for j, lp := range f.logp {
			d := f.r[j] - ref
			var e float64
			switch {
			case pass == 1:
				e = math.Exp(lp + alpha*d - shift)
			case small:
				em1 := math.Expm1(alpha * d)
				e = f.pScaled[j] * (1 + em1)
				sT.Add(f.p[j] * em1)
			default:
				e = f.pScaled[j] * math.Exp(alpha*d)
			}
			scratch[j] = e
			if f.r[j] == f.rmax {
				sTop.Add(e)
			} else {
				sRest.Add(e)
			}
			sMean.Add(e * d)
		}
		if small || sTop.Value()+sRest.Value() > 1e-200 || pass == 1 {
			break
		}
		shift = math.Inf(-1)
		for j, lp := range f.logp {
			shift = math.Max(shift, lp+alpha*(f.r[j]-ref))
		}
	}
	m := shift
	st, sr := sTop.Value(), sRest.Value()
	s := st + sr
	logZref := m + math.Log(s) // log Σ p e^{α(r−ref)}
	// The KL kernel below runs over p̃ = klScale·p with log(φ/p̃) =
	// α(r − ref) − klShift.
	klShift, klScale := logZref, 1.0
	if small {
		// log Σ p̃ e^{α(r−ref)} = log1p(Σ p expm1(α(r − ref))/Σp), accurate
		// relative to itself; over p̃ = p/Σp, KL → 0 with α even when Σp ≠ 1
		// by rounding.
		sp := f.sumP
		klShift, klScale = math.Log1p(sT.Value()/sp), 1/sp
		logZref = math.Log(sp) + klShift
	}
	pt.LogZ = logZref + alpha*ref
	pt.LogZTop = logZref + alpha*(ref-f.rmax)
	centre := ref + sMean.Value()/s
	// Pass 2: KL by the non-negative kernel, distances to the ends, variance.
	var kl, dTop, dBot, v1, v2 xmath.Accumulator
	inv := 1 / s
	for j, e := range scratch {
		fj := e * inv
		if phi != nil {
			phi[j] = fj
		}
		x := alpha*(f.r[j]-ref) - klShift // log(φ_j/p̃_j)
		if math.Abs(x) < 0.5 {
			kl.Add(klScale * f.p[j] * xmath.KLKernel(x))
		} else {
			kl.Add(klScale*f.p[j] + fj*(x-1))
		}
		dTop.Add(fj * (f.rmax - f.r[j]))
		dBot.Add(fj * (f.r[j] - f.rmin))
		d := f.r[j] - centre
		v1.Add(fj * d)
		v2.Add(fj * d * d)
	}
	pt.KL = kl.Value()
	pt.DTop, pt.DBot = clamp(dTop.Value(), span), clamp(dBot.Value(), span)
	if pt.DTop <= pt.DBot {
		pt.ExpectedReward = f.rmax - pt.DTop
	} else {
		pt.ExpectedReward = f.rmin + pt.DBot
	}
	pt.CrossEntropy = -pt.ExpectedReward
	mu := v1.Value()
	pt.Variance = math.Max(0, v2.Value()-mu*mu)
	if alpha >= 0 {
		pt.Gap = math.Log1p(sr/st) + alpha*pt.DTop
	} else {
		pt.Gap = f.dmax - pt.KL
	}
	return pt
}

func clamp(x, hi float64) float64 { return math.Min(math.Max(x, 0), hi) }

// Tilt returns T(q, p, α) over all K symbols (0 off the support of p).
// α = +Inf gives p conditioned on the argmax set S; α = −Inf on the argmin set.
func (f *Family) Tilt(alpha float64) []float64 {
	phiS := make([]float64, len(f.p))
	f.eval(alpha, make([]float64, len(f.p)), phiS)
	out := make([]float64, f.k)
	for j, i := range f.idx {
		out[i] = phiS[j]
	}
	return out
}

// LogRatio returns log(T_α(y)/p(y)) = α·log q(y) − log Z_α for every symbol
// (0 off the support of p, where both are 0). For α = ±Inf it is −Inf
// outside the limiting set.
func (f *Family) LogRatio(alpha float64) []float64 {
	out := make([]float64, f.k)
	if math.IsInf(alpha, 0) {
		target, logMass := f.rmax, f.logPTop
		if alpha < 0 {
			target, logMass = f.rmin, f.logPBot
		}
		for j, i := range f.idx {
			out[i] = math.Inf(-1)
			if f.r[j] == target {
				out[i] = -logMass
			}
		}
		return out
	}
	// Relative to r_max, so that α·r and log Z, large and nearly equal,
	// never cancel.
	logZTop := f.At(alpha).LogZTop
	for j, i := range f.idx {
		out[i] = alpha*(f.r[j]-f.rmax) - logZTop
	}
	return out
}

// Tilt returns the mismatched tilt T(q, p, α)(y) = p(y)q(y)^α / Σ_z p(z)q(z)^α
// of Lemma 1 (argument order as in the paper). It panics if the inputs are
// not a distribution p and a positive vector q of the same length; use
// NewFamily for error returns and for repeated evaluation.
func Tilt(q, p []float64, alpha float64) []float64 {
	logq := make([]float64, len(q))
	for i, x := range q {
		logq[i] = math.Log(x)
	}
	f, err := NewFamily(p, logq)
	if err != nil {
		panic(err)
	}
	return f.Tilt(alpha)
}

// RateIntervalLo returns −log max q over the support of p (the left end of
// RateInterval): minus the top reward.
func (f *Family) RateIntervalLo() float64 { return -f.rmax }
