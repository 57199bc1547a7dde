package ldp_test

import (
	"math"
	"slices"
	"testing"

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

func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

func logSumExp(xs []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range xs {
		mx = math.Max(mx, x)
	}
	if math.IsInf(mx, -1) {
		return mx
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}

func tiltAt(p, logq []float64, alpha float64) []float64 {
	ls := make([]float64, len(p))
	for k := range p {
		ls[k] = math.Inf(-1)
		if p[k] > 0 {
			ls[k] = math.Log(p[k]) + alpha*logq[k]
		}
	}
	z := logSumExp(ls)
	out := make([]float64, len(p))
	for k := range p {
		out[k] = math.Exp(ls[k] - z)
	}
	return out
}

func klVec(a, b []float64) float64 {
	var s float64
	for k := range a {
		if a[k] > 0 {
			s += a[k] * math.Log(a[k]/b[k])
		}
	}
	return s
}

func crossEntropy(a, logq []float64) float64 {
	var s float64
	for k := range a {
		if a[k] > 0 {
			s -= a[k] * logq[k]
		}
	}
	return s
}

// tiltTo returns φ_δ and α(δ) by bisection (KL(T_α‖p) increases in α ≥ 0).
func tiltTo(p, logq []float64, delta float64) ([]float64, float64) {
	if delta == 0 {
		return slices.Clone(p), 0
	}
	lo, hi := 0.0, 1.0
	for klVec(tiltAt(p, logq, hi), p) < delta {
		hi *= 2
	}
	for i := 0; i < 300 && hi-lo > 1e-16*hi; i++ {
		mid := (lo + hi) / 2
		if klVec(tiltAt(p, logq, mid), p) < delta {
			lo = mid
		} else {
			hi = mid
		}
	}
	a := (lo + hi) / 2
	return tiltAt(p, logq, a), a
}

func near(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+abs
}

func newRates(t testing.TB, p, q []float64, delta float64) *ldp.Rates {
	t.Helper()
	r, err := ldp.New(p, logs(q), delta)
	if err != nil {
		t.Fatalf("ldp.New: %v", err)
	}
	return r
}

func compositions(m, k int, fn func(n []int)) {
	n := make([]int, k)
	var rec func(i, rest int)
	rec = func(i, rest int) {
		if i == k-1 {
			n[i] = rest
			fn(n)
			return
		}
		for c := 0; c <= rest; c++ {
			n[i] = c
			rec(i+1, rest-c)
		}
	}
	rec(0, m)
}

// logMultinomial returns log of the probability of type class n under the
// product of d (−Inf if n uses a symbol with d = 0).
func logMultinomial(n []int, d []float64) float64 {
	m := 0
	for _, c := range n {
		m += c
	}
	l, _ := math.Lgamma(float64(m + 1))
	for k, c := range n {
		if c == 0 {
			continue
		}
		if d[k] == 0 {
			return math.Inf(-1)
		}
		lc, _ := math.Lgamma(float64(c + 1))
		l += float64(c)*math.Log(d[k]) - lc
	}
	return l
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
	compositions(m, len(p), func(n []int) {
		lp := logMultinomial(n, p)
		if math.IsInf(lp, -1) {
			return
		}
		var r float64
		for k, c := range n {
			r -= float64(c) * logq[k]
		}
		out = append(out, oType{n: slices.Clone(n), rate: r / float64(m), logP: lp, logPhi: logMultinomial(n, phi)})
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
	phi = -logSumExp(inPhi) / mf
	// log G accurately: log1p(−A) when A = P(rate ≤ lo) is small.
	logG := logSumExp(gt)
	if a := math.Exp(logSumExp(le)); a < 0.5 {
		logG = math.Log1p(-a)
	}
	w := math.Exp(logSumExp(inP) - logG) // W/G
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
	md, err := memoryless.NewModel(memoryless.Spec{P: p, LogQ: logs(q), Q: q})
	if err != nil {
		t.Fatal(err)
	}
	en, err := md.Enumerate(m, memoryless.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return en
}
