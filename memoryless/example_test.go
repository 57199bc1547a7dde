package memoryless_test

import (
	"fmt"
	"math"
	"math/big"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Table 2 of the paper: best-of-2 over sequences of length 2, exactly.
func ExampleModel_Exact() {
	p := []*big.Rat{big.NewRat(1, 5), big.NewRat(3, 10), big.NewRat(1, 2)}
	q := []*big.Rat{big.NewRat(2, 3), big.NewRat(1, 9), big.NewRat(2, 9)}
	pf, logq := make([]float64, 3), make([]float64, 3)
	for i := range p {
		pf[i], _ = p[i].Float64()
		qf, _ := q[i].Float64()
		logq[i] = math.Log(qf)
	}
	md, err := memoryless.NewModel(memoryless.Spec{P: pf, LogQ: logq, PExact: p, QExact: q})
	if err != nil {
		panic(err)
	}
	res, err := md.Exact(2, 2, true)
	if err != nil {
		panic(err)
	}
	for _, s := range res.Sequences {
		fmt.Println(s.Y, s.Prob.RatString())
	}
	fmt.Println("P(y1 = 0) =", res.MarginalFirst[0].RatString())
	// Output:
	// [0 0] 49/625
	// [0 1] 21/250
	// [0 2] 43/250
	// [1 0] 21/250
	// [1 1] 81/10000
	// [1 2] 9/125
	// [2 0] 43/250
	// [2 1] 9/125
	// [2 2] 103/400
	// P(y1 = 0) = 209/625
}

// With N = 1 best-of-N is the reference model itself: no KL, and the mean
// type is p.
func ExampleEnumeration_BestOfN() {
	p := []float64{0.2, 0.3, 0.5}
	logq := []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
	md, _ := memoryless.NewModel(memoryless.Spec{P: p, LogQ: logq})
	en, _ := md.Enumerate(100, memoryless.Options{})
	one, _ := bon.NewCount(1)
	r, _ := en.BestOfN(one, 0)
	fmt.Printf("types %d, KL rate %.3f, mean type %.3f\n", r.Types, r.KLBonPRate, r.MeanType)
	// Output:
	// types 5151, KL rate 0.000, mean type [0.200 0.300 0.500]
}
