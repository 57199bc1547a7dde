package bon

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tolerances for the comparison.
const (
	tolLemma2 = 1e-10 // relative: Lemma 2 identity with the exact budget
	tolCmp    = 1e-12 // relative: fields against naive recomputation
)

type cmpCase struct {
	name string
	p, q []float64
	// twoLevels: q takes two values on the support of p. Then every π_N is
	// itself a member of the aligned family (a distribution on two levels,
	// p-proportional within each, is T(q,p,α) for the α matching its top
	// mass), so with the exact budget φ_Δ = π_N and KL(π‖φ) = ε = 0.
	twoLevels bool
}

var cmpCases = []cmpCase{
	{"example 1", ex1P, ex1Q, false},
	{"ties", []float64{0.1, 0.2, 0.3, 0.4}, []float64{0.3, 0.3, 0.2, 0.2}, true},
	{"zeros in p", []float64{0, 0.3, 0.2, 0.5}, []float64{0.4, 0.3, 0.2, 0.1}, false},
	{"binary", []float64{0.3, 0.7}, []float64{0.6, 0.4}, true},
	{"six symbols", []float64{0.05, 0.1, 0.15, 0.2, 0.25, 0.25}, []float64{0.3, 0.05, 0.25, 0.1, 0.2, 0.1}, false},
}

// TestCompareLemma2Identity: with Δ = KL(π_N‖p) exactly, the proof of Lemma 2
// gives KL(ψ‖φ_Δ) = KL(ψ‖p) − KL(φ_Δ‖p) + α(Δ)(H(ψ‖q) − H(φ_Δ‖q)) = α(Δ)·ε.
// The two fields are computed by different formulas (a sum of KL atoms; α
// times a sum of reward differences), and both are checked against naive
// recomputations from Pi and Phi; φ is checked against T(q,p,α) from its
// definition and KL(φ‖p) against Δ.
//
// Conditioning: Δ = KL(π_N‖p) is itself rounded (δ ≈ ε_mach·Δ), and
// dε/dΔ = 1/α while d(KL(π‖φ_Δ))/dΔ ≈ 0, so for φ of the rounded budget the
// identity holds to |δ|, not to 1e-10·α·ε when α·ε ≪ 1e-6·Δ (e.g. N = 30 on
// "zeros in p": α·ε = 5.2e-9, Δ = 1.2; mpmath at 60 digits confirms KL(π‖φ)
// to 4e-14 and shows ε off by δ/α = 4e-18, i.e. 1.6e-8 relative). The
// tolerance is therefore 1e-10·α·ε + 1e-15·Δ.
func TestCompareLemma2Identity(t *testing.T) {
	for _, c := range cmpCases {
		lq := naive.Logs(c.q)
		for _, n := range []float64{1.5, 2, 3.5, 4, 10, 30} {
			name := fmt.Sprintf("%s/N=%g", c.name, n)
			r, err := Compare(c.p, lq, n, BudgetExact)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if r.AlphaInfinite {
				t.Errorf("%s: unexpected limit case", name)
				continue
			}
			bn := mustBoN(t, c.p, lq, n)
			if r.Delta != bn.KL || r.KLBonP != bn.KL || r.RewardBon != bn.ExpectedReward {
				t.Errorf("%s: Δ = %v, KLBonP = %v, want KL(π‖p) = %v", name, r.Delta, r.KLBonP, bn.KL)
			}
			phi := refTilt(c.p, lq, r.Alpha)
			for i := range phi {
				if !naive.WithinAbsOrRel(r.Phi[i], phi[i], 1e-300, 1e-12) || r.Pi[i] != bn.Pi[i] {
					t.Errorf("%s: φ[%d] = %.17g, T(q,p,α)[%d] = %.17g", name, i, r.Phi[i], i, phi[i])
				}
				if c.twoLevels && !naive.WithinAbsOrRel(r.Phi[i], r.Pi[i], 1e-15, 1e-12) {
					t.Errorf("%s: two levels, φ_Δ[%d] = %.17g, want π_N[%d] = %.17g", name, i, r.Phi[i], i, r.Pi[i])
				}
			}
			if kl := naive.KL(phi, c.p); !naive.Within(kl, r.Delta, 1e-11) {
				t.Errorf("%s: KL(φ_Δ‖p) = %.17g, Δ = %.17g", name, kl, r.Delta)
			}
			if c.twoLevels {
				if math.Abs(r.KLBonPhi) > 1e-14 || math.Abs(r.RewardGap) > 1e-14 || math.Abs(r.Lemma2Bound) > 1e-13 {
					t.Errorf("%s: two levels, KL(π‖φ) = %v, ε = %v, α·ε = %v; want all 0", name, r.KLBonPhi, r.RewardGap, r.Lemma2Bound)
				}
				continue
			}
			klBonPhi := naive.KL(r.Pi, phi)
			eps := naive.CrossEntropy(r.Pi, lq) - naive.CrossEntropy(phi, lq)
			// The naive sums carry ~1e-16·|log q| absolute error.
			if !naive.WithinAbsOrRel(r.KLBonPhi, klBonPhi, 1e-14, 1e-10) {
				t.Errorf("%s: KL(π‖φ) = %.17g, naive %.17g", name, r.KLBonPhi, klBonPhi)
			}
			if !naive.WithinAbsOrRel(r.RewardGap, eps, 1e-14, 1e-10) {
				t.Errorf("%s: ε = %.17g, naive %.17g", name, r.RewardGap, eps)
			}
			if !(r.RewardGap > 0) {
				t.Errorf("%s: ε = %v ≤ 0: φ_Δ is optimal at budget Δ (Lemma 1)", name, r.RewardGap)
			}
			if !naive.Within(r.Lemma2Bound, r.Alpha*r.RewardGap, 1e-15) {
				t.Errorf("%s: lemma2_bound %v ≠ α·ε = %v", name, r.Lemma2Bound, r.Alpha*r.RewardGap)
			}
			if d := math.Abs(r.KLBonPhi - r.Lemma2Bound); d > tolLemma2*r.Lemma2Bound+1e-15*r.Delta {
				t.Errorf("%s: KL(π‖φ) = %.17g, α·ε = %.17g: Lemma 2 identity off by %.3g", name, r.KLBonPhi, r.Lemma2Bound, d)
			}
			if !naive.Within(r.RewardPhi, -naive.CrossEntropy(phi, lq), tolCmp) {
				t.Errorf("%s: E_φ[r] = %.17g, want %.17g", name, r.RewardPhi, -naive.CrossEntropy(phi, lq))
			}
		}
	}
}

// TestCompareMpmathSmallGap: "zeros in p" with N = 30, against mpmath at 60
// digits (exact π_N, α by findroot): KL(π‖φ_Δ) = 5.2059948872498514999e-9,
// Δ = 1.2037182164320765635, α = 25.389885388673607147. (ε = α·ε/α is
// ill-conditioned in Δ here, see above, and is not compared.)
func TestCompareMpmathSmallGap(t *testing.T) {
	c := cmpCases[2]
	r, err := Compare(c.p, naive.Logs(c.q), 30, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if !naive.Within(r.KLBonPhi, 5.2059948872498514999e-9, tolLemma2) || !naive.Within(r.Delta, 1.2037182164320765635, 1e-15) || !naive.Within(r.Alpha, 25.389885388673607147, tolLemma2) {
		t.Errorf("KL(π‖φ) = %.17g, Δ = %.17g, α = %.17g", r.KLBonPhi, r.Delta, r.Alpha)
	}
}

// TestCompareExample1Mpmath: Example 1, N = 4, exact budget, against mpmath at
// 50 digits (π₄ = (0.5904, 0.0081, 0.4015) exactly; α by findroot):
// Δ = 0.52175204213142520826, α = 1.5816397237452744354,
// KL(π‖φ) = α·ε = 0.056894633626936214403, ε = 0.035971930125914809543.
func TestCompareExample1Mpmath(t *testing.T) {
	r, err := Compare(ex1P, naive.Logs(ex1Q), 4, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"delta", r.Delta, 0.52175204213142520826},
		{"alpha", r.Alpha, 1.5816397237452744354},
		{"kl_bon_phi", r.KLBonPhi, 0.056894633626936214403},
		{"reward_gap", r.RewardGap, 0.035971930125914809543},
		{"lemma2_bound", r.Lemma2Bound, 0.056894633626936214403},
		{"reward_bon", r.RewardBon, -0.86107119370915766858},
		{"reward_phi", r.RewardPhi, -0.82509926358324285904},
		{"pi[0]", r.Pi[0], 0.5904},
		{"pi[1]", r.Pi[1], 0.0081},
		{"pi[2]", r.Pi[2], 0.4015},
	} {
		if !naive.Within(c.got, c.want, tolLemma2) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
}

// TestCompareOtherBudgets: with Δ = log N − (N−1)/N or log N (≥ KL(π_N‖p) by
// Lemma 6), KL(π_N‖p) − KL(φ_Δ‖p) ≤ 0 in the proof of Lemma 2, so
// KL(π_N‖φ_Δ) ≤ α(Δ)·ε with ε ≥ 0.
func TestCompareOtherBudgets(t *testing.T) {
	for _, c := range cmpCases {
		lq := naive.Logs(c.q)
		s, err := New(c.p, lq)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range []Budget{BudgetBound, BudgetLogN} {
			for _, n := range []float64{1, 1.5, 2, 3.5} {
				name := fmt.Sprintf("%s/%v/N=%g", c.name, b, n)
				cn, _ := NewCount(n)
				r, err := s.Compare(cn, b)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				want := math.Log(n)
				if b == BudgetBound {
					want = math.Log(n) - (n-1)/n
				}
				if !naive.WithinAbsOrRel(r.Delta, want, 1e-16, 1e-14) {
					t.Errorf("%s: Δ = %.17g, want %.17g", name, r.Delta, want)
				}
				if r.AlphaInfinite {
					if r.Delta < s.DeltaMax()*(1-1e-15) {
						t.Errorf("%s: limit case below delta_max", name)
					}
					continue
				}
				phi := refTilt(c.p, lq, r.Alpha)
				kl := naive.KL(r.Pi, phi)
				eps := naive.CrossEntropy(r.Pi, lq) - naive.CrossEntropy(phi, lq)
				if !(eps >= -1e-15) || kl > r.Alpha*eps*(1+1e-10)+1e-15 {
					t.Errorf("%s: KL(π‖φ) = %.17g > α·ε = %.17g (ε = %v)", name, kl, r.Alpha*eps, eps)
				}
				if !naive.WithinAbsOrRel(r.KLBonPhi, kl, 1e-15, 1e-10) || !naive.WithinAbsOrRel(r.Lemma2Bound, r.Alpha*eps, 1e-15, 1e-10) {
					t.Errorf("%s: fields KL(π‖φ) %.17g, α·ε %.17g; naive %.17g, %.17g", name, r.KLBonPhi, r.Lemma2Bound, kl, r.Alpha*eps)
				}
			}
		}
	}
}

// TestCompareNOne: N = 1 gives π = p, Δ = 0, α = 0, φ = p and every gap 0.
func TestCompareNOne(t *testing.T) {
	r, err := Compare(ex1P, naive.Logs(ex1Q), 1, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if r.Delta != 0 || r.Alpha != 0 || r.KLBonPhi != 0 || r.RewardGap != 0 || r.Lemma2Bound != 0 || r.AlphaInfinite {
		t.Errorf("N=1: %+v", r)
	}
	for i := range ex1P {
		if r.Pi[i] != ex1P[i] || !naive.Within(r.Phi[i], ex1P[i], 1e-15) {
			t.Errorf("N=1: π[%d] = %v, φ[%d] = %v, want p = %v", i, r.Pi[i], i, r.Phi[i], ex1P[i])
		}
	}
}

// TestCompareLimit: the limit case. Example 1 with N = 1000: π_N puts
// (4/5)^1000 − (3/10)^1000 ≈ 1.2302e-97 outside S = {0}, so KL(π_N‖p) is
// delta_max = log 5 within 1e-97; φ is p conditioned on S = (1, 0, 0), α = +Inf,
// and every other field is finite: E_φ[r] = log(2/3), ε = Σ_{y∉S} π(y)(log q₀ −
// log q_y) = π₂·log 3 + π₁·log 6, KL(π‖φ) and α·ε reported as 0 (π_N's mass
// outside S is below float64 resolution).
func TestCompareLimit(t *testing.T) {
	lq := naive.Logs(ex1Q)
	r, err := Compare(ex1P, lq, 1000, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	if !r.AlphaInfinite || !math.IsInf(r.Alpha, 1) {
		t.Fatalf("N=1000: AlphaInfinite = %v, α = %v; want the limit case", r.AlphaInfinite, r.Alpha)
	}
	out := math.Pow(0.8, 1000) // (3/10)^1000 ≈ 1e-523 underflows
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"delta", r.Delta, math.Log(5)},
		{"delta_max", r.DeltaMax, math.Log(5)},
		{"kl_bon_p", r.KLBonP, math.Log(5)},
		{"reward_phi", r.RewardPhi, math.Log(2.0 / 3)},
		{"reward_bon", r.RewardBon, math.Log(2.0 / 3)},
		{"reward_gap", r.RewardGap, out * math.Log(3)},
		{"mass outside", r.MassOutsideTop, out},
		{"kl_bon_phi", r.KLBonPhi, 0},
		{"lemma2_bound", r.Lemma2Bound, 0},
	} {
		if math.IsInf(f.got, 0) || math.IsNaN(f.got) || !naive.WithinAbsOrRel(f.got, f.want, 0, 1e-12) {
			t.Errorf("N=1000: %s = %v, want %v", f.name, f.got, f.want)
		}
	}
	if r.KLBonPhiInfinite || r.Lemma2BoundInfinite {
		t.Errorf("N=1000: infinite flags set: %+v", r)
	}
	if r.Phi[0] != 1 || r.Phi[1] != 0 || r.Phi[2] != 0 {
		t.Errorf("N=1000: φ = %v, want (1, 0, 0)", r.Phi)
	}

	// Budgets beyond delta_max are the same limit, not an error. With N = 10
	// and --budget logn, Δ = log 10 > log 5, and π₁₀ keeps (4/5)^10 ≈ 0.107
	// outside S, where φ_∞ has no mass: KL(π‖φ) = +Inf, flagged.
	r, err = Compare(ex1P, lq, 10, BudgetLogN)
	if err != nil {
		t.Fatalf("N=10, logn: %v (a budget beyond delta_max must give the limit)", err)
	}
	if !r.AlphaInfinite || !r.KLBonPhiInfinite || !r.Lemma2BoundInfinite || !naive.Within(r.MassOutsideTop, math.Pow(0.8, 10), 1e-14) {
		t.Errorf("N=10, logn: %+v", r)
	}
	if !naive.Within(r.Delta, math.Log(10), 1e-15) || !naive.Within(r.RewardPhi, math.Log(2.0/3), 1e-15) {
		t.Errorf("N=10, logn: Δ = %v, E_φ[r] = %v", r.Delta, r.RewardPhi)
	}
	// N = 1e6 with the bound budget: Δ = log 1e6 − (1 − 1e-6) ≫ log 5 and
	// (4/5)^1e6 underflows: the limit with finite fields.
	r, err = Compare(ex1P, lq, 1e6, BudgetBound)
	if err != nil || !r.AlphaInfinite || r.KLBonPhiInfinite || r.KLBonPhi != 0 || r.Lemma2Bound != 0 {
		t.Errorf("N=1e6, bound: %+v, %v", r, err)
	}
}

// TestCompareSubnormalPhi is the regression for ε = NaN (fixed in
// compare.go): p = (⅓, ⅓, ⅓), log q = (0, −0.001, −0.163), N = 11 gives
// α(Δ) = 4447.5 and φ_Δ(2) = 1.4e-315 (subnormal) while π₁₁(2) = 5.6e-6, so
// φ·expm1(log(π/φ)) overflowed. Reference: mpmath at 60 digits with the
// rationals (0, −1/1000, −163/1000): Δ = 1.0355061792864518447,
// α = 4447.5304527714306098, KL(π‖φ) = α·ε = 0.0040185636027322606634,
// ε = 9.0354942937560688705e-7.
func TestCompareSubnormalPhi(t *testing.T) {
	p := []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
	r, err := Compare(p, []float64{0, -0.001, -0.163}, 11, BudgetExact)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"delta", r.Delta, 1.0355061792864518447},
		{"alpha", r.Alpha, 4447.5304527714306098},
		{"kl_bon_phi", r.KLBonPhi, 0.0040185636027322606634},
		{"reward_gap", r.RewardGap, 9.0354942937560688705e-7},
		{"lemma2_bound", r.Lemma2Bound, 0.0040185636027322606634},
	} {
		if !naive.Within(f.got, f.want, 1e-9) {
			t.Errorf("%s = %.17g, want %.17g", f.name, f.got, f.want)
		}
	}
}
