package bigref

import (
	"math/big"
	"testing"
)

func TestEntropyUniform(t *testing.T) {
	// H(uniform on 4) = log 4 = 2 ln 2 (0.25 is exact in float64).
	want := new(big.Float).Mul(Ln2(), NewFloat(2))
	checkRel(t, "H(1/4,...)", Entropy([]float64{0.25, 0.25, 0.25, 0.25}), want, 1e-57)
}

func TestKLIdentities(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		a, b := GenDirichlet1(20, seed), GenDirichlet1(20, seed+100)
		// KL(a‖b) = H(a‖b) - H(a)
		rhs := new(big.Float).Sub(CrossEntropy(a, b), Entropy(a))
		checkAbsRel(t, "KL = H(a‖b) - H(a)", KL(a, b), rhs, 1e-56)
		if KL(a, a).Sign() != 0 {
			t.Errorf("KL(a‖a) = %s, want exactly 0", KL(a, a).Text('g', 5))
		}
		// t = 1 is the cross-entropy.
		if RenyiCrossEntropy(a, b, 1).Cmp(CrossEntropy(a, b)) != 0 {
			t.Error("H_1 != H")
		}
	}
}

func TestMeasureZerosAndInf(t *testing.T) {
	half := []float64{0.5, 0.5}
	point := []float64{1, 0}
	if !KL(half, point).IsInf() || !CrossEntropy(half, point).IsInf() {
		t.Error("KL/H with a > 0 = b must be +Inf")
	}
	checkRel(t, "KL(point‖half)", KL(point, half), Ln2(), 1e-57)
	if Entropy(point).Sign() != 0 {
		t.Error("H(1, 0) != 0 exactly")
	}
	if !RenyiCrossEntropy(half, point, 0.5).IsInf() {
		t.Error("H_0.5 with p > 0 = q must be +Inf")
	}
	// t = 2: H_2(p‖q) = -log Σ p q, the q = 0 term drops.
	checkRel(t, "H_2(half‖point)", RenyiCrossEntropy(half, point, 2), Ln2(), 1e-57)
}

// TestRenyiClosedForms checks t = 2 and t = 1/2 against closed forms with
// products and square roots, and the expansion
// H_t = H(p‖q) - (t-1) Var_p[log q]/2 + O((t-1)²) near t = 1 (Σ p = 1 exactly).
func TestRenyiClosedForms(t *testing.T) {
	p := []float64{0.25, 0.125, 0.5, 0.125}
	q := GenDirichlet1(4, 5)
	s2, sh := NewFloat(0), NewFloat(0)
	for i := range p {
		s2.Add(s2, new(big.Float).Mul(NewFloat(p[i]), NewFloat(q[i])))
		r := new(big.Float).Sqrt(NewFloat(q[i]))
		sh.Add(sh, r.Quo(NewFloat(p[i]), r))
	}
	h2 := Log(s2)
	checkRel(t, "H_2", RenyiCrossEntropy(p, q, 2), h2.Neg(h2), 1e-56)
	hh := Log(sh)
	checkRel(t, "H_1/2", RenyiCrossEntropy(p, q, 0.5), hh.Mul(hh, NewFloat(2)), 1e-56)

	h := CrossEntropy(p, q)
	mean, sq := NewFloat(0), NewFloat(0)
	for i := range p {
		l := Log(NewFloat(q[i]))
		mean.Add(mean, new(big.Float).Mul(NewFloat(p[i]), l))
		sq.Add(sq, new(big.Float).Mul(NewFloat(p[i]), l.Mul(l, l)))
	}
	vr := new(big.Float).Sub(sq, new(big.Float).Mul(mean, mean))
	for _, tt := range []float64{1 - 1e-6, 1 + 1e-6} {
		s := new(big.Float).Sub(NewFloat(tt), NewFloat(1))
		want := new(big.Float).Mul(s, vr)
		want.Quo(want, NewFloat(-2))
		want.Add(want, h)
		checkAbsRel(t, "H_t near 1", RenyiCrossEntropy(p, q, tt), want, 1e-10)
	}
}
