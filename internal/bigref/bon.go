package bigref

import (
	"fmt"
	"math"
	"math/big"
)

// bonEval is the best-of-N distribution with its summary quantities.
type bonEval struct {
	n, logN *big.Float
	pi      []*big.Float
	kl      *big.Float // KL(π‖p̂)
	klBound *big.Float // log N - (N-1)/N
	el      *big.Float // E_π[logq]
	// mass[g] = F⁺^N - F⁻^N is the mass of group m.gs[g] (nil when N = 1).
	mass []*big.Float
}

// bestOfN evaluates Definition 3 with uniform tie-breaking for real N ≥ 1
// (n = N, logN = log N, both given). For each group g of equal logq (in
// increasing order) with masses B = P(logq < l_g), E = P(logq = l_g) and
// A = P(logq > l_g) (unnormalised sums of p), F⁺ = (B+E)/s, F⁻ = B/s and
//
//	F⁺^N - F⁻^N = exp(-N log1p(A/(B+E))) · (-expm1(-N log1p(E/B)))
//
// (the second factor is 1 when B = 0), which is accurate for tiny E, for F⁻
// near 1 and for huge N. Then π_i = p_i/E · (F⁺^N - F⁻^N) for i in g, and
//
//	KL(π‖p̂) = Σ_g m_g log(m_g s / E),  m_g = F⁺^N - F⁻^N,
//
// with log m_g taken from the same factorisation. N = 1 returns π = p̂ exactly.
func (m *model) bestOfN(n, logN *big.Float) *bonEval {
	c := m.c
	be := &bonEval{n: c.f().Set(n), logN: c.f().Set(logN), pi: make([]*big.Float, m.k)}
	for i := range be.pi {
		be.pi[i] = c.f()
	}
	one := c.num(1)
	// log N - (N-1)/N = log N - 1 + 1/N
	be.klBound = c.f().Sub(logN, one)
	accum(be.klBound, c.f().Quo(one, n))
	be.el = c.f()
	be.kl = c.f()
	if n.Cmp(one) == 0 {
		for _, i := range m.supp {
			be.pi[i].Set(m.ph[i])
			accum(be.el, c.f().Mul(m.ph[i], m.lb[i]))
		}
		be.mass = make([]*big.Float, len(m.gs))
		for g := range m.gs {
			be.mass[g] = c.f().Quo(m.gsum[g], m.s)
		}
		be.klBound.SetInt64(0)
		return be
	}
	gs := m.gs
	be.mass = make([]*big.Float, len(gs))
	below := make([]*big.Float, len(gs)) // B_g
	above := make([]*big.Float, len(gs)) // A_g
	eq := m.gsum                         // E_g
	acc := c.f()
	for g := range gs {
		below[g] = c.f().Set(acc)
		acc.Add(acc, eq[g])
	}
	acc.SetInt64(0)
	for g := len(gs) - 1; g >= 0; g-- {
		above[g] = c.f().Set(acc)
		acc.Add(acc, eq[g])
	}
	x := c.f()
	for g, gr := range gs {
		// log F⁺^N = -N log1p(A/(B+E))
		lfp := c.f()
		if above[g].Sign() > 0 {
			x.Add(below[g], eq[g])
			x.Quo(above[g], x)
			lfp.Mul(n, c.log1p(x))
			lfp.Neg(lfp)
		}
		// factor = 1 - (F⁻/F⁺)^N = -expm1(-N log1p(E/B))
		var factor, logFactor *big.Float
		if below[g].Sign() == 0 {
			factor, logFactor = c.num(1), c.f()
		} else {
			x.Quo(eq[g], below[g])
			x.Mul(n, c.log1p(x))
			x.Neg(x)
			factor = c.expm1(x)
			factor.Neg(factor)
			logFactor = c.log(factor)
		}
		mass := c.exp(lfp)
		mass.Mul(mass, factor)
		be.mass[g] = mass
		if mass.Sign() == 0 {
			continue // below 2^MinExp: contributes nothing representable
		}
		for _, i := range gr.idx {
			be.pi[i].Mul(m.p[i], mass)
			be.pi[i].Quo(be.pi[i], eq[g])
		}
		// m_g · (log m_g + log(s/E))
		lr := c.f().Set(lfp)
		accum(lr, logFactor)
		accum(lr, c.log(x.Quo(m.s, eq[g])))
		accum(be.kl, lr.Mul(lr, mass))
		accum(be.el, x.Mul(mass, c.num(gr.l)))
	}
	return be
}

// BoNResult is the best-of-N distribution π_N of Definition 3 (ties in logq
// broken uniformly) with its information quantities, all with Prec bits.
type BoNResult struct {
	N    *big.Float   // N
	LogN *big.Float   // log N
	Pi   []*big.Float // π_N(y) = p̂(y)/P_eq(y) · (F⁺(y)^N - F⁻(y)^N)
	// KL is KL(π_N‖p̂) = Σ_y π_N(y) log(π_N(y)/p̂(y)).
	KL *big.Float
	// KLBound is log N - (N-1)/N, the upper bound of KL (Lemma 6 for m = 1).
	KLBound *big.Float
	// CrossEntropy is H(π_N‖q) = -Σ_y π_N(y) logq(y).
	CrossEntropy *big.Float
	// ExpectedReward is E_{π_N}[logq] = -CrossEntropy.
	ExpectedReward *big.Float
}

func newBoNResult(c ctx, be *bonEval) *BoNResult {
	return &BoNResult{
		N: be.n, LogN: be.logN, Pi: be.pi, KL: be.kl, KLBound: be.klBound,
		CrossEntropy: c.f().Neg(be.el), ExpectedReward: be.el,
	}
}

func (c ctx) nFromFloat(n float64) (nb, logN *big.Float) {
	if math.IsNaN(n) || math.IsInf(n, 0) || n < 1 {
		panic(fmt.Sprintf("bigref: best-of-N with N = %v, want finite N >= 1", n))
	}
	nb = c.num(n)
	return nb, c.log(nb)
}

func (c ctx) nFromLog(logN float64) (nb, lb *big.Float) {
	if math.IsNaN(logN) || math.IsInf(logN, 0) || logN < 0 {
		panic(fmt.Sprintf("bigref: best-of-N with log N = %v, want finite log N >= 0", logN))
	}
	lb = c.num(logN)
	return c.exp(lb), lb
}

// BestOfN returns the best-of-N distribution (Definition 3 of the paper, for
// real N ≥ 1, ties in logq broken uniformly at random) of the reference model
// p (float64, normalised exactly by its sum; zeros allowed) under the reward
// logq (float64, ties are exactly equal values):
//
//	π_N(y) = p̂(y)/P_eq(y) · (F⁺(y)^N - F⁻(y)^N),
//	P_eq(y) = Σ_{z: logq_z = logq_y} p̂_z,
//	F⁺(y) = P_p̂(logq ≤ logq_y),   F⁻(y) = P_p̂(logq < logq_y),
//
// with F^N = exp(N log F) evaluated in the cancellation-free form described
// at bestOfN. Entries whose mass is below 2^-2147483648 are returned as 0.
// It panics if N < 1 or N is not finite.
func BestOfN(p, logq []float64, n float64) *BoNResult {
	m := newModel(def, p, logq)
	nb, lb := def.nFromFloat(n)
	return newBoNResult(def, m.bestOfN(nb, lb))
}

// BestOfNLog is BestOfN with N = e^logN given by its logarithm, for
// astronomically large N. It panics if logN < 0 or logN is not finite.
func BestOfNLog(p, logq []float64, logN float64) *BoNResult {
	m := newModel(def, p, logq)
	nb, lb := def.nFromLog(logN)
	return newBoNResult(def, m.bestOfN(nb, lb))
}
