package memoryless

import (
	"fmt"
	"math"
	"math/big"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// keyPrec is the precision of the high-precision reward keys used to order
// distinct levels whose float64 rewards agree to rounding.
const keyPrec = 160

// rewardBasis writes each log q_k as an integer combination of log b_j for a
// multiplicatively independent basis b (see the package doc on ties).
type rewardBasis struct {
	e       [][]int64    // e[k][j]: exponent of b_j in q_k
	logb    []float64    // log b_j
	b       []*big.Int   // b_j (nil in the generic mode)
	bigLog  []*big.Float // log b_j at keyPrec bits (nil in the generic mode)
	generic bool         // basis = distinct log q values; no exact comparison
}

// newRewardBasis builds the basis from exact rationals q (any may be nil, in
// which case logq is used in the generic mode for all).
func newRewardBasis(qExact []*big.Rat, logq []float64) (*rewardBasis, error) {
	for _, r := range qExact {
		if r == nil || r.Sign() <= 0 {
			return genericBasis(logq), nil
		}
	}
	if qExact == nil {
		return genericBasis(logq), nil
	}
	var ints []*big.Int
	for _, r := range qExact {
		ints = append(ints, new(big.Int).Set(r.Num()), new(big.Int).Set(r.Denom()))
	}
	basis := gcdFreeBasis(ints)
	rb := &rewardBasis{b: basis, logb: make([]float64, len(basis)), e: make([][]int64, len(qExact))}
	rb.bigLog = make([]*big.Float, len(basis))
	for j, b := range basis {
		rb.logb[j] = bigLog(b)
		rb.bigLog[j] = xmath.BigLog(new(big.Float).SetPrec(keyPrec).SetInt(b), keyPrec)
	}
	for k, r := range qExact {
		en, err := valuations(r.Num(), basis)
		if err != nil {
			return nil, err
		}
		ed, err := valuations(r.Denom(), basis)
		if err != nil {
			return nil, err
		}
		rb.e[k] = make([]int64, len(basis))
		for j := range basis {
			rb.e[k][j] = en[j] - ed[j]
		}
	}
	return rb, nil
}

func genericBasis(logq []float64) *rewardBasis {
	rb := &rewardBasis{generic: true, e: make([][]int64, len(logq))}
	index := map[float64]int{}
	for _, l := range logq {
		if _, ok := index[l]; !ok {
			index[l] = len(rb.logb)
			rb.logb = append(rb.logb, l)
		}
	}
	for k, l := range logq {
		rb.e[k] = make([]int64, len(rb.logb))
		rb.e[k][index[l]] = 1
	}
	return rb
}

// floatRats returns the exact rational value of each float64.
func floatRats(xs []float64) []*big.Rat {
	out := make([]*big.Rat, len(xs))
	for i, x := range xs {
		if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return nil
		}
		out[i] = new(big.Rat).SetFloat64(x)
	}
	return out
}

// gcdFreeBasis returns pairwise coprime integers > 1 such that every input is
// a product of their powers (a coprime base; Bach–Driscoll–Shallit 1993 give a
// faster algorithm, unnecessary for the handful of inputs here).
func gcdFreeBasis(xs []*big.Int) []*big.Int {
	one := big.NewInt(1)
	var basis []*big.Int
	var work []*big.Int
	for _, x := range xs {
		if x.Cmp(one) > 0 {
			work = append(work, new(big.Int).Set(x))
		}
	}
	g := new(big.Int)
next:
	for len(work) > 0 {
		a := work[len(work)-1]
		work = work[:len(work)-1]
		if a.Cmp(one) == 0 {
			continue
		}
		for i, b := range basis {
			if a.Cmp(b) == 0 {
				continue next
			}
			g.GCD(nil, nil, a, b)
			if g.Cmp(one) > 0 {
				basis = append(basis[:i], basis[i+1:]...)
				gg := new(big.Int).Set(g)
				for _, y := range []*big.Int{new(big.Int).Quo(a, gg), new(big.Int).Quo(b, gg), gg} {
					if y.Cmp(one) > 0 {
						work = append(work, y)
					}
				}
				continue next
			}
		}
		basis = append(basis, a)
	}
	// Deterministic order.
	for i := 1; i < len(basis); i++ {
		for j := i; j > 0 && basis[j].Cmp(basis[j-1]) < 0; j-- {
			basis[j], basis[j-1] = basis[j-1], basis[j]
		}
	}
	return basis
}

// valuations returns v with x = Π basis_j^{v_j}.
func valuations(x *big.Int, basis []*big.Int) ([]int64, error) {
	rest := new(big.Int).Set(x)
	v := make([]int64, len(basis))
	q, r := new(big.Int), new(big.Int)
	for j, b := range basis {
		for {
			q.QuoRem(rest, b, r)
			if r.Sign() != 0 {
				break
			}
			rest.Set(q)
			v[j]++
		}
	}
	if rest.Cmp(big.NewInt(1)) != 0 {
		return nil, fmt.Errorf("memoryless: internal error: %v is not a product of the reward basis", x)
	}
	return v, nil
}

// bigLog returns log x for a positive big integer, accurate to ~1 ulp.
func bigLog(x *big.Int) float64 {
	bits := x.BitLen()
	if bits <= 1000 {
		f, _ := new(big.Float).SetInt(x).Float64()
		return math.Log(f)
	}
	shift := bits - 64
	top := new(big.Int).Rsh(x, uint(shift))
	f, _ := new(big.Float).SetInt(top).Float64()
	return math.Log(f) + float64(shift)*math.Ln2
}

// signature writes s = Σ_k n_k·e_k into dst.
func (rb *rewardBasis) signature(dst []int64, n []uint16) {
	for j := range dst {
		dst[j] = 0
	}
	for k, c := range n {
		if c == 0 {
			continue
		}
		for j, e := range rb.e[k] {
			dst[j] += int64(c) * e
		}
	}
}

// rewardOf returns R = Σ_j s_j·log b_j, bit-identical for equal signatures.
func (rb *rewardBasis) rewardOf(s []int64) float64 {
	var r float64
	for j, x := range s {
		if x != 0 {
			r += float64(x) * rb.logb[j]
		}
	}
	return r
}

// rewardKey returns R(s) at keyPrec bits (generic mode: the float64 reward).
func (rb *rewardBasis) rewardKey(s []int64) *big.Float {
	if rb.generic {
		return new(big.Float).SetPrec(keyPrec).SetFloat64(rb.rewardOf(s))
	}
	sum := new(big.Float).SetPrec(keyPrec)
	t := new(big.Float).SetPrec(keyPrec)
	for j, x := range s {
		if x != 0 {
			t.SetInt64(x)
			t.Mul(t, rb.bigLog[j])
			sum.Add(sum, t)
		}
	}
	return sum
}

// ddKey is a reward key as a double-double hi + lo (~2^−104 relative).
type ddKey struct{ hi, lo float64 }

// ddOf rounds a high-precision key to a double-double.
func ddOf(k *big.Float) ddKey {
	hi, _ := k.Float64()
	r := new(big.Float).SetPrec(keyPrec).Sub(k, new(big.Float).SetFloat64(hi))
	lo, _ := r.Float64()
	return ddKey{hi, lo}
}

// compareKeys orders two signatures by their double-double keys, falling
// back to exact comparison when the keys agree to within 1e-28 of their
// size (the keys' own error is below 1e-31).
func (rb *rewardBasis) compareKeys(s, t []int64, ks, kt ddKey) int {
	if rb.generic {
		return rb.compareExact(s, t)
	}
	d := (ks.hi - kt.hi) + (ks.lo - kt.lo)
	if math.Abs(d) > 1e-28*(math.Abs(ks.hi)+math.Abs(kt.hi)+1) {
		if d > 0 {
			return 1
		}
		return -1
	}
	return rb.compareExact(s, t)
}

// compareExact returns the sign of R(s) − R(t) exactly (generic mode: by float).
func (rb *rewardBasis) compareExact(s, t []int64) int {
	if rb.generic {
		a, b := rb.rewardOf(s), rb.rewardOf(t)
		switch {
		case a > b:
			return 1
		case a < b:
			return -1
		}
		for j := range s { // distinct generic signatures: order deterministically
			if s[j] != t[j] {
				if s[j] > t[j] {
					return 1
				}
				return -1
			}
		}
		return 0
	}
	num, den := big.NewInt(1), big.NewInt(1)
	pow := new(big.Int)
	for j := range s {
		d := s[j] - t[j]
		switch {
		case d > 0:
			num.Mul(num, pow.Exp(rb.b[j], big.NewInt(d), nil))
		case d < 0:
			den.Mul(den, pow.Exp(rb.b[j], big.NewInt(-d), nil))
		}
	}
	return num.Cmp(den)
}

// TieKey returns a reward key for a type n (counts over the support) that is
// bit-identical for exactly tied types: R = Σ_j s_j·log b_j from the integer
// signature s (see the package doc). sig is scratch of length BasisLen.
func (md *Model) TieKey(n []uint16, sig []int64) float64 {
	md.basis.signature(sig, n)
	return md.basis.rewardOf(sig)
}

// BasisLen is the length of the signature scratch for TieKey.
func (md *Model) BasisLen() int { return len(md.basis.logb) }

// CompareTypes returns the sign of R(a) − R(b) exactly for two types given
// by their signatures (computed by TieKey).
func (md *Model) CompareTypes(sa, sb []int64) int { return md.basis.compareExact(sa, sb) }

// SupportP returns p on the support and SupportLogQ log q on the support
// (shared; do not modify), and SupportIndex maps support positions to symbols.
func (md *Model) SupportP() []float64    { return md.p }
func (md *Model) SupportLogQ() []float64 { return md.logq }
func (md *Model) SupportIndex() []int    { return md.sup }
