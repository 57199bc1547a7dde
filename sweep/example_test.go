package sweep_test

import (
	"context"
	"fmt"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/sweep"
)

// On two symbols best-of-N is itself a tilt of p, so with the exact budget
// KL(π_N‖φ_Δ) vanishes for every N; on five symbols it does not.
func ExampleRun() {
	for _, k := range []int{2, 5} {
		res, err := sweep.Run(context.Background(), sweep.Options{K: k, Trials: 20, NMax: 100, Seed: 1, Gen: sweep.Dirichlet, Budget: bon.BudgetExact})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("K = %d: max KL(π_N‖φ_Δ) = %.3f\n", k, res.Max)
	}
	// Output:
	// K = 2: max KL(π_N‖φ_Δ) = 0.000
	// K = 5: max KL(π_N‖φ_Δ) = 0.371
}
