package bigref

import (
	"fmt"
	"math"
	"math/big"
)

// TiltResult is the mismatched tilt φ = T(q, p, α) of Lemma 1 with its
// moments, all with Prec bits. p̂ denotes p normalised by its sum.
type TiltResult struct {
	Alpha *big.Float   // α
	Phi   []*big.Float // φ_i = p̂_i q_i^α / Σ_j p̂_j q_j^α, with q^α = exp(α·logq)
	// KL is KL(φ‖p̂) = α E_φ[logq] - log Σ_j p̂_j q_j^α.
	KL *big.Float
	// CrossEntropy is H(φ‖q) = -E_φ[logq] = -Σ_i φ_i logq_i.
	CrossEntropy *big.Float
	// LogZ is log Σ_j p̂_j q_j^α.
	LogZ *big.Float
	// RewardVar is Var_φ[logq]; dKL/dα = α·RewardVar and
	// dH(φ‖q)/dα = -RewardVar.
	RewardVar *big.Float
}

func newTiltResult(c ctx, te *tiltEval) *TiltResult {
	return &TiltResult{
		Alpha: te.alpha, Phi: te.phi, KL: te.kl,
		CrossEntropy: c.f().Neg(te.el), LogZ: te.logZ, RewardVar: te.vr,
	}
}

func checkFinite(name string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		panic(fmt.Sprintf("bigref: %s = %v, want finite", name, x))
	}
}

// Tilt returns the mismatched tilt (Lemma 1 of the paper) for real α:
//
//	T(q, p, α)_i = p_i q_i^α / Σ_j p_j q_j^α,   q_i^α = exp(α · logq_i),
//
// where p (float64, ≥ 0, zeros allowed) is normalised exactly by its sum and
// logq (float64, finite) is the reward r = log q used exactly as given.
// It panics on mismatched lengths, negative or non-finite entries, or p = 0.
func Tilt(p, logq []float64, alpha float64) *TiltResult {
	checkFinite("alpha", alpha)
	return TiltBig(p, logq, def.num(alpha))
}

// TiltBig is Tilt with α given as a big.Float (for example from AlphaForKL).
func TiltBig(p, logq []float64, alpha *big.Float) *TiltResult {
	m := newModel(def, p, logq)
	return newTiltResult(def, m.tilt(alpha))
}

// KLTilt returns KL(T(q,p,α)‖p̂) = α E_T[logq] - log Σ_j p̂_j q_j^α
// (see Tilt for the conventions).
func KLTilt(p, logq []float64, alpha float64) *big.Float { return Tilt(p, logq, alpha).KL }

// CrossEntropyTilt returns H(T(q,p,α)‖q) = -E_{T(q,p,α)}[logq]
// (see Tilt for the conventions).
func CrossEntropyTilt(p, logq []float64, alpha float64) *big.Float {
	return Tilt(p, logq, alpha).CrossEntropy
}

// DeltaMax returns the supremum of KL(T(q,p,α)‖p̂) over α ≥ 0:
//
//	Δ_max = -log P_p̂(S),   S = {i : p_i > 0, logq_i = max_{j: p_j > 0} logq_j}
//
// (ties included, exact float64 equality), computed as log1p(P(not S)/P(S)).
func DeltaMax(p, logq []float64) *big.Float { return newModel(def, p, logq).deltaMax() }

// AlphaForKL returns α(Δ) of Eq. 2 of the paper: the α ≥ 0 with
//
//	KL(T(q,p,α)‖p̂) = Δ,   0 ≤ Δ < Δ_max,
//
// found by Newton's method safeguarded by bisection (KL(T_α‖p̂) is increasing
// in α ≥ 0 with derivative α·Var_{T_α}[logq]). The relative error of the
// result is below 1e-40. AlphaForKL(0) = 0. Δ outside [0, Δ_max) returns an
// error wrapping ErrDomain.
func AlphaForKL(p, logq []float64, delta float64) (*big.Float, error) {
	checkFinite("delta", delta)
	return newModel(def, p, logq).alphaForKL(def.num(delta))
}

// AlphaForKLBig is AlphaForKL with Δ given as a big.Float.
func AlphaForKLBig(p, logq []float64, delta *big.Float) (*big.Float, error) {
	return newModel(def, p, logq).alphaForKL(delta)
}

// BetaForRate returns β(t) of Theorem 1 of the paper: the real β with
//
//	H(T(q,p,β)‖q) = -E_{T_β}[logq] = t,   -max logq < t < -min logq
//
// (max and min over the support of p). H(T_β‖q) is decreasing in β with
// derivative -Var_{T_β}[logq]; β > 0 when t < H(p̂‖q). Found by safeguarded
// Newton; relative error below 1e-40 (absolute 1e-40 when |β| < 1). t outside
// the open interval returns an error wrapping ErrDomain.
func BetaForRate(p, logq []float64, t float64) (*big.Float, error) {
	checkFinite("t", t)
	return newModel(def, p, logq).betaForRate(def.num(t))
}

// cumulant returns (1/ρ) log Σ_i φ_i e^{ρ logq_i} (ρ ≠ 0) or Σ_i φ_i logq_i
// (ρ = 0). For ρ ≠ 0 it is evaluated centred at c = Σ φ logq / Σ φ,
//
//	(1/ρ) log Σ φ_i e^{ρ logq_i} = c + (log Σφ + log1p(Σ φ_i expm1(ρ (logq_i - c)) / Σφ)) / ρ,
//
// so that small ρ loses no accuracy to cancellation.
func (c ctx) cumulant(phi []*big.Float, logq []float64, rho *big.Float) *big.Float {
	if len(phi) != len(logq) {
		panic(fmt.Sprintf("bigref: length mismatch %d != %d", len(phi), len(logq)))
	}
	s, m1 := c.f(), c.f()
	x := c.f()
	for i := range phi {
		if phi[i].Sign() != 0 {
			accum(s, phi[i])
			accum(m1, x.Mul(phi[i], c.num(logq[i])))
		}
	}
	if rho.Sign() == 0 {
		return m1
	}
	cen := c.f().Quo(m1, s)
	w := c.f()
	for i := range phi {
		if phi[i].Sign() == 0 {
			continue
		}
		x.Sub(c.num(logq[i]), cen)
		x.Mul(rho, x)
		accum(w, x.Mul(phi[i], c.expm1(x)))
	}
	r := c.log1p(w.Quo(w, s))
	r.Add(r, c.log(s))
	r.Quo(r, rho)
	return r.Add(r, cen)
}

// ScaledCumulant returns the scaled cumulant of the reward under φ (Lemma 3 of
// the paper):
//
//	E_ρ = (1/ρ) log Σ_i φ_i q_i^ρ = (1/ρ) log E_φ[e^{ρ logq}]   (ρ ≠ 0),
//	E_0 = E_φ[logq]                                              (ρ = 0, the limit),
//
// so that E_ρ = -H_{1+ρ}(φ‖q), the Rényi cross-entropy of order 1+ρ. φ is
// used as given (it should sum to 1, as the Phi of a TiltResult does).
func ScaledCumulant(phi []*big.Float, logq []float64, rho float64) *big.Float {
	checkFinite("rho", rho)
	return def.cumulant(phi, logq, def.num(rho))
}

// RenyiCrossEntropyLog returns the Rényi cross-entropy of order t of a big
// distribution φ to q = exp(logq):
//
//	H_t(φ‖q) = 1/(1-t) log Σ_i φ_i e^{(t-1) logq_i} = -ScaledCumulant(φ, logq, t-1),
//
// and H(φ‖q) = -E_φ[logq] at t = 1. The order is passed as ρ = t - 1 so that
// orders very close to 1 are represented exactly.
func RenyiCrossEntropyLog(phi []*big.Float, logq []float64, rho float64) *big.Float {
	r := ScaledCumulant(phi, logq, rho)
	return r.Neg(r)
}
