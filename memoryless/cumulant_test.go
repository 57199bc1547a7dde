package memoryless_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// TestScaledCumulantFiniteM: for a memoryless φ^m the finite-m scaled
// cumulant (1/(mρ))·log E_{φ^m}[e^{ρ·r(Y^m)}] factorises and equals
// −H_{1+ρ}(φ‖q) for every m (Lemma 3; Corollary 1's limit is attained at
// every m). Truth: dist.RenyiCrossEntropy (single-token, Definition 5),
// with φ = φ_δ of Example 1 from bisection. The package sums over types.
func TestScaledCumulantFiniteM(t *testing.T) {
	const rel = 1e-12
	pf := ratFloats(naive.Rats(ex1P...))
	logq := ratLogs(naive.Rats(ex1Q...))
	for _, delta := range []float64{0, 0.1, 0.5} {
		phi, _ := naive.TiltTo(pf, logq, delta)
		md, err := memoryless.NewModel(memoryless.Spec{P: phi, LogQ: logq})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []int{1, 5, 50} {
			for _, rho := range []float64{1e-3, 0.1, 0.5, 1, 2, 5, 20} {
				t.Run(fmt.Sprintf("delta=%g/m=%d/rho=%g", delta, m, rho), func(t *testing.T) {
					got, err := md.ScaledCumulant(m, rho, 0)
					if err != nil {
						t.Fatal(err)
					}
					want := -dist.RenyiCrossEntropy(phi, logq, 1+rho)
					if !naive.Near(got, want, rel, 0) {
						t.Errorf("finite-m cumulant %.17g, −H_{1+ρ}(φ‖q) = %.17g (rel %.2g)", got, want, math.Abs(got-want)/math.Abs(want))
					}
				})
			}
			// ρ = 0: the continuous extension E_φ[log q] = −H(φ‖q).
			got, err := md.ScaledCumulant(m, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if want := -naive.CrossEntropy(phi, logq); !naive.Near(got, want, rel, 0) {
				t.Errorf("δ=%g m=%d ρ=0: %.17g, −H(φ‖q) = %.17g", delta, m, got, want)
			}
		}
	}
	// Bad m.
	md, _ := memoryless.NewModel(memoryless.Spec{P: pf, LogQ: logq})
	if _, err := md.ScaledCumulant(0, 1, 0); err == nil {
		t.Error("m = 0 accepted")
	}
}
