package dist

import (
	"testing"

	"github.com/tiltkit/tiltkit/internal/bigref"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/tilt"
)

// TestReferenceMeasures checks every case of testdata/reference/measures.json
// (math/big at 200 bits; see internal/bigref): entropies, KL both ways,
// cross-entropies both ways, and the Rényi cross-entropy H_t(p‖q).
func TestReferenceMeasures(t *testing.T) {
	f := bigref.LoadOrSkip(t, "measures.json")
	for i := range f.Cases {
		cs := &f.Cases[i]
		t.Run(cs.Name, func(t *testing.T) {
			p, q := cs.In.P, cs.In.Q
			got := map[string]float64{}
			switch cs.Mode {
			case "basic":
				got["entropy_p"] = Entropy(p)
				got["entropy_q"] = Entropy(q)
				got["kl_pq"] = KL(p, q)
				got["kl_qp"] = KL(q, p)
				got["cross_entropy_pq"] = CrossEntropy(p, naive.Logs(q))
				got["cross_entropy_qp"] = CrossEntropy(q, naive.Logs(p))
			case "renyi":
				// The reference evaluates 1/(1−t)·log Σ p q^{t−1} for p as
				// given; RenyiCrossEntropy treats p as a distribution (its
				// centred form assumes Σp = 1), i.e. computes H_t(p̂‖q) with
				// p̂ = p/Σp. The two differ by log(Σp)/(1−t): 1e-6 at
				// t = 1 ± 1e-6 for raretop, whose p sums to 1 + 1e-12 —
				// the literal formula is not even continuous at t = 1 then.
				tt := bigref.Param(t, cs, "t")
				got["renyi_pq"] = RenyiCrossEntropy(p, naive.Logs(q), tt)
				if tt != 1 {
					got["renyi_pq"] += bigref.LogSum(p) / (1 - tt)
				}
			default:
				t.Fatalf("unknown mode %q", cs.Mode)
			}
			for name, want := range cs.Out {
				g, ok := got[name]
				if !ok {
					t.Errorf("output %q not checked", name)
					continue
				}
				bigref.Check(t, name, g, want)
			}
		})
	}
}

// TestReferenceCumulant checks every case of testdata/reference/cumulant.json:
// Lemma 3's scaled cumulant (1/ρ) log E_φ[q^ρ] and −H_{1+ρ}(φ‖q) for
// φ = φ_Δ (α(Δ) solved by package tilt).
func TestReferenceCumulant(t *testing.T) {
	f := bigref.LoadOrSkip(t, "cumulant.json")
	for i := range f.Cases {
		cs := &f.Cases[i]
		t.Run(cs.Name, func(t *testing.T) {
			fam, err := tilt.NewFamily(cs.In.P, cs.In.LogQ)
			if err != nil {
				t.Fatal(err)
			}
			alpha, err := fam.AlphaForKL(bigref.Param(t, cs, "delta"))
			if cs.Skip != "" {
				if err == nil {
					t.Errorf("skip %q: α = %v, want an error", cs.Skip, alpha)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rho := bigref.Param(t, cs, "rho")
			phi := fam.Tilt(alpha)
			got := map[string]float64{
				"alpha": alpha, "delta_max": fam.DeltaMax(),
				"scaled_cumulant":     ScaledCumulant(phi, cs.In.LogQ, rho),
				"renyi_cross_entropy": RenyiCrossEntropy(phi, cs.In.LogQ, 1+rho),
				"expected_reward":     fam.At(alpha).ExpectedReward,
			}
			for name, want := range cs.Out {
				g, ok := got[name]
				if !ok {
					t.Errorf("output %q not checked", name)
					continue
				}
				bigref.Check(t, name, g, want)
			}
		})
	}
}
