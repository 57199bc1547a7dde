package bigref

import (
	"math/big"
	"testing"
)

func TestScaledCumulant(t *testing.T) {
	for name, in := range smallInputs() {
		for _, a := range []float64{0, 0.7, 3} {
			tr := Tilt(in.P, in.LogQ, a)
			e0 := ScaledCumulant(tr.Phi, in.LogQ, 0)
			checkAbsRel(t, name+" rho=0 is E[logq]", e0, new(big.Float).Neg(tr.CrossEntropy), 1e-55)
			checkAbsRel(t, name+" rho -> 0", ScaledCumulant(tr.Phi, in.LogQ, 1e-30), e0, 1e-28)
			// Σ φ_α q^ρ = Z(α+ρ)/Z(α): E_ρ = (log Z(α+ρ) - log Z(α))/ρ.
			for _, rho := range []float64{1e-8, 0.5, 1, 3} {
				ar := new(big.Float).Add(NewFloat(a), NewFloat(rho)) // exact
				want := new(big.Float).Sub(TiltBig(in.P, in.LogQ, ar).LogZ, tr.LogZ)
				want.Quo(want, NewFloat(rho))
				checkAbsRel(t, name+" E_rho via log Z", ScaledCumulant(tr.Phi, in.LogQ, rho), want, 1e-50)
				r := RenyiCrossEntropyLog(tr.Phi, in.LogQ, rho)
				if r.Cmp(new(big.Float).Neg(ScaledCumulant(tr.Phi, in.LogQ, rho))) != 0 {
					t.Error("H_{1+rho} != -E_rho")
				}
			}
		}
	}
}
