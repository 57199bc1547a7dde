package ldp_test

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/ldp"
)

// The rate functions of Example 1 at the ends of the rate interval and at
// their zeros: J₀ vanishes at H(p‖q), J_Δ at t* = H(φ_δ‖q), and at the
// top end J₀ = −log P_p(argmax q) = log 5.
func ExampleRates_At() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	r, _ := ldp.New(p, logq, 0.1)
	top, _ := r.At(r.Lo)
	typical, _ := r.At(r.TStar)
	fmt.Printf("J0(lo) = %.4f (log 5 = %.4f)\n", top.J0, math.Log(5))
	fmt.Printf("J_Delta(t*) = %.4f, J_BoN(t*) = %.4f\n", typical.JDelta, typical.JBoN)
	// Output:
	// J0(lo) = 1.6094 (log 5 = 1.6094)
	// J_Delta(t*) = 0.0000, J_BoN(t*) = 0.0000
}
