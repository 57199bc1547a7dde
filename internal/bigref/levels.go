package bigref

import (
	"fmt"
	"math/big"
)

// This file works with distributions that are constant multiples of p̂ on
// each level set of logq (tilts and best-of-N are both of this form). Near
// the top of the family, where almost all mass sits on the top level T, the
// quantities of interest are tiny differences of numbers close to Δ_max or to
// max logq; they are computed here from the masses off the top level, which
// are small and known to full relative precision.

// levelTilt is φ = T(q, p, α), α ≥ 0, described by its level masses.
type levelTilt struct {
	mu  []*big.Float // mu[g] = φ(level g) for g ≠ T; mu[T] = 1/(1+u)
	u   *big.Float   // u = Σ_{g≠T} (P_g/P_T) e^{α (l_g - l_T)}
	s1  *big.Float   // s1 = Σ_{g≠T} mu_g (l_T - l_g) = max logq - E_φ[logq]
	gap *big.Float   // Δ_max - KL(φ‖p̂) = α s1 + log1p(u)
	vr  *big.Float   // Var_φ[logq]
}

// tiltLevels evaluates φ_α level by level, for α ≥ 0:
//
//	mu_g = (P_g/P_T) e^{α(l_g - l_T)} / (1 + u),   mu_T = 1/(1 + u),
//	Δ_max - KL(φ‖p̂) = α s1 + log1p(u)
//
// (from KL(φ‖p̂) = α E_φ[logq] - log Σ p̂ e^{α logq} and Δ_max = -log P_T), a sum
// of two non-negative terms, so it keeps its relative accuracy however close
// KL(φ‖p̂) is to Δ_max.
func (m *model) tiltLevels(alpha *big.Float) *levelTilt {
	c := m.c
	T := m.top
	lt := &levelTilt{mu: make([]*big.Float, len(m.gs)), u: c.f(), s1: c.f()}
	lT := c.num(m.gs[T].l)
	x := c.f()
	for g := range m.gs {
		if g == T {
			continue
		}
		x.Sub(c.num(m.gs[g].l), lT)
		x.Mul(x, alpha)
		w := c.exp(x)
		w.Mul(w, m.gsum[g])
		w.Quo(w, m.gsum[T])
		lt.mu[g] = w
		accum(lt.u, w)
	}
	u1 := c.sumOf(lt.u, c.num(1))
	lt.mu[T] = c.f().Quo(c.num(1), u1)
	sq := c.f()
	d := c.f()
	for g := range m.gs {
		if g == T {
			continue
		}
		lt.mu[g].Quo(lt.mu[g], u1)
		d.Sub(lT, c.num(m.gs[g].l))
		accum(lt.s1, x.Mul(lt.mu[g], d))
		accum(sq, x.Mul(x, d))
	}
	lt.gap = c.f().Mul(alpha, lt.s1)
	accum(lt.gap, c.log1p(lt.u))
	lt.vr = c.diffOf(sq, c.f().Mul(lt.s1, lt.s1))
	return lt
}

// gapOf returns Δ_max - KL(μ‖p̂) for a level-wise multiple μ of p̂ given by
// its masses mu[g] off the top level (mu[T] is ignored and taken as 1 - c,
// c = Σ_{g≠T} mu_g):
//
//	Δ_max - KL(μ‖p̂) = -(1-c) log1p(-c) - Σ_{g≠T} mu_g log(mu_g P_T / P_g).
func (m *model) gapOf(mu []*big.Float) *big.Float {
	c := m.c
	T := m.top
	cs := c.f()
	for g := range m.gs {
		if g != T {
			accum(cs, mu[g])
		}
	}
	gap := c.log1p(c.f().Neg(cs))
	gap.Mul(gap, c.diffOf(c.num(1), cs))
	gap.Neg(gap)
	x := c.f()
	for g := range m.gs {
		if g == T || mu[g].Sign() == 0 {
			continue
		}
		x.Mul(mu[g], m.gsum[T])
		x.Quo(x, m.gsum[g])
		x = c.log(x)
		x.Mul(x, mu[g])
		accum(gap, x.Neg(x))
	}
	return gap
}

// alphaForGap solves Δ_max - KL(T(q,p,α)‖p̂) = gap for α > 0, 0 < gap ≤
// Δ_max, by safeguarded Newton on log gap_α = log gap (nearly linear in α for
// large α), with d gap_α/dα = -α Var_φ[logq].
func (m *model) alphaForGap(gap *big.Float) (*big.Float, error) {
	c := m.c
	if gap.Sign() <= 0 {
		return nil, fmt.Errorf("%w: delta_max - delta = %s <= 0", ErrDomain, gap.Text('g', 10))
	}
	lg := c.log(gap)
	f := func(a *big.Float) (*big.Float, *big.Float) {
		lt := m.tiltLevels(a)
		if lt.gap.Sign() == 0 {
			return c.f().SetInf(false), c.f()
		}
		fx := c.f().Sub(lg, c.log(lt.gap))
		d := c.f().Mul(a, lt.vr)
		return fx, d.Quo(d, lt.gap)
	}
	lo, hi := c.f(), c.num(1)
	for n := 0; ; n++ {
		if n > 4000 {
			return nil, ErrNoConvergence
		}
		if fx, _ := f(hi); fx.Sign() >= 0 {
			break
		}
		lo.Set(hi)
		hi.SetMantExp(hi, 1)
	}
	return c.findRoot(f, lo, hi, hi)
}

// hFun returns (1+r) log1p(r) - r ≥ 0 for r ≥ -1, by its series
// Σ_{k≥2} (-1)^k r^k / (k(k-1)) for |r| < 1/8 (no cancellation for tiny r).
func (c ctx) hFun(r *big.Float) *big.Float {
	one := c.num(1)
	if r.Cmp(c.num(-1)) == 0 {
		return one
	}
	if r.Sign() == 0 || r.MantExp(nil) > -3 {
		h := c.log1p(r)
		h.Mul(h, c.f().Add(r, one))
		return h.Sub(h, r)
	}
	if r.MantExp(nil) < -int(c.prec)-guard { // h(r) = r²/2 (1 - r/3 + ...)
		h := c.f().Mul(r, r)
		return h.SetMantExp(h, -1)
	}
	wp := c.prec + guard
	sum := fprec(wp)
	pow := fprec(wp).Set(r)
	t := fprec(wp)
	d := fprec(wp)
	for k := int64(2); ; k++ {
		pow.Mul(pow, r)
		t.Quo(pow, d.SetInt64(k*(k-1)))
		if k%2 == 1 {
			t.Neg(t)
		}
		if t.Sign() == 0 || (sum.Sign() != 0 && t.MantExp(nil) < sum.MantExp(nil)-int(wp)-4) {
			break
		}
		sum.Add(sum, t)
	}
	return c.f().Set(sum)
}
