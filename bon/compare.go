package bon

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// Budget chooses the KL budget Δ at which best-of-N is compared with the
// optimal aligned model φ_Δ.
type Budget int

const (
	// BudgetExact uses Δ = KL(π_N‖p), best-of-N's own KL.
	BudgetExact Budget = iota
	// BudgetBound uses Δ = log N − (N−1)/N (Beirami et al. 2024).
	BudgetBound
	// BudgetLogN uses Δ = log N (Lemma 6; the paper's N = exp(Δ)).
	BudgetLogN
)

// ParseBudget parses "exact", "bound" or "logn".
func ParseBudget(s string) (Budget, error) {
	switch s {
	case "exact":
		return BudgetExact, nil
	case "bound":
		return BudgetBound, nil
	case "logn":
		return BudgetLogN, nil
	}
	return 0, fmt.Errorf("budget %q: expected exact, bound or logn", s)
}

func (b Budget) String() string {
	return [...]string{"exact", "bound", "logn"}[b]
}

// limitSlack is how close (relatively) a budget must come to delta_max to be
// treated as delta_max itself: within float64 resolution.
const limitSlack = 4 * xmath.Eps

// Comparison is best-of-N set against the optimal KL-constrained policy φ_Δ
// with the same KL budget Δ (Lemma 2 of the paper).
type Comparison struct {
	N, LogN float64
	Budget  Budget
	// Delta is the budget Δ; DeltaMax is −log P_p(S).
	Delta, DeltaMax float64
	// Alpha is α(Δ). AlphaInfinite reports the limit case Δ ≥ delta_max
	// (within float64 resolution), where φ_Δ is p conditioned on S and Alpha
	// is +Inf.
	Alpha         float64
	AlphaInfinite bool
	// KLBonP is KL(π_N‖p), exact.
	KLBonP float64
	// RewardBon = E_{π_N}[r] and RewardPhi = E_{φ_Δ}[r], r = log q.
	RewardBon, RewardPhi float64
	// KLBonPhi is KL(π_N‖φ_Δ). KLBonPhiInfinite is set when it is +Inf (only
	// in the limit case, when π_N puts more than float64 resolution of mass
	// outside S, which φ_∞ does not charge); KLBonPhi is then +Inf.
	KLBonPhi         float64
	KLBonPhiInfinite bool
	// RewardGap is ε = H(π_N‖q) − H(φ_Δ‖q) ≥ 0 (Lemma 2's ε).
	RewardGap float64
	// Lemma2Bound is α(Δ)·ε; Lemma 2 says KL(π_N‖φ_Δ) ≤ Lemma2Bound, with
	// equality for the exact budget (the proof of Lemma 2). In the limit case
	// it is 0 when π_N's mass outside S is below float64 resolution, else +Inf
	// with Lemma2BoundInfinite.
	Lemma2Bound         float64
	Lemma2BoundInfinite bool
	// MassOutsideTop is π_N(Y ∉ S) = (1 − P_p(S))^N.
	MassOutsideTop float64
	// Pi and Phi are π_N and φ_Δ over the K symbols.
	Pi, Phi []float64
}

// BudgetFor returns Δ for the budget rule b given best-of-N's own KL.
func BudgetFor(b Budget, c Count, klBon float64) float64 {
	switch b {
	case BudgetBound:
		return xmath.BoNKLBound(c.LogN)
	case BudgetLogN:
		return c.LogN
	}
	return klBon
}

// Compare returns the Lemma 2 comparison of π_N with φ_Δ, Δ chosen by b.
// With BudgetExact Δ = KL(π_N‖p) < delta_max always holds mathematically;
// when it reaches delta_max within float64 resolution (large N on a small
// alphabet), and with BudgetBound or BudgetLogN whenever Δ ≥ delta_max, φ is
// the limit p conditioned on S (AlphaInfinite). Cost: Θ(K) plus one α(Δ)
// solve (a few Θ(levels) passes).
func (s *Selector) Compare(c Count, b Budget) (Comparison, error) {
	bn := s.BestOfN(c)
	cmp := Comparison{
		N: c.N, LogN: c.LogN, Budget: b,
		DeltaMax: s.DeltaMax(), KLBonP: bn.KL, RewardBon: bn.ExpectedReward,
		Pi: bn.Pi,
	}
	cmp.Delta = BudgetFor(b, c, bn.KL)
	lv, xpi := s.lv, bn.LevelLogRatio
	top := lv.Reward[0]
	// π_N(Y ∉ S) = F⁻(top)^N = (1 − P_S)^N.
	cmp.MassOutsideTop = math.Exp(c.times(xmath.Log1mExp(-lv.LogMass[0])))
	if cmp.Delta >= cmp.DeltaMax*(1-limitSlack) {
		cmp.AlphaInfinite = true
		cmp.Alpha = math.Inf(1)
		cmp.RewardPhi = top
		var gap xmath.Accumulator
		for j, lm := range lv.LogMass {
			if !math.IsInf(lm, -1) && !math.IsInf(xpi[j], -1) {
				gap.Add(math.Exp(lm+xpi[j]) * (top - lv.Reward[j]))
			}
		}
		cmp.RewardGap = gap.Value()
		// π_N's mass outside S below float64 resolution counts as zero: π_N is
		// then p conditioned on S, exactly φ_∞, and α·ε → 0.
		switch {
		case cmp.MassOutsideTop <= limitSlack || cmp.RewardGap == 0:
			cmp.KLBonPhi, cmp.Lemma2Bound = 0, 0
		default:
			cmp.KLBonPhi, cmp.KLBonPhiInfinite = math.Inf(1), true
			cmp.Lemma2Bound, cmp.Lemma2BoundInfinite = math.Inf(1), true
		}
		cmp.Phi = s.symbolTilt(math.Inf(1))
		return cmp, nil
	}
	alpha, err := s.fam().AlphaForKL(cmp.Delta)
	if err != nil {
		return Comparison{}, err
	}
	cmp.Alpha = alpha
	pt := s.fam().At(alpha)
	cmp.RewardPhi = pt.ExpectedReward
	// Per level: log(φ_Δ/p) = α(r_j − r_top) − log Z', with Z' = Σ P e^{α(r−r_top)}.
	logZref := pt.LogZTop
	var kl, gap xmath.Accumulator
	for j, lm := range lv.LogMass {
		if math.IsInf(lm, -1) {
			continue
		}
		xphi := alpha*(lv.Reward[j]-top) - logZref
		d := xpi[j] - xphi // log(π/φ) on level j
		kl.Add(xmath.KLTerm(lm+xphi, d))
		// (φ_j − π_j)(top − r_j)·(−1): ε = E_φ[r] − E_π[r] = Σ (π_j − φ_j)(top − r_j).
		// π_j − φ_j = φ_j·expm1(d) keeps accuracy when π_j ≈ φ_j; for d ≥ 1
		// (π_j ≥ e·φ_j) the plain difference has no cancellation and does not
		// overflow where φ_j is subnormal and expm1(d) = +Inf (Inf·φ_j, or
		// Inf in the compensated sum, made ε NaN).
		diff := math.Exp(lm+xphi) * math.Expm1(d)
		if d >= 1 {
			diff = math.Exp(lm+xpi[j]) - math.Exp(lm+xphi)
		}
		gap.Add(diff * (top - lv.Reward[j]))
	}
	cmp.KLBonPhi = kl.Value()
	cmp.RewardGap = gap.Value()
	cmp.Lemma2Bound = alpha * cmp.RewardGap
	cmp.Phi = s.symbolTilt(alpha)
	return cmp, nil
}

// symbolTilt spreads the level tilt over symbols in proportion to p.
func (s *Selector) symbolTilt(alpha float64) []float64 {
	levelPhi := s.fam().Tilt(alpha)
	out := make([]float64, len(s.p))
	for i, j := range s.level {
		if j >= 0 {
			out[i] = s.p[i] * (levelPhi[j] / math.Exp(s.lv.LogMass[j]))
		}
	}
	return out
}

// Compare is the convenience form of New(p, logq) and Selector.Compare for a
// real N ≥ 1.
func Compare(p, logq []float64, n float64, b Budget) (Comparison, error) {
	c, err := NewCount(n)
	if err != nil {
		return Comparison{}, err
	}
	s, err := New(p, logq)
	if err != nil {
		return Comparison{}, err
	}
	return s.Compare(c, b)
}
