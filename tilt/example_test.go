package tilt_test

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/tilt"
)

// The optimal KL-constrained policy of Example 1 at budget Δ = 0.5 (Lemma 1).
// Checked with mpmath at 50 digits (findroot on the definition):
// α(0.5) = 1.54299016…, φ = (0.6437385…, 0.0608305…, 0.2954310…),
// H(φ‖q) = 0.8390228…; delta_max = log 5.
func ExampleFamily_AlphaForKL() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	f, err := tilt.NewFamily(p, logq)
	if err != nil {
		panic(err)
	}
	alpha, err := f.AlphaForKL(0.5)
	if err != nil {
		panic(err)
	}
	pt := f.At(alpha)
	fmt.Printf("alpha = %.6f\n", alpha)
	fmt.Printf("KL(phi||p) = %.6f, H(phi||q) = %.6f\n", pt.KL, pt.CrossEntropy)
	fmt.Printf("phi = %.6f\n", f.Tilt(alpha))
	fmt.Printf("delta_max = %.6f = log 5 = %.6f\n", f.DeltaMax(), math.Log(5))
	_, err = f.AlphaForKL(2)
	fmt.Println(err != nil)
	// Output:
	// alpha = 1.542990
	// KL(phi||p) = 0.500000, H(phi||q) = 0.839023
	// phi = [0.643739 0.060830 0.295431]
	// delta_max = 1.609438 = log 5 = 1.609438
	// true
}

// The mismatched tilt T(q, p, α) ∝ p·q^α at integer α is rational for
// Example 1: α = 1 gives p·q/(5/18) = (12/25, 3/25, 2/5); α = −1 gives
// (p/q)/(21/4) = (2/35, 18/35, 3/7).
func ExampleTilt() {
	p := []float64{0.2, 0.3, 0.5}
	q := []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
	fmt.Printf("%.6f\n", tilt.Tilt(q, p, 1))
	fmt.Printf("%.6f\n", tilt.Tilt(q, p, -1))
	fmt.Printf("%.6f\n", tilt.Tilt(q, p, math.Inf(1))) // p conditioned on argmax q
	// Output:
	// [0.480000 0.120000 0.400000]
	// [0.057143 0.514286 0.428571]
	// [1.000000 0.000000 0.000000]
}
