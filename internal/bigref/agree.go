package bigref

import (
	"math"
	"math/big"
)

// maxPrecFor returns the widest precision to which results for K symbols
// are escalated when two computations at neighbouring precisions disagree:
// 4096 bits (so 3200 is the last level) up to K = 1000, 1024 bits (800) above,
// which bounds the cost of one case to minutes.
func maxPrecFor(k int) uint {
	if k <= 1000 {
		return 4096
	}
	return 1024
}

// agreeDigits returns -log10 |a-b|/|b|, the number of significant decimal
// digits on which a and b agree (99 when they are equal).
func agreeDigits(a, b *big.Float) float64 {
	if a.Cmp(b) == 0 {
		return 99
	}
	if a.IsInf() || b.IsInf() || b.Sign() == 0 {
		return 0
	}
	d := new(big.Float).SetPrec(64).Sub(a, b)
	d.Quo(d, b)
	d.Abs(d)
	f, _ := d.Float64()
	if f == 0 { // below the float64 range
		return 99
	}
	return math.Min(99, -math.Log10(f))
}
