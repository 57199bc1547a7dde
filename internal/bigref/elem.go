package bigref

import (
	"fmt"
	"math"
	"math/big"
	"sync"
)

// Prec is the working precision, in mantissa bits, of every exported function
// of this package. 200 bits is about 60 significant decimal digits.
const Prec = 200

// guard is the number of extra bits the elementary functions carry internally
// beyond the precision of their result.
const guard = 64

// ctx carries the precision of a computation. The exported API uses
// def (Prec bits); the tests and the generator also run a second, wider
// context to verify that results do not depend on the precision.
type ctx struct{ prec uint }

var def = ctx{prec: Prec}

// f returns a new zero with the context's precision.
func (c ctx) f() *big.Float { return new(big.Float).SetPrec(c.prec) }

// num returns x (a float64, exactly) with the context's precision.
func (c ctx) num(x float64) *big.Float { return c.f().SetFloat64(x) }

func fprec(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

// accum sets z = z + x and returns z, but does not align mantissas across an
// exponent gap wider than z's precision plus 32 bits: the smaller summand is
// then dropped (relative effect below 2^-(prec+32)). math/big aligns exactly,
// which for the gaps of 2^30 bits that occur with best-of-N at N = 1e12
// would cost gigabytes and minutes.
func accum(z, x *big.Float) *big.Float {
	switch {
	case x.Sign() == 0:
		return z
	case z.Sign() == 0:
		return z.Set(x)
	case z.IsInf() || x.IsInf():
		return z.Add(z, x)
	}
	gap := int64(z.Prec()) + 32
	ez, ex := int64(z.MantExp(nil)), int64(x.MantExp(nil))
	switch {
	case ez-ex > gap:
		return z
	case ex-ez > gap:
		return z.Set(x)
	}
	return z.Add(z, x)
}

// sumOf returns a + b with c.prec bits via accum (safe for any exponent gap).
func (c ctx) sumOf(a, b *big.Float) *big.Float { return accum(c.f().Set(a), b) }

// diffOf returns a - b with c.prec bits via accum (safe for any exponent gap).
func (c ctx) diffOf(a, b *big.Float) *big.Float {
	return accum(c.f().Set(a), c.f().Neg(b))
}

// NewFloat returns the float64 x exactly, as a big.Float with precision Prec.
// It panics if x is NaN.
func NewFloat(x float64) *big.Float { return def.num(x) }

// ln2Cache holds ln 2 computed to the widest precision requested so far.
var ln2Cache struct {
	sync.Mutex
	v *big.Float
}

// ln2 returns ln 2 rounded to prec bits. It is computed once per
// (growing) precision from the series
//
//	ln 2 = 2 atanh(1/3) = 2 Σ_{k≥0} 3^{-(2k+1)} / (2k+1),
//
// whose terms shrink by a factor 9 each, with prec+64 bits and cached.
func ln2(prec uint) *big.Float {
	ln2Cache.Lock()
	defer ln2Cache.Unlock()
	if ln2Cache.v == nil || ln2Cache.v.Prec() < prec+32 {
		ln2Cache.v = ln2Series(prec + 64)
	}
	return fprec(prec).Set(ln2Cache.v)
}

// ln2Series computes ln 2 = 2 atanh(1/3) with wp bits.
func ln2Series(wp uint) *big.Float {
	third := fprec(wp).Quo(fprec(wp).SetInt64(1), fprec(wp).SetInt64(3))
	a := atanhSeries(third, wp)
	return a.SetMantExp(a, 1)
}

// atanhSeries returns atanh(s) = Σ_{k≥0} s^{2k+1}/(2k+1) with wp bits of
// working precision, for |s| ≤ 1/3. The sum stops when a term falls below
// 2^-(wp+4) relative to the partial sum, so the result has a relative error of
// a few units in the last place of wp bits.
func atanhSeries(s *big.Float, wp uint) *big.Float {
	sum := fprec(wp).Set(s)
	if s.Sign() == 0 {
		return sum
	}
	s2 := fprec(wp).Mul(s, s)
	pow := fprec(wp).Set(s)
	term := fprec(wp)
	d := fprec(wp)
	for k := int64(1); ; k++ {
		pow.Mul(pow, s2)
		term.Quo(pow, d.SetInt64(2*k+1))
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(wp)-4 {
			break
		}
		sum.Add(sum, term)
	}
	return sum
}

// Ln2 returns ln 2 rounded to Prec bits, computed from the series
//
//	ln 2 = 2 atanh(1/3) = 2 Σ_{k≥0} 3^{-(2k+1)} / (2k+1)
//
// with 64 guard bits.
func Ln2() *big.Float { return ln2(Prec) }

// expLimit bounds |x| for Exp: e^x with x < -expLimit is below the smallest
// positive big.Float (2^MinExp = 2^-2147483648) and returned as 0, and with
// x > expLimit it is returned as +Inf. 2^31·ln 2 ≈ 1.4885e9.
const expLimit = 1.4886e9

// invFactCache holds 1/n! for n = 0..len-1, per working precision.
var invFactCache struct {
	sync.Mutex
	m map[uint][]*big.Float
}

// invFact returns 1/n! for n = 0..n-1 with wp bits (shared: do not modify).
func invFact(n int, wp uint) []*big.Float {
	invFactCache.Lock()
	defer invFactCache.Unlock()
	if invFactCache.m == nil {
		invFactCache.m = make(map[uint][]*big.Float)
	}
	v := invFactCache.m[wp]
	if len(v) >= n {
		return v
	}
	v = []*big.Float{fprec(wp).SetInt64(1)}
	fact := new(big.Int).SetInt64(1)
	for k := int64(1); k < int64(n); k++ {
		fact.Mul(fact, big.NewInt(k))
		v = append(v, fprec(wp).Quo(fprec(wp).SetInt64(1), fprec(wp).SetInt(fact)))
	}
	invFactCache.m[wp] = v
	return v
}

// expm1Small returns e^r - 1 for |r| < 1 with wp bits: r is scaled to
// y = r·2^-16, the Taylor series e^y - 1 = Σ_{n≥1} y^n/n! is summed by Horner's
// rule up to the first n with 2^{-17n}/n! < 2^-(wp+8), and the result is
// doubled back 16 times with e^{2y} - 1 = (e^y - 1)(e^y - 1 + 2), which keeps
// the relative error small even when e^r - 1 is tiny.
func expm1Small(r *big.Float, wp uint) *big.Float {
	if r.Sign() == 0 {
		return fprec(wp)
	}
	const j = 16
	y := fprec(wp).SetMantExp(r, -j)
	// Number of terms: |y| < 2^-16, and after the term y^{n+1}/(n+1)! the
	// relative truncation error is below 2^{-16n}/(n+1)! < 2^-(wp+8).
	n := 1
	for bits, lf := 0.0, 0.0; ; n++ {
		lf += math.Log2(float64(n + 1))
		bits = float64(n)*16 + lf
		if bits > float64(wp+8) {
			break
		}
	}
	c := invFact(n+2, wp)
	// Horner: e^y - 1 = y(1 + y(1/2! + y(1/3! + ... + y/ (n+1)!)))
	sum := fprec(wp).Set(c[n+1])
	for k := n; k >= 1; k-- {
		sum.Mul(sum, y)
		sum.Add(sum, c[k])
	}
	sum.Mul(sum, y)
	two := fprec(wp).SetInt64(2)
	t := fprec(wp)
	for i := 0; i < j; i++ {
		t.Add(sum, two)
		sum.Mul(sum, t)
	}
	return sum
}

// exp returns e^x with c.prec bits.
//
// Special cases: exp(+Inf) = +Inf, exp(-Inf) = 0, exp(0) = 1 exactly,
// exp(x) = 0 for x < -1.4886e9 (underflow of big.Float's exponent range),
// exp(x) = +Inf for x > 1.4886e9.
//
// Method: x = k·ln 2 + r with k = round(x/ln 2) and |r| ≤ ln 2/2 (ln 2 carried
// with enough extra bits that r is exact to the working precision), e^r from
// expm1Small, then e^x = (1 + (e^r - 1))·2^k.
func (c ctx) exp(x *big.Float) *big.Float {
	z := c.f()
	if x.IsInf() {
		if x.Sign() > 0 {
			return z.SetInf(false)
		}
		return z
	}
	if x.Sign() == 0 {
		return z.SetInt64(1)
	}
	xf, _ := x.Float64()
	if xf > expLimit {
		return z.SetInf(false)
	}
	if xf < -expLimit {
		return z
	}
	wp := c.prec + guard
	if x.MantExp(nil) < -int(wp)-8 { // e^x = 1 + x + ..., x below 2^-(wp+8)
		return z.Set(c.sumOf(c.num(1), x))
	}
	k := math.Round(xf / math.Ln2)
	// r = x - k·ln2, with ln2 carried to wp+40 bits (|k| < 2^31).
	r := fprec(wp+40).Mul(ln2(wp+40), fprec(64).SetFloat64(k))
	r.Sub(fprec(wp+40).Set(x), r)
	e := expm1Small(r, wp)
	e.Add(e, fprec(wp).SetInt64(1))
	e.SetMantExp(e, int(k))
	return z.Set(e)
}

// expm1 returns e^x - 1 with c.prec bits and small relative error also for
// tiny |x|. Special cases: expm1(+Inf) = +Inf, expm1(-Inf) = -1.
func (c ctx) expm1(x *big.Float) *big.Float {
	z := c.f()
	if x.IsInf() {
		if x.Sign() > 0 {
			return z.SetInf(false)
		}
		return z.SetInt64(-1)
	}
	wp := c.prec + guard
	if x.MantExp(nil) < -int(wp)-8 { // e^x - 1 = x (1 + x/2 + ...)
		return z.Set(x)
	}
	if x.MantExp(nil) <= 0 { // |x| < 1
		return z.Set(expm1Small(fprec(wp).Set(x), wp))
	}
	e := ctx{prec: wp}.exp(x)
	if e.IsInf() {
		return z.SetInf(false)
	}
	return z.Set(accum(e, fprec(wp).SetInt64(-1)))
}

// expBoth returns w = e^x and e = e^x - 1, both with small relative error:
// for |x| < 1 from expm1 (w = 1 + e has no cancellation), otherwise from exp
// (e = w - 1 has none either).
func (c ctx) expBoth(x *big.Float) (w, e *big.Float) {
	if x.Sign() == 0 || x.MantExp(nil) <= 0 {
		e = c.expm1(x)
		return c.sumOf(e, c.num(1)), e
	}
	w = c.exp(x)
	e = c.f().Set(w)
	return w, accum(e, c.num(-1))
}

// log returns the natural logarithm of x with c.prec bits.
//
// Special cases: log(0) = -Inf, log(+Inf) = +Inf, log(1) = 0 exactly; it
// panics for x < 0.
//
// Method: x = m·2^e with m in [1/√2, √2), log m = 2 atanh((m-1)/(m+1)) with
// |(m-1)/(m+1)| ≤ 0.1716 by atanhSeries, and log x = log m + e·ln 2.
func (c ctx) log(x *big.Float) *big.Float {
	z := c.f()
	switch {
	case x.Sign() < 0:
		panic(fmt.Sprintf("bigref: log of negative number %s", x.Text('g', 10)))
	case x.Sign() == 0:
		return z.SetInf(true)
	case x.IsInf():
		return z.SetInf(false)
	}
	wp := c.prec + guard
	m := fprec(wp + 64)
	e := x.MantExp(m)
	if mf, _ := m.Float64(); mf < math.Sqrt2/2 {
		m.SetMantExp(m, 1)
		e--
	}
	one := fprec(wp).SetInt64(1)
	num := fprec(wp).Sub(m, one)
	den := fprec(wp).Add(m, one)
	s := fprec(wp).Quo(num, den)
	a := atanhSeries(s, wp)
	a.SetMantExp(a, 1)
	if e != 0 {
		a.Add(a, fprec(wp).Mul(ln2(wp), fprec(wp).SetInt64(int64(e))))
	}
	return z.Set(a)
}

// log1p returns log(1 + x) with c.prec bits and small relative error also
// for tiny |x|. It panics for x < -1; log1p(-1) = -Inf.
//
// Method: for |x| < 1/16, log(1+x) = 2 atanh(x/(2+x)); otherwise log(1+x) with
// 1+x formed at c.prec+64 bits.
func (c ctx) log1p(x *big.Float) *big.Float {
	if x.Sign() == 0 {
		return c.f()
	}
	wp := c.prec + guard
	if x.MantExp(nil) < -int(wp)-8 { // log(1+x) = x (1 - x/2 + ...)
		return c.f().Set(x)
	}
	if x.IsInf() || x.MantExp(nil) > -4 {
		return c.log(fprec(wp+64).Add(x, fprec(wp).SetInt64(1)))
	}
	s := fprec(wp).Quo(x, fprec(wp).Add(x, fprec(wp).SetInt64(2)))
	a := atanhSeries(s, wp)
	a.SetMantExp(a, 1)
	return c.f().Set(a)
}

// Exp returns e^x with Prec bits (relative error below 2^-190 for
// |x| ≤ 1.4e9).
//
// Special cases: Exp(+Inf) = +Inf, Exp(-Inf) = 0, Exp(0) = 1,
// Exp(x) = 0 for x < -1.4886e9 (below 2^MinExp), +Inf for x > 1.4886e9.
func Exp(x *big.Float) *big.Float { return def.exp(x) }

// Log returns ln x with Prec bits.
//
// Special cases: Log(0) = -Inf, Log(+Inf) = +Inf, Log(1) = 0; panics for x < 0.
func Log(x *big.Float) *big.Float { return def.log(x) }

// Log1p returns ln(1 + x) with Prec bits, accurate also for tiny |x|.
// Log1p(-1) = -Inf; panics for x < -1.
func Log1p(x *big.Float) *big.Float { return def.log1p(x) }

// Expm1 returns e^x - 1 with Prec bits, accurate also for tiny |x|.
func Expm1(x *big.Float) *big.Float { return def.expm1(x) }
