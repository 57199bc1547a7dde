package xmath

import (
	"errors"
	"math"
)

// ErrNoConvergence is returned when a root finder exhausts its iterations.
var ErrNoConvergence = errors.New("root finder did not converge")

// Newton solves g(x) = 0 for a continuous non-decreasing g by a safeguarded
// Newton iteration. fdf returns g(x) and g'(x). The root must lie in the open
// bracket (lo, hi), either end of which may be infinite, with g < 0 left of
// the root and g > 0 right of it. done(x, g) reports convergence.
//
// Each step is Newton's when it stays strictly inside the current bracket;
// otherwise it bisects (or, towards an infinite end, steps geometrically
// outwards), so the iteration always makes progress. It stops when done
// holds, when the bracket has shrunk to a few ulps, or after maxIter
// evaluations (then ErrNoConvergence with the best x found).
func Newton(fdf func(x float64) (g, dg float64), lo, hi, x0 float64, done func(x, g float64) bool, maxIter int) (float64, error) {
	x := x0
	best, bestG := x0, math.Inf(1)
	for it := 0; it < maxIter; it++ {
		g, dg := fdf(x)
		if math.Abs(g) < bestG || math.IsNaN(bestG) {
			best, bestG = x, math.Abs(g)
		}
		if done(x, g) {
			return x, nil
		}
		switch {
		case g < 0:
			lo = x
		case g > 0:
			hi = x
		default:
			return x, nil
		}
		if !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && hi-lo <= 4*Eps*math.Max(math.Abs(lo), math.Abs(hi)) {
			return best, nil
		}
		next := x - g/dg
		// A Newton step across more than half of a finite bracket can
		// cycle between its two ends without shrinking it (a sigmoid-shaped
		// g, seen for α(Δ) near delta_max); bisect instead.
		jump := !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && math.Abs(next-x) > (hi-lo)/2
		if math.IsNaN(next) || math.IsInf(next, 0) || dg <= 0 || next <= lo || next >= hi || jump {
			next = fallback(lo, hi, x)
		}
		if next == x {
			return best, nil
		}
		x = next
	}
	return best, ErrNoConvergence
}

// Eps is the float64 machine epsilon 2⁻⁵².
const Eps = 0x1p-52

func fallback(lo, hi, x float64) float64 {
	switch {
	case math.IsInf(hi, 1) && math.IsInf(lo, -1):
		return x + 1
	case math.IsInf(hi, 1):
		return lo + 2*math.Max(1, math.Abs(lo))
	case math.IsInf(lo, -1):
		return hi - 2*math.Max(1, math.Abs(hi))
	}
	return lo + (hi-lo)/2
}
