package xmath

import (
	"math/big"
)

// BigLog returns log x for x > 0 as a big.Float of precision prec (≥ 64):
// x = 2^e·f with f ∈ [1, 2), log f = 2·atanh((f−1)/(f+1)) by its series
// (|u| < 1/3: the terms fall by 9× each), ln 2 = 2·atanh(1/3); computed with
// 32 guard bits, so the result is correct to about 2^−prec relative.
// It is for the few places that need more than float64 (exact tie
// ordering, delta_max as a double-double).
func BigLog(x *big.Float, prec uint) *big.Float {
	wp := prec + 32
	mant := new(big.Float).SetPrec(wp)
	e := x.MantExp(mant) // x = mant · 2^e, mant ∈ [0.5, 1)
	mant.Mul(mant, new(big.Float).SetPrec(wp).SetInt64(2))
	e--
	res := atanh2(mant, wp)
	ln2 := atanh2(new(big.Float).SetPrec(wp).SetInt64(2), wp)
	res.Add(res, new(big.Float).SetPrec(wp).Mul(ln2, new(big.Float).SetPrec(wp).SetInt64(int64(e))))
	return res.SetPrec(prec)
}

// atanh2 returns log f = 2·atanh((f−1)/(f+1)) for f ∈ [1, 2].
func atanh2(f *big.Float, prec uint) *big.Float {
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	u := new(big.Float).SetPrec(prec).Sub(f, one)
	u.Quo(u, new(big.Float).SetPrec(prec).Add(f, one))
	u2 := new(big.Float).SetPrec(prec).Mul(u, u)
	term := new(big.Float).SetPrec(prec).Set(u)
	sum := new(big.Float).SetPrec(prec).Set(u)
	t := new(big.Float).SetPrec(prec)
	for k := 1; k < 400; k++ {
		term.Mul(term, u2)
		t.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(2*k+1)))
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -int(prec)-4 {
			break
		}
		sum.Add(sum, t)
	}
	return sum.Mul(sum, new(big.Float).SetPrec(prec).SetInt64(2))
}
