package bon_test

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/bon"
)

// Best-of-2 for Example 1. In exact arithmetic (order of q: 0, 2, 1):
// π(0) = 1 − (4/5)² = 9/25, π(2) = (4/5)² − (3/10)² = 11/20,
// π(1) = (3/10)² = 9/100; KL(π₂‖p) = 0.1556662… (mpmath), below
// log 2 − 1/2 = 0.1931472 and log 2.
func ExampleBestOfN() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	r, err := bon.BestOfN(p, logq, 2)
	if err != nil {
		panic(err)
	}
	fmt.Printf("pi = %.4f\n", r.Pi)
	fmt.Printf("KL = %.6f <= bound %.6f <= log N %.6f\n", r.KL, r.KLBound, r.LogN)
	// Output:
	// pi = [0.3600 0.0900 0.5500]
	// KL = 0.155666 <= bound 0.193147 <= log N 0.693147
}

// Best-of-4 against the optimal policy at the same KL budget (Lemma 2).
// With the exact budget KL(π₄‖φ_Δ) = α(Δ)·ε. mpmath at 50 digits:
// Δ = 0.5217520…, α = 1.5816397…, KL(π‖φ) = α·ε = 0.0568946…,
// ε = 0.0359719…. With N = 1000, Δ reaches delta_max = log 5 within 1e-97:
// φ is p conditioned on argmax q (α = ∞).
func ExampleCompare() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	c, err := bon.Compare(p, logq, 4, bon.BudgetExact)
	if err != nil {
		panic(err)
	}
	fmt.Printf("delta = %.6f, alpha = %.6f\n", c.Delta, c.Alpha)
	fmt.Printf("KL(pi||phi) = %.6f, eps = %.6f, alpha*eps = %.6f\n", c.KLBonPhi, c.RewardGap, c.Lemma2Bound)
	c, _ = bon.Compare(p, logq, 1000, bon.BudgetExact)
	fmt.Printf("N = 1000: alpha infinite %v, delta = %.6f\n", c.AlphaInfinite, c.Delta)
	// Output:
	// delta = 0.521752, alpha = 1.581640
	// KL(pi||phi) = 0.056895, eps = 0.035972, alpha*eps = 0.056895
	// N = 1000: alpha infinite true, delta = 1.609438
}
