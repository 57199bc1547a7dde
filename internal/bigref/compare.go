package bigref

import (
	"fmt"
	"math/big"
)

// Budget names how Compare chooses the KL budget Δ of the optimal policy.
type Budget string

// The budgets of `tiltkit compare --budget`.
const (
	BudgetExact Budget = "exact" // Δ = KL(π_N‖p̂)
	BudgetBound Budget = "bound" // Δ = log N - (N-1)/N
	BudgetLogN  Budget = "logn"  // Δ = log N
)

// Comparison is best-of-N against the optimal KL-constrained policy
// φ_Δ = T(q, p, α(Δ)) with the same budget Δ (Lemma 2 of the paper), all with
// Prec bits. When Δ ≥ Δ_max no φ_Δ exists: Skipped is true and only N, LogN,
// Delta, DeltaMax, Pi, KLBonP and RewardBon are set. (With the exact budget
// Δ < Δ_max always holds, but Δ_max - Δ ≈ (1 - P_p̂(top))^N underflows
// big.Float's exponent range, 2^-2147483648, for very large N; such cases are
// Skipped too.)
type Comparison struct {
	Budget   Budget
	N, LogN  *big.Float
	Delta    *big.Float // the budget Δ
	DeltaMax *big.Float // -log P_p̂(argmax of logq over the support)
	Skipped  bool       // Δ ≥ Δ_max (or Δ_max - Δ underflows)
	// SkipReason says why a case is Skipped: "delta >= delta_max", or, with
	// the exact budget, "delta_max - delta underflows 2^-2147483648".
	SkipReason string
	Alpha      *big.Float // α(Δ): KL(φ_Δ‖p̂) = Δ
	Pi         []*big.Float
	Phi        []*big.Float
	// KLBonP is KL(π_N‖p̂).
	KLBonP *big.Float
	// RewardBon is E_{π_N}[logq] = -H(π_N‖q).
	RewardBon *big.Float
	// RewardPhi is E_{φ_Δ}[logq] = -H(φ_Δ‖q).
	RewardPhi *big.Float
	// KLBonPhi is KL(π_N‖φ_Δ) = Σ_y π_N(y) log(π_N(y)/φ_Δ(y)).
	KLBonPhi *big.Float
	// RewardGap is ε = H(π_N‖q) - H(φ_Δ‖q) = RewardPhi - RewardBon.
	RewardGap *big.Float
	// Lemma2Bound is α·ε, the bound of Lemma 2: KL(π_N‖φ_Δ) ≤ α ε when
	// KL(π_N‖p̂) ≤ Δ (with equality when Δ = KL(π_N‖p̂)). With the exact
	// budget and at most two distinct values of logq on the support of p,
	// π_N = φ_Δ and KLBonPhi, RewardGap and Lemma2Bound are returned as
	// exact zeros.
	Lemma2Bound *big.Float
	// Unresolved names the outputs (alpha, kl_bon_phi, reward_gap,
	// lemma2_bound) whose computations at the widest precision tried (3200
	// and 3264 bits for K ≤ 1000, 800 and 864 above) still disagree; their
	// values are then rounding noise, larger in magnitude than the true
	// (tiny) values. Empty except with the exact budget when Δ_max - Δ is
	// astronomically small (among the reference cases: N = 1e6 and 1e12 with
	// K ≤ 100, where these quantities are below 1e-7000).
	Unresolved []string
}

func (m *model) compare(n, logN *big.Float, budget Budget) (*Comparison, error) {
	c := m.c
	be := m.bestOfN(n, logN)
	cmp := &Comparison{
		Budget: budget, N: be.n, LogN: be.logN, DeltaMax: m.deltaMax(),
		Pi: be.pi, KLBonP: be.kl, RewardBon: be.el,
	}
	var gap *big.Float // Δ_max - Δ
	switch budget {
	case BudgetExact:
		cmp.Delta = c.f().Set(be.kl)
		gap = m.gapOf(be.mass)
	case BudgetBound:
		cmp.Delta = c.f().Set(be.klBound)
	case BudgetLogN:
		cmp.Delta = c.f().Set(be.logN)
	default:
		panic(fmt.Sprintf("bigref: unknown budget %q", budget))
	}
	if gap == nil {
		gap = c.f().Sub(cmp.DeltaMax, cmp.Delta)
	}
	if gap.Sign() <= 0 {
		cmp.Skipped = true
		cmp.SkipReason = "delta >= delta_max"
		if budget == BudgetExact {
			cmp.SkipReason = "delta_max - delta underflows 2^-2147483648"
		}
		return cmp, nil
	}
	alpha, err := m.alphaFor(cmp.Delta, gap)
	if err != nil {
		return nil, err
	}
	te := m.tilt(alpha)
	cmp.Alpha, cmp.Phi = alpha, te.phi

	// Level by level (π and φ are both constant multiples of p̂ on each level
	// set of logq): d_g = π(g) - φ(g) off the top level T, d_T = -Σ_{g≠T} d_g,
	//   KL(π‖φ) = Σ_g φ(g) h(d_g/φ(g)),  h(r) = (1+r) log1p(r) - r,
	//   ε = E_φ[logq] - E_π[logq] = Σ_{g≠T} d_g (l_T - l_g),
	// which stay accurate when π and φ both concentrate on the top level.
	lt := m.tiltLevels(alpha)
	T := m.top
	lT := c.num(m.gs[T].l)
	d := make([]*big.Float, len(m.gs))
	d[T] = c.f()
	cmp.RewardGap = c.f()
	rb := c.f() // Σ_{g≠T} π(g) (l_T - l_g)
	x, dl := c.f(), c.f()
	for g := range m.gs {
		if g == T {
			continue
		}
		d[g] = c.diffOf(be.mass[g], lt.mu[g])
		accum(d[T], c.f().Neg(d[g]))
		dl.Sub(lT, c.num(m.gs[g].l))
		accum(cmp.RewardGap, x.Mul(d[g], dl))
		accum(rb, x.Mul(be.mass[g], dl))
	}
	cmp.KLBonPhi = c.f()
	for g := range m.gs {
		switch {
		case lt.mu[g].Sign() == 0 && be.mass[g].Sign() == 0:
			continue
		case lt.mu[g].Sign() == 0:
			cmp.KLBonPhi.SetInf(false)
		}
		if cmp.KLBonPhi.IsInf() {
			break
		}
		x.Quo(d[g], lt.mu[g])
		accum(cmp.KLBonPhi, c.f().Mul(lt.mu[g], c.hFun(x)))
	}
	cmp.RewardBon = c.diffOf(lT, rb)
	cmp.RewardPhi = c.diffOf(lT, lt.s1)
	cmp.Lemma2Bound = c.f().Mul(alpha, cmp.RewardGap)
	if budget == BudgetExact && (len(m.gs) <= 2 || cmp.Delta.Sign() == 0) {
		// With two reward levels on the support, π_N and φ_Δ both reweight
		// p̂ by one factor on the top level and another on the bottom one;
		// KL(·‖p̂) is strictly increasing in the top mass above p̂(top), so
		// equal KL means π_N = φ_Δ exactly (and Δ = 0 means π_N = p̂ = φ_0).
		// Return the exact zeros rather than rounding noise.
		cmp.KLBonPhi.SetInt64(0)
		cmp.RewardGap.SetInt64(0)
		cmp.Lemma2Bound.SetInt64(0)
	}
	return cmp, nil
}

// Compare computes best-of-N (Definition 3, real N ≥ 1) against the optimal
// aligned model φ_Δ = T(q, p, α(Δ)) (Lemma 1) at the KL budget
//
//	Δ = KL(π_N‖p̂)          (BudgetExact),
//	Δ = log N - (N-1)/N     (BudgetBound),
//	Δ = log N               (BudgetLogN),
//
// and returns KL(π_N‖φ_Δ), the reward gap ε = H(π_N‖q) - H(φ_Δ‖q) and α·ε
// (Lemma 2). Cases with Δ ≥ Δ_max are returned with Skipped set. p is
// normalised exactly; logq is used as given. The computation is repeated at
// doubled precision (up to 3200 bits for K ≤ 1000, 800 above) until two runs
// 64 bits apart agree to 45 digits on alpha, KL(π_N‖φ_Δ), ε and α·ε; see
// Comparison.Unresolved.
func Compare(p, logq []float64, n float64, budget Budget) (*Comparison, error) {
	def.nFromFloat(n) // validate
	return compareAdaptive(p, logq, func(c ctx) (*big.Float, *big.Float) { return c.nFromFloat(n) }, budget)
}

// CompareLog is Compare with N = e^logN given by its logarithm.
func CompareLog(p, logq []float64, logN float64, budget Budget) (*Comparison, error) {
	def.nFromLog(logN) // validate
	return compareAdaptive(p, logq, func(c ctx) (*big.Float, *big.Float) { return c.nFromLog(logN) }, budget)
}

// resolvedDigits is the agreement, in significant digits, that Compare
// requires between its computations at two precisions.
const resolvedDigits = 45

// compareAdaptive runs m.compare at precisions prec and prec+64 for
// prec = Prec, 2·Prec, … up to maxPrecFor(K), until every output agrees to
// resolvedDigits digits. With the exact budget and large N, KL(π_N‖φ_Δ) and ε
// can be second-order small quantities (around (Δ_max - Δ)² ) that 200 bits
// cannot resolve; escalating the precision resolves many of them. Fields
// still unresolved at the last level are listed in Unresolved.
func compareAdaptive(p, logq []float64, nb func(c ctx) (n, logN *big.Float), budget Budget) (*Comparison, error) {
	for prec := uint(Prec); ; prec *= 2 {
		c1, c2 := ctx{prec: prec}, ctx{prec: prec + 64}
		n1, l1 := nb(c1)
		a, err := newModel(c1, p, logq).compare(n1, l1, budget)
		if err != nil {
			return nil, err
		}
		n2, l2 := nb(c2)
		b, err := newModel(c2, p, logq).compare(n2, l2, budget)
		if err != nil {
			return nil, err
		}
		a.Unresolved = nil
		if a.Skipped != b.Skipped {
			return nil, ErrNoConvergence
		}
		if !a.Skipped {
			for _, f := range []struct {
				name string
				x, y *big.Float
			}{
				{"alpha", a.Alpha, b.Alpha}, {"kl_bon_phi", a.KLBonPhi, b.KLBonPhi},
				{"reward_gap", a.RewardGap, b.RewardGap}, {"lemma2_bound", a.Lemma2Bound, b.Lemma2Bound},
			} {
				if agreeDigits(f.x, f.y) < resolvedDigits {
					a.Unresolved = append(a.Unresolved, f.name)
				}
			}
		}
		if len(a.Unresolved) == 0 || 2*prec > maxPrecFor(len(p)) {
			return a, nil
		}
	}
}
