package tilt

import (
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/internal/bigref"
)

// TestReferenceTilt checks every case of testdata/reference/tilt.json
// (math/big at 200 bits, verified at 264; see internal/bigref): the tilt at α,
// α(Δ) and β(t), with KL, H(φ‖q), E_φ[log q], log Z, Var_φ(log q), delta_max
// and φ. A case with Skip set asks for a quantity that does not exist (Δ or t
// out of range): the solver must then return an error.
func TestReferenceTilt(t *testing.T) {
	f := bigref.LoadOrSkip(t, "tilt.json")
	for i := range f.Cases {
		cs := &f.Cases[i]
		t.Run(cs.Name, func(t *testing.T) {
			fam, err := NewFamily(cs.In.P, cs.In.LogQ)
			if err != nil {
				t.Fatal(err)
			}
			var alpha float64
			switch cs.Mode {
			case "alpha":
				alpha = bigref.Param(t, cs, "alpha")
			case "delta":
				alpha, err = fam.AlphaForKL(bigref.Param(t, cs, "delta"))
			case "rate":
				alpha, err = fam.BetaForRate(bigref.Param(t, cs, "rate"))
			default:
				t.Fatalf("unknown mode %q", cs.Mode)
			}
			if cs.Skip != "" {
				if err == nil {
					t.Errorf("skip %q: the solver returned α = %v, want an error", cs.Skip, alpha)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pt := fam.At(alpha)
			// The references normalise p exactly (p̂ = p/Σp); LogZ is
			// log Σ p q^α for p as given, = log Σ p̂ q^α + log Σp
			// (raretop's p sums to 1 + 1e-12).
			got := map[string]float64{
				"alpha": alpha, "delta": pt.KL, "cross_entropy": pt.CrossEntropy,
				"expected_reward": pt.ExpectedReward, "log_z": pt.LogZ - bigref.LogSum(cs.In.P),
				"reward_var": pt.Variance, "delta_max": fam.DeltaMax(),
			}
			// Conditioning near delta_max: α(Δ) for Δ > delta_max/2 is solved
			// on the gap delta_max − Δ, with delta_max as a double-double
			// (error ~ε²·delta_max); since dΔ/dα = α·Var_φ(log q), that moves α
			// by δα = ε²·delta_max/(α·Var), and the solver's own relative
			// 1e-14 on the gap by 1e-14·gap/(α·Var). Outputs move by their
			// α-derivative times δα: log Z by |E_φ[log q]|·δα, H(φ‖q) by
			// Var·δα, φ_j by φ_j·|log q_j − E_φ[log q]|·δα.
			var dAlpha float64
			if cs.Mode == "delta" {
				a, v, dm := bigref.Parse(cs.Out["alpha"]), bigref.Parse(cs.Out["reward_var"]), bigref.Parse(cs.Out["delta_max"])
				if d := bigref.Param(t, cs, "delta"); d > dm/2 && a > 0 && v > 0 {
					dAlpha = (0x1p-104*dm + 1e-14*(dm-d)) / (a * v)
				}
			}
			eRew := bigref.Parse(cs.Out["expected_reward"])
			er := math.Abs(eRew)
			slack := map[string]float64{
				"alpha": dAlpha, "log_z": er * dAlpha,
				"cross_entropy": pt.Variance * dAlpha, "expected_reward": pt.Variance * dAlpha,
			}
			if dAlpha > 1e-10*math.Abs(alpha) {
				t.Logf("near delta_max: α is determined to %.2g relative by the float64 delta_max", dAlpha/alpha)
			}
			for name, want := range cs.Out {
				g, ok := got[name]
				if !ok {
					t.Errorf("output %q not checked", name)
					continue
				}
				bigref.CheckSlack(t, name, g, want, slack[name])
			}
			phi := fam.Tilt(alpha)
			lq := cs.In.LogQ
			bigref.CheckVecSlack(t, cs, "phi", phi, func(i int) float64 { return phi[i] * math.Abs(lq[i]-eRew) * dAlpha })
		})
	}
}
