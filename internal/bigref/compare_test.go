package bigref

import (
	"math/big"
	"testing"
)

// TestCompareLemma2 checks, with the exact budget, the identity
// KL(π_N‖φ_Δ) = α ε (Lemma 2 with KL(π_N‖p̂) = Δ; the two sides are computed
// independently), ε ≥ 0, and with the bound and logn budgets (Δ ≥ KL(π_N‖p̂))
// the inequality KL(π_N‖φ_Δ) ≤ α ε.
func TestCompareLemma2(t *testing.T) {
	for name, in := range smallInputs() {
		for _, n := range []float64{2, 3.5, 10} {
			c, err := Compare(in.P, in.LogQ, n, BudgetExact)
			if err != nil {
				t.Fatal(err)
			}
			if c.Skipped || len(c.Unresolved) > 0 {
				t.Fatalf("%s N=%v: skipped %v unresolved %v", name, n, c.Skipped, c.Unresolved)
			}
			if c.RewardGap.Sign() < 0 {
				t.Errorf("%s N=%v: reward gap %s < 0", name, n, c.RewardGap.Text('g', 10))
			}
			if c.KLBonPhi.Sign() != 0 || c.Lemma2Bound.Sign() != 0 {
				checkRel(t, name+" KL(pi‖phi) = alpha eps", c.KLBonPhi, c.Lemma2Bound, 1e-45)
			}
			for _, b := range []Budget{BudgetBound, BudgetLogN} {
				c, err := Compare(in.P, in.LogQ, n, b)
				if err != nil {
					t.Fatal(err)
				}
				if c.Skipped {
					continue
				}
				if c.KLBonPhi.Cmp(c.Lemma2Bound) > 0 {
					t.Errorf("%s N=%v %s: KL(pi‖phi) = %s > alpha eps = %s", name, n, b, c.KLBonPhi.Text('g', 10), c.Lemma2Bound.Text('g', 10))
				}
			}
		}
	}
}

// TestCompareDirect checks the level-wise KL(π_N‖φ_Δ) and ε against direct
// sums over the entries, where those are accurate (moderate N).
func TestCompareDirect(t *testing.T) {
	for name, in := range smallInputs() {
		for _, n := range []float64{2, 10} {
			for _, b := range []Budget{BudgetExact, BudgetBound} {
				c, err := Compare(in.P, in.LogQ, n, b)
				if err != nil || c.Skipped {
					continue
				}
				kl, eb, ep := NewFloat(0), NewFloat(0), NewFloat(0)
				for i := range c.Pi {
					l := NewFloat(in.LogQ[i])
					ep.Add(ep, new(big.Float).Mul(c.Phi[i], l))
					if c.Pi[i].Sign() == 0 {
						continue
					}
					x := Log(new(big.Float).Quo(c.Pi[i], c.Phi[i]))
					kl.Add(kl, x.Mul(x, c.Pi[i]))
					eb.Add(eb, new(big.Float).Mul(c.Pi[i], l))
				}
				checkAbsRel(t, name+" KL(pi‖phi) direct", c.KLBonPhi, kl, 1e-55)
				checkAbsRel(t, name+" eps direct", c.RewardGap, new(big.Float).Sub(ep, eb), 1e-55)
				checkAbsRel(t, name+" reward_bon", c.RewardBon, eb, 1e-55)
				checkAbsRel(t, name+" reward_phi", c.RewardPhi, ep, 1e-55)
			}
		}
	}
}

func TestCompareSpecialCases(t *testing.T) {
	ins := smallInputs()
	ex := ins["example1"]
	// N = 1: Δ = 0, α = 0 and π = φ = p̂.
	c, err := Compare(ex.P, ex.LogQ, 1, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if c.Delta.Sign() != 0 || c.Alpha.Sign() != 0 || c.KLBonPhi.Sign() != 0 || c.RewardGap.Sign() != 0 {
		t.Errorf("N=1: delta %v alpha %v kl %v gap %v, want exact zeros", c.Delta, c.Alpha, c.KLBonPhi, c.RewardGap)
	}
	// log N ≥ Δ_max = log 5: skipped.
	if c, err := Compare(ex.P, ex.LogQ, 1e12, BudgetLogN); err != nil || !c.Skipped {
		t.Errorf("logn budget with N = 1e12: skipped = %v, err = %v", c != nil && c.Skipped, err)
	}
	// Two reward levels: best-of-N is itself a tilt.
	k2 := ins["dir_k2"]
	c, err = Compare(k2.P, k2.LogQ, 10, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if c.KLBonPhi.Sign() != 0 || c.RewardGap.Sign() != 0 {
		t.Error("K = 2, exact budget: want exact zeros")
	}
	for i := range c.Pi {
		checkRel(t, "K=2 phi = pi", c.Phi[i], c.Pi[i], 1e-45)
	}
}

// TestCompareEscalation: with N = 1000 on pzeros, Δ_max - Δ ≈ 2^-1000 and
// KL(π_N‖φ_Δ) ≈ 1e-600 needs about 1600 bits; Compare escalates to resolve it.
func TestCompareEscalation(t *testing.T) {
	in := smallInputs()["pzeros"]
	c, err := Compare(in.P, in.LogQ, 1000, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Unresolved) > 0 {
		t.Fatalf("unresolved: %v", c.Unresolved)
	}
	checkRel(t, "KL(pi‖phi) = alpha eps", c.KLBonPhi, c.Lemma2Bound, 1e-45)
	if e := c.KLBonPhi.MantExp(nil); e > -1800 || e < -2200 {
		t.Errorf("KL(pi‖phi) = %s, expected about 1e-600", c.KLBonPhi.Text('g', 10))
	}
}
