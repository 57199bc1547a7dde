package montecarlo

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// alias is a Walker–Vose alias table over the outcomes off, off+1, …,
// off+len(prob)−1.
type alias struct {
	off   int
	prob  []float64
	alias []int32
}

// newAlias builds the table for weights w (not necessarily normalised).
func newAlias(off int, w []float64) *alias {
	n := len(w)
	a := &alias{off: off, prob: make([]float64, n), alias: make([]int32, n)}
	var sum float64
	for _, x := range w {
		sum += x
	}
	scaled := make([]float64, n)
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s := small[len(small)-1]
		small = small[:len(small)-1]
		l := large[len(large)-1]
		a.prob[s] = scaled[s]
		a.alias[s] = l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i] = 1
		a.alias[i] = i
	}
	for _, i := range small { // rounding leftovers
		a.prob[i] = 1
		a.alias[i] = i
	}
	return a
}

// draw returns one outcome.
func (a *alias) draw(r *rand.Rand) int {
	hi, _ := bits.Mul64(r.Uint64(), uint64(len(a.prob)))
	i := int(hi)
	if r.Float64() < a.prob[i] {
		return a.off + i
	}
	return a.off + int(a.alias[i])
}

// binomialAlias returns the alias table of Bin(n, θ), truncated to the
// outcomes whose probability exceeds 1e-300 (the rest have total mass below
// n·1e-300: unobservable).
func binomialAlias(n int, theta float64) *alias {
	if theta <= 0 {
		return newAlias(0, []float64{1})
	}
	if theta >= 1 {
		return newAlias(n, []float64{1})
	}
	lt, l1t := math.Log(theta), math.Log1p(-theta)
	lgn, _ := math.Lgamma(float64(n + 1))
	logpmf := func(i int) float64 {
		a, _ := math.Lgamma(float64(i + 1))
		b, _ := math.Lgamma(float64(n - i + 1))
		return lgn - a - b + float64(i)*lt + float64(n-i)*l1t
	}
	mode := int(math.Floor(float64(n+1) * theta))
	mode = min(max(mode, 0), n)
	top := logpmf(mode)
	const cut = -690 // e^-690 ≈ 1e-300
	lo, hi := mode, mode
	for lo > 0 && logpmf(lo-1)-top > cut {
		lo--
	}
	for hi < n && logpmf(hi+1)-top > cut {
		hi++
	}
	w := make([]float64, hi-lo+1)
	for i := range w {
		w[i] = math.Exp(logpmf(lo+i) - top)
	}
	return newAlias(lo, w)
}
