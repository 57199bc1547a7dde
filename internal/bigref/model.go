package bigref

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"sort"
)

// ErrDomain is returned when a target (a KL budget Δ, a rate t) lies outside
// the range the tilted family can reach.
var ErrDomain = errors.New("bigref: target outside the reachable range")

// ErrNoConvergence is returned when a root finder fails to converge; it should
// never happen and indicates a bug.
var ErrNoConvergence = errors.New("bigref: root finder did not converge")

// model is a pair (p, logq) prepared for big computations. p is taken as
// given in float64 and normalised exactly (in big arithmetic) by its sum s;
// logq is the reward r = log q, used exactly as given.
type model struct {
	c    ctx
	k    int
	p    []*big.Float // p_i exactly (as float64 values)
	s    *big.Float   // Σ p_i
	ph   []*big.Float // p̂_i = p_i / s
	l    []float64    // logq
	lb   []*big.Float // logq exactly
	supp []int        // indices with p_i > 0
	lmax float64      // max of logq over the support
	lmin float64      // min of logq over the support
	gs   []group      // the support partitioned by equal logq, increasing
	gsum []*big.Float // Σ p_i over each group (unnormalised)
	top  int          // index of the top group, len(gs)-1
}

func newModel(c ctx, p, logq []float64) *model {
	checkLen(p, logq)
	checkVec("p", p)
	pb := make([]*big.Float, len(p))
	for i, v := range p {
		pb[i] = c.num(v)
	}
	return newModelBig(c, pb, logq)
}

// newModelBig is newModel with p given in big (used to tilt a tilted
// distribution again, Lemma 9).
func newModelBig(c ctx, p []*big.Float, logq []float64) *model {
	if len(p) != len(logq) {
		panic(fmt.Sprintf("bigref: length mismatch %d != %d", len(p), len(logq)))
	}
	for i, v := range logq {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			panic(fmt.Sprintf("bigref: logq[%d] = %v, want finite", i, v))
		}
	}
	m := &model{c: c, k: len(p), l: logq, s: c.f()}
	m.p = make([]*big.Float, len(p))
	m.ph = make([]*big.Float, len(p))
	m.lb = make([]*big.Float, len(p))
	m.lmax, m.lmin = math.Inf(-1), math.Inf(1)
	for i := range p {
		if p[i].Sign() < 0 || p[i].IsInf() {
			panic(fmt.Sprintf("bigref: p[%d] = %s, want a finite value >= 0", i, p[i].Text('g', 10)))
		}
		m.p[i] = c.f().Set(p[i])
		m.lb[i] = c.num(logq[i])
		if p[i].Sign() > 0 {
			m.supp = append(m.supp, i)
			m.s.Add(m.s, m.p[i])
			m.lmax = math.Max(m.lmax, logq[i])
			m.lmin = math.Min(m.lmin, logq[i])
		}
	}
	if len(m.supp) == 0 {
		panic("bigref: p has no positive entry")
	}
	for i := range p {
		m.ph[i] = c.f().Quo(m.p[i], m.s)
	}
	m.gs = m.groups()
	m.top = len(m.gs) - 1
	m.gsum = make([]*big.Float, len(m.gs))
	for g, gr := range m.gs {
		m.gsum[g] = c.f()
		for _, i := range gr.idx {
			m.gsum[g].Add(m.gsum[g], m.p[i])
		}
	}
	return m
}

// tiltEval is the tilted distribution φ = T(q, p, α) with its moments.
type tiltEval struct {
	alpha *big.Float
	phi   []*big.Float // φ_i (0 off the support)
	el    *big.Float   // E_φ[logq]
	vr    *big.Float   // Var_φ[logq]
	logZ  *big.Float   // log Σ p̂_i e^{α logq_i}
	kl    *big.Float   // KL(φ‖p̂)
}

// tilt evaluates φ = T(q, p, α) centred at c = E_p̂[logq] (or, when
// |α|·(max - min logq) > 64, at the max (α > 0) or min (α < 0) of logq over
// the support, so that no e^{α (logq_i - c)} overflows):
//
//	e_i = expm1(α (logq_i - c)),   z = Σ p̂_i e_i  (= Σ p̂_i q_i^α e^{-αc} - 1),
//	φ_i = p̂_i (1 + e_i) / (1 + z),
//	E_φ[logq] - c = Σ φ_i (logq_i - c),
//	log Σ p̂ q^α = α c + log1p(z),
//	KL(φ‖p̂) = α (E_φ[logq] - c) - log1p(z).
//
// Centring makes the first-order terms of z and of E_φ[logq] - c cancel
// exactly, so that KL ≈ α² Var/2 keeps its relative accuracy for tiny α
// (log(Z/s) formed from a rounded Z would carry an absolute error of
// 2^-prec). Each entry takes e^{α dl_i} and e^{α dl_i} - 1 from expBoth, so
// both keep their relative accuracy for large |α| too. At α = 0 it returns
// φ = p̂ exactly, E_φ[logq] = c (summed as BestOfN sums E_p̂[logq]) and KL = 0.
func (m *model) tilt(alpha *big.Float) *tiltEval {
	c := m.c
	te := &tiltEval{alpha: c.f().Set(alpha), phi: make([]*big.Float, m.k)}
	for i := range te.phi {
		te.phi[i] = c.f()
	}
	// centre: E_p̂[logq]
	cen := c.f()
	x := c.f()
	for _, i := range m.supp {
		accum(cen, x.Mul(m.ph[i], m.lb[i]))
	}
	if rng := c.num(m.lmax - m.lmin); rng.Mul(rng, alpha).Abs(rng).Cmp(c.num(64)) > 0 {
		if alpha.Sign() > 0 {
			cen.SetFloat64(m.lmax)
		} else {
			cen.SetFloat64(m.lmin)
		}
	}
	dl := make([]*big.Float, m.k) // logq_i - c
	for _, i := range m.supp {
		dl[i] = c.f().Sub(m.lb[i], cen)
	}
	z := c.f()  // Σ p̂_i (e^{α dl_i} - 1)
	zw := c.f() // Σ p̂_i e^{α dl_i}
	dm := c.f() // E_φ[logq] - c
	if alpha.Sign() == 0 {
		for _, i := range m.supp {
			te.phi[i].Set(m.ph[i])
		}
	} else {
		for _, i := range m.supp {
			w, e := c.expBoth(x.Mul(alpha, dl[i]))
			accum(z, x.Mul(m.ph[i], e))
			te.phi[i].Mul(w, m.ph[i])
			accum(zw, te.phi[i])
		}
		for _, i := range m.supp {
			te.phi[i].Quo(te.phi[i], zw)
		}
		for _, i := range m.supp {
			accum(dm, x.Mul(te.phi[i], dl[i]))
		}
	}
	te.el = c.f().Add(cen, dm)
	te.vr = c.f()
	d := c.f()
	for _, i := range m.supp {
		d.Sub(dl[i], dm)
		d.Mul(d, d)
		accum(te.vr, d.Mul(d, te.phi[i]))
	}
	// log(1 + z): log1p where z is small, else log of the directly summed
	// 1 + z (which avoids the cancellation of 1 + z for z near -1).
	var lz *big.Float
	if z.Sign() != 0 && z.MantExp(nil) > -1 { // |z| ≥ 1/2
		lz = c.log(zw)
	} else {
		lz = c.log1p(z)
	}
	te.logZ = c.f().Mul(alpha, cen)
	te.logZ.Add(te.logZ, lz)
	te.kl = c.f().Mul(alpha, dm)
	te.kl.Sub(te.kl, lz)
	return te
}

// deltaMax returns -log P_p̂(S), S = {i : p_i > 0, logq_i = max over the
// support}, computed as log1p(P(not S)/P(S)).
func (m *model) deltaMax() *big.Float {
	top, rest := m.c.f(), m.c.f()
	for _, i := range m.supp {
		if m.l[i] == m.lmax {
			top.Add(top, m.p[i])
		} else {
			rest.Add(rest, m.p[i])
		}
	}
	return m.c.log1p(rest.Quo(rest, top))
}

// findRoot returns x in [lo, hi] with f(x) = 0 for an increasing f with
// f(lo) ≤ 0 ≤ f(hi), by Newton's method from x0 safeguarded by bisection
// (a Newton step leaving the current bracket is replaced by the midpoint).
// It stops once a step is below 2^-(3·prec/4) relative: Newton converges
// quadratically, so the returned iterate is accurate to the level of the
// rounding noise in f.
func (c ctx) findRoot(f func(x *big.Float) (fx, dfx *big.Float), lo, hi, x0 *big.Float) (*big.Float, error) {
	lo, hi = c.f().Set(lo), c.f().Set(hi)
	x := c.f().Set(x0)
	if x.Cmp(lo) <= 0 || x.Cmp(hi) >= 0 {
		x.Add(lo, hi)
		x.SetMantExp(x, -1)
	}
	tol := fprec(64).SetMantExp(fprec(64).SetInt64(1), -int(3*c.prec/4))
	step, bound, w := c.f(), c.f(), c.f()
	for it := 0; it < 2000; it++ {
		fx, d := f(x)
		if fx.Sign() == 0 {
			return x, nil
		}
		if fx.Sign() < 0 {
			lo.Set(x)
		} else {
			hi.Set(x)
		}
		xn := c.f()
		newton := d.Sign() > 0 && !d.IsInf()
		if newton {
			step.Quo(fx, d)
			xn.Sub(x, step)
			newton = xn.Cmp(lo) > 0 && xn.Cmp(hi) < 0
		}
		if !newton {
			xn.Add(lo, hi)
			xn.SetMantExp(xn, -1)
		}
		step.Sub(xn, x)
		step.Abs(step)
		bound.Abs(xn)
		bound.Mul(bound, tol)
		if step.Cmp(bound) <= 0 {
			return xn, nil
		}
		w.Sub(hi, lo)
		if w.Cmp(bound) <= 0 {
			return xn, nil
		}
		x = xn
	}
	return nil, ErrNoConvergence
}

// alphaForKL solves KL(T(q,p,α)‖p̂) = delta for α ≥ 0 (Eq. 2 of the paper).
// KL(T_α‖p̂) is increasing on α ≥ 0, from 0 to deltaMax, with derivative
// α·Var_{T_α}[logq].
func (m *model) alphaForKL(delta *big.Float) (*big.Float, error) {
	c := m.c
	if delta.Sign() < 0 || delta.IsInf() {
		return nil, fmt.Errorf("%w: delta = %s < 0", ErrDomain, delta.Text('g', 10))
	}
	dm := m.deltaMax()
	if delta.Cmp(dm) >= 0 {
		return nil, fmt.Errorf("%w: delta = %s >= delta_max = %s", ErrDomain, delta.Text('g', 10), dm.Text('g', 10))
	}
	return m.alphaFor(delta, c.f().Sub(dm, delta))
}

// alphaFor solves KL(T_α‖p̂) = delta given also gap = Δ_max - delta (which
// the caller may know more accurately than the difference): for
// delta < Δ_max/2 by safeguarded Newton on KL(T_α‖p̂) - delta, started from
// the small-Δ approximation α ≈ sqrt(2Δ/Var_p̂[logq]); otherwise by
// alphaForGap, which resolves tiny gaps.
func (m *model) alphaFor(delta, gap *big.Float) (*big.Float, error) {
	c := m.c
	if delta.Sign() == 0 {
		return c.f(), nil
	}
	if x := c.f().Add(delta, delta); x.Cmp(m.deltaMax()) >= 0 {
		return m.alphaForGap(gap)
	}
	f := func(a *big.Float) (*big.Float, *big.Float) {
		te := m.tilt(a)
		fx := c.f().Sub(te.kl, delta)
		return fx, te.vr.Mul(te.vr, a)
	}
	// Small-Δ start: KL ≈ α² Var_p[logq] / 2.
	v0 := m.tilt(c.f()).vr
	x0 := c.f().Quo(delta, v0)
	x0.SetMantExp(x0, 1)
	x0.Sqrt(x0)
	lo, hi := c.f(), c.f().Set(x0)
	for n := 0; ; n++ {
		if n > 4000 {
			return nil, ErrNoConvergence
		}
		fx, _ := f(hi)
		if fx.Sign() >= 0 {
			break
		}
		lo.Set(hi)
		hi.SetMantExp(hi, 1)
	}
	return c.findRoot(f, lo, hi, x0)
}

// betaForRate solves H(T(q,p,β)‖q) = -E_{T_β}[logq] = t for real β (β(t)
// of Theorem 1). -t must lie strictly inside (min logq, max logq) over the
// support of p.
func (m *model) betaForRate(t *big.Float) (*big.Float, error) {
	c := m.c
	target := c.f().Neg(t) // E_T[logq] = -t
	if target.Cmp(c.num(m.lmin)) <= 0 || target.Cmp(c.num(m.lmax)) >= 0 {
		return nil, fmt.Errorf("%w: rate t = %s not inside (%v, %v)", ErrDomain, t.Text('g', 10), -m.lmax, -m.lmin)
	}
	f := func(b *big.Float) (*big.Float, *big.Float) {
		te := m.tilt(b)
		return te.el.Sub(te.el, target), te.vr
	}
	f0, v0 := f(c.f())
	if f0.Sign() == 0 {
		return c.f(), nil
	}
	x0 := c.f().Quo(f0, v0)
	x0.Neg(x0)
	lo, hi := c.f(), c.f()
	if f0.Sign() < 0 { // root at β > 0
		hi.SetInt64(1)
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
	} else {
		lo.SetInt64(-1)
		for n := 0; ; n++ {
			if n > 4000 {
				return nil, ErrNoConvergence
			}
			if fx, _ := f(lo); fx.Sign() <= 0 {
				break
			}
			hi.Set(lo)
			lo.SetMantExp(lo, 1)
		}
	}
	return c.findRoot(f, lo, hi, x0)
}

// group is a set of support indices with the same float64 logq.
type group struct {
	l   float64
	idx []int
}

// groups returns the support of p partitioned by equal logq, in increasing
// order of logq.
func (m *model) groups() []group {
	idx := append([]int(nil), m.supp...)
	sort.SliceStable(idx, func(a, b int) bool { return m.l[idx[a]] < m.l[idx[b]] })
	var gs []group
	for _, i := range idx {
		if n := len(gs); n > 0 && gs[n-1].l == m.l[i] {
			gs[n-1].idx = append(gs[n-1].idx, i)
			continue
		}
		gs = append(gs, group{l: m.l[i], idx: []int{i}})
	}
	return gs
}
