package xmath

import "math"

// Accumulator is a Neumaier (improved Kahan–Babuška) compensated sum: the
// error of Value is ≤ 2ε·|Σx| + O(nε²)·Σ|x|, independent of the order of the
// terms to first order. The zero value is an empty sum.
type Accumulator struct{ s, c float64 }

// Add adds x to the sum.
func (a *Accumulator) Add(x float64) {
	t := a.s + x
	if math.Abs(a.s) >= math.Abs(x) {
		a.c += (a.s - t) + x
	} else {
		a.c += (x - t) + a.s
	}
	a.s = t
}

// Parts returns the running sum and its compensation: Value() = s + c, and
// s + c as a double-double is accurate to ~ε² relative (for use in extended
// precision).
func (a *Accumulator) Parts() (s, c float64) { return a.s, a.c }

// Value returns the compensated sum.
func (a *Accumulator) Value() float64 { return a.s + a.c }

// Sum returns the compensated sum of xs.
func Sum(xs []float64) float64 {
	var a Accumulator
	for _, x := range xs {
		a.Add(x)
	}
	return a.Value()
}
