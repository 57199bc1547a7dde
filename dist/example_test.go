package dist_test

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/dist"
)

// The paper's Example 1: p = (1/5, 3/10, 1/2), q = (2/3, 1/9, 2/9).
// KL(p‖q) = (1/5)log(3/10) + (3/10)log(27/10) + (1/2)log(9/4) = 0.4626460791…
// and KL(q‖p) = 0.5120805134… (checked with mpmath at 40 digits).
func ExampleKL() {
	p := []float64{0.2, 0.3, 0.5}
	q := []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
	fmt.Printf("KL(p‖q) = %.6f nats\n", dist.KL(p, q))
	fmt.Printf("KL(q‖p) = %.6f nats\n", dist.KL(q, p))
	// Output:
	// KL(p‖q) = 0.462646 nats
	// KL(q‖p) = 0.512081 nats
}

// Parsing keeps the exact rationals of a fraction list; Validate rescales
// by the exact sum (--normalize), here 1/5 + 3/10 + 1/2 + 1 = 2.
func ExampleValidate() {
	v, err := dist.ParseVector("1/5,3/10,1/2,1")
	if err != nil {
		panic(err)
	}
	p, err := dist.Validate(v, dist.Options{Normalize: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Exact, p.Values)
	_, err = dist.Validate(v, dist.Options{})
	fmt.Println(err != nil)
	// Output:
	// [1/10 3/20 1/4 1/2] [0.1 0.15 0.25 0.5]
	// true
}

// The Rényi cross-entropy of order 2 is −log Σ p q = −log(5/18) for
// Example 1 (2/15 + 1/30 + 1/9 = 5/18), and order 1 is the cross-entropy.
func ExampleRenyiCrossEntropy() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	fmt.Printf("H_2(p‖q) = %.6f = −log(5/18) = %.6f\n", dist.RenyiCrossEntropy(p, logq, 2), -math.Log(5.0/18))
	fmt.Printf("H_1(p‖q) = %.6f = H(p‖q) = %.6f\n", dist.RenyiCrossEntropy(p, logq, 1), dist.CrossEntropy(p, logq))
	// Output:
	// H_2(p‖q) = 1.280934 = −log(5/18) = 1.280934
	// H_1(p‖q) = 1.492299 = H(p‖q) = 1.492299
}
