package bigref

import (
	"fmt"
	"math"
	"math/big"
)

// checkVec panics unless every entry of x is finite and ≥ 0.
func checkVec(name string, x []float64) {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			panic(fmt.Sprintf("bigref: %s[%d] = %v, want a finite value >= 0", name, i, v))
		}
	}
}

func checkLen(a, b []float64) {
	if len(a) != len(b) {
		panic(fmt.Sprintf("bigref: length mismatch %d != %d", len(a), len(b)))
	}
}

// kl returns Σ a_i log(a_i/b_i) over the float64 vectors as given.
func (c ctx) kl(a, b []float64) *big.Float {
	checkLen(a, b)
	checkVec("a", a)
	checkVec("b", b)
	sum := c.f()
	t := c.f()
	for i := range a {
		if a[i] == 0 {
			continue
		}
		if b[i] == 0 {
			return c.f().SetInf(false)
		}
		ai := c.num(a[i])
		t.Quo(ai, c.num(b[i]))
		t.Mul(ai, c.log(t))
		accum(sum, t)
	}
	return sum
}

// crossEntropy returns -Σ a_i log b_i over the float64 vectors as given.
func (c ctx) crossEntropy(a, b []float64) *big.Float {
	checkLen(a, b)
	checkVec("a", a)
	checkVec("b", b)
	sum := c.f()
	t := c.f()
	for i := range a {
		if a[i] == 0 {
			continue
		}
		if b[i] == 0 {
			return c.f().SetInf(false)
		}
		t.Mul(c.num(a[i]), c.log(c.num(b[i])))
		accum(sum, t.Neg(t))
	}
	return sum
}

// renyi returns H_t(p‖q) = 1/(1-t) log Σ p_i q_i^{t-1} (t ≠ 1) and H(p‖q) at
// t = 1, over the float64 vectors as given.
func (c ctx) renyi(p, q []float64, t float64) *big.Float {
	checkLen(p, q)
	checkVec("p", p)
	checkVec("q", q)
	if math.IsNaN(t) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("bigref: Rényi order t = %v, want finite", t))
	}
	if t == 1 {
		return c.crossEntropy(p, q)
	}
	tm1 := c.f().Sub(c.num(t), c.num(1)) // exact
	sum := c.f()
	x := c.f()
	for i := range p {
		if p[i] == 0 {
			continue
		}
		if q[i] == 0 {
			if t < 1 {
				return c.f().SetInf(false) // Σ = +Inf, 1/(1-t) > 0
			}
			continue // q^{t-1} = 0
		}
		x.Mul(tm1, c.log(c.num(q[i])))
		x.Mul(c.num(p[i]), c.exp(x))
		accum(sum, x)
	}
	if sum.Sign() == 0 {
		return c.f().SetInf(false) // log 0 = -Inf, times 1/(1-t) < 0 (t > 1 here)
	}
	r := c.log(sum)
	return r.Quo(r, c.f().Neg(tm1))
}

// KL returns the Kullback–Leibler divergence of the float64 vectors a and b
// exactly as given (no normalisation), with Prec bits:
//
//	KL(a‖b) = Σ_i a_i log(a_i / b_i),   0·log(0/b) = 0,   +Inf if a_i > 0 = b_i.
//
// It panics if the lengths differ or an entry is negative or not finite.
func KL(a, b []float64) *big.Float { return def.kl(a, b) }

// CrossEntropy returns the cross-entropy of the float64 vectors a and b as
// given (Eq. 1 of the paper), with Prec bits:
//
//	H(a‖b) = -Σ_i a_i log b_i,   0·log b = 0,   +Inf if a_i > 0 = b_i.
func CrossEntropy(a, b []float64) *big.Float { return def.crossEntropy(a, b) }

// Entropy returns the Shannon entropy of the float64 vector a as given:
//
//	H(a) = -Σ_i a_i log a_i = H(a‖a),   0·log 0 = 0.
func Entropy(a []float64) *big.Float { return def.crossEntropy(a, a) }

// RenyiCrossEntropy returns the Rényi cross-entropy of order t (Definition 5
// of the paper) of the float64 vectors p and q as given:
//
//	H_t(p‖q) = 1/(1-t) · log Σ_i p_i q_i^{t-1}   (t ≠ 1),
//	H_1(p‖q) = H(p‖q)                          (t = 1, the continuous extension
//	                                             when Σ p = 1).
//
// Terms with p_i = 0 are dropped; if p_i > 0 = q_i the result is +Inf for t < 1
// and the term is 0 for t > 1. Note that for t near 1 the value is sensitive to
// Σ p ≠ 1: it shifts by about (Σp - 1)/(1 - t).
func RenyiCrossEntropy(p, q []float64, t float64) *big.Float { return def.renyi(p, q, t) }
