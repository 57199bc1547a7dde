package memoryless

import (
	"math/big"
)

// keyPrec is the precision of the high-precision reward keys used to order
// distinct levels whose float64 rewards agree to rounding.
const keyPrec = 160

// bigLogInt returns log x (x ≥ 1) as a big.Float with keyPrec bits:
// x = 2^e·f with f ∈ [1, 2), log f = 2·atanh((f−1)/(f+1)) by its series
// (|u| < 1/3, 55 terms give 2^−170), ln 2 = 2·atanh(1/3).
func bigLogInt(x *big.Int) *big.Float {
	prec := uint(keyPrec + 32)
	f := new(big.Float).SetPrec(prec).SetInt(x)
	mant := new(big.Float).SetPrec(prec)
	e := f.MantExp(mant) // f = mant · 2^e, mant ∈ [0.5, 1)
	mant.Mul(mant, big.NewFloat(2).SetPrec(prec))
	e--
	res := atanh2(mant, prec)
	ln2 := atanh2(big.NewFloat(2).SetPrec(prec), prec)
	res.Add(res, new(big.Float).SetPrec(prec).Mul(ln2, new(big.Float).SetPrec(prec).SetInt64(int64(e))))
	return res.SetPrec(keyPrec)
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
	for k := 1; k < 200; k++ {
		term.Mul(term, u2)
		t.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(2*k+1)))
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -int(prec)-4 {
			break
		}
		sum.Add(sum, t)
	}
	return sum.Mul(sum, new(big.Float).SetPrec(prec).SetInt64(2))
}
