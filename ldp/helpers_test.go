package ldp_test

import (
	"math"
	"slices"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/ldp"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Independent references for the tests of this package, written from the
// definitions and sharing no code with it:
//   - tiltAt / tiltTo: T(q, p, α) ∝ p·q^α and α(δ) by bisection on
//     KL(T_α‖p) = δ;
//   - the K = 2 closed forms (binaryRates);
//   - exact finite-m window probabilities by enumerating types
//     (windowOracle).

// Example 1 of the paper.
var (
	ex1P = []float64{0.2, 0.3, 0.5}
	ex1Q = []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

func newRates(t testing.TB, p, q []float64, delta float64) *ldp.Rates {
	t.Helper()
	r, err := ldp.New(p, naive.Logs(q), delta)
	if err != nil {
		t.Fatalf("ldp.New: %v", err)
	}
	return r
}

// oType is one type for the window oracle: its reward rate and log
// probabilities under p^m and φ^m.
type oType struct {
	n            []int
	rate         float64 // −(1/m)·Σ n_k log q_k
	logP, logPhi float64
}

// windowOracle enumerates every type of length m.
func windowOracle(m int, p, logq, phi []float64) []oType {
	var out []oType
	naive.Compositions(m, len(p), func(n []int) {
		lp := naive.LogMultinomial(n, p)
		if math.IsInf(lp, -1) {
			return
		}
		var r float64
		for k, c := range n {
			r -= float64(c) * logq[k]
		}
		out = append(out, oType{n: slices.Clone(n), rate: r / float64(m), logP: lp, logPhi: naive.LogMultinomial(n, phi)})
	})
	return out
}

// windowExponents returns the exact −(1/m)·log P(lo < rate < hi) under φ^m
// and under best-of-N (N = exp(logN)): with G = P_p(rate > lo) and
// W = P_p(lo < rate < hi), the best (lowest) of N rates lands in the window
// with probability G^N − (G − W)^N. ambiguous reports a type within 1e-9 of
// an edge (whose side float rounding decides).
func windowExponents(ts []oType, m int, logN, lo, hi float64) (phi, bon float64, ambiguous bool) {
	var inPhi, inP, gt, le []float64
	for _, t := range ts {
		if math.Abs(t.rate-lo) < 1e-9 || math.Abs(t.rate-hi) < 1e-9 {
			ambiguous = true
		}
		if t.rate > lo {
			gt = append(gt, t.logP)
			if t.rate < hi {
				inPhi = append(inPhi, t.logPhi)
				inP = append(inP, t.logP)
			}
		} else {
			le = append(le, t.logP)
		}
	}
	mf := float64(m)
	phi, bon = math.Inf(1), math.Inf(1)
	if len(inPhi) == 0 {
		return phi, bon, ambiguous
	}
	phi = -naive.LogSumExp(inPhi) / mf
	// log G accurately: log1p(−A) when A = P(rate ≤ lo) is small.
	logG := naive.LogSumExp(gt)
	if a := math.Exp(naive.LogSumExp(le)); a < 0.5 {
		logG = math.Log1p(-a)
	}
	w := math.Exp(naive.LogSumExp(inP) - logG) // W/G
	n := math.Exp(logN)
	// log(G^N − (G−W)^N) = N·log G + log(1 − (1 − W/G)^N)
	var tail float64
	if w < 1 {
		tail = math.Log(-math.Expm1(n * math.Log1p(-w)))
	}
	bon = -(n*logG + tail) / mf
	return phi, bon, ambiguous
}

func enumerate(t testing.TB, p, q []float64, m int) *memoryless.Enumeration {
	t.Helper()
	md, err := memoryless.NewModel(memoryless.Spec{P: p, LogQ: naive.Logs(q), Q: q})
	if err != nil {
		t.Fatal(err)
	}
	en, err := md.Enumerate(m, memoryless.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return en
}
