// Package naive holds textbook implementations used only as references by
// tiltkit's tests: plain float64 loops straight from the definitions (and
// math/big for exact rationals), sharing no code with the packages they
// check. They are deliberately simple and unguarded: correct for the small,
// well-scaled inputs tests feed them, not for production use.
package naive

import (
	"math"
	"math/big"
	"slices"
)

// Logs returns math.Log of every entry.
func Logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

// LogSumExp returns log Σ exp(xs) with the maximum factored out.
func LogSumExp(xs []float64) float64 {
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

// KL returns Σ a log(a/b) over a > 0 (Eq. 1 of the paper, term by term).
func KL(a, b []float64) float64 {
	var s float64
	for k := range a {
		if a[k] > 0 {
			s += a[k] * math.Log(a[k]/b[k])
		}
	}
	return s
}

// CrossEntropy returns −Σ a·log q over a > 0.
func CrossEntropy(a, logq []float64) float64 {
	var s float64
	for k := range a {
		if a[k] > 0 {
			s -= a[k] * logq[k]
		}
	}
	return s
}

// Tilt returns T(q, p, α) ∝ p·q^α (Lemma 1), normalised by log-sum-exp.
func Tilt(p, logq []float64, alpha float64) []float64 {
	ls := make([]float64, len(p))
	for k := range p {
		ls[k] = math.Inf(-1)
		if p[k] > 0 {
			ls[k] = math.Log(p[k]) + alpha*logq[k]
		}
	}
	z := LogSumExp(ls)
	out := make([]float64, len(p))
	for k := range p {
		out[k] = math.Exp(ls[k] - z)
	}
	return out
}

// TiltTo returns φ_δ and α(δ), solving KL(T_α‖p) = δ by bisection on α ≥ 0
// (KL(T_α‖p) increases with α). It panics when δ is beyond reach.
func TiltTo(p, logq []float64, delta float64) ([]float64, float64) {
	if delta == 0 {
		return slices.Clone(p), 0
	}
	lo, hi := 0.0, 1.0
	for KL(Tilt(p, logq, hi), p) < delta {
		hi *= 2
		if hi > 1e6 {
			panic("naive.TiltTo: δ beyond delta_max")
		}
	}
	for i := 0; i < 300 && hi-lo > 1e-16*hi; i++ {
		mid := (lo + hi) / 2
		if KL(Tilt(p, logq, mid), p) < delta {
			lo = mid
		} else {
			hi = mid
		}
	}
	a := (lo + hi) / 2
	return Tilt(p, logq, a), a
}

// Compositions calls fn with every composition of m into k non-negative
// counts (fn must not keep n).
func Compositions(m, k int, fn func(n []int)) {
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

// LogMultinomial returns log of the multinomial probability of counts n
// under d (−Inf when a count falls on a zero of d).
func LogMultinomial(n []int, d []float64) float64 {
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

// Rat parses a rational ("3/10", "0.25"), panicking on a typo.
func Rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("naive: bad rational " + s)
	}
	return r
}

// Rats parses several rationals.
func Rats(ss ...string) []*big.Rat {
	out := make([]*big.Rat, len(ss))
	for i, s := range ss {
		out[i] = Rat(s)
	}
	return out
}

// Within reports |got − want| ≤ rel·|want| (exact equality always passes).
func Within(got, want, rel float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// WithinAbsOrRel reports |got − want| ≤ abs or ≤ rel·|want|.
func WithinAbsOrRel(got, want, abs, rel float64) bool {
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

// Near reports |got − want| ≤ rel·|want| + abs.
func Near(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+abs
}
