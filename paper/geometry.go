package paper

import (
	"math"
	"math/rand/v2"

	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/tilt"
)

// planeBasis is an orthonormal basis of the plane {d ∈ ℝ³ : Σd = 0}, in
// which directions from a point of the 2-simplex are measured by an angle.
var planeBasis = [2][3]float64{
	{1 / math.Sqrt2, -1 / math.Sqrt2, 0},
	{1 / math.Sqrt(6), 1 / math.Sqrt(6), -2 / math.Sqrt(6)},
}

// direction returns the unit direction at angle θ in the plane Σd = 0.
func direction(theta float64) []float64 {
	c, s := math.Cos(theta), math.Sin(theta)
	d := make([]float64, 3)
	for i := range d {
		d[i] = c*planeBasis[0][i] + s*planeBasis[1][i]
	}
	return d
}

// along returns p + s·d, with coordinates at the boundary clamped to 0.
func along(p, d []float64, s float64) []float64 {
	out := make([]float64, len(p))
	for i := range p {
		out[i] = math.Max(0, p[i]+s*d[i])
	}
	return out
}

// rayExit returns the largest s with p + s·d in the simplex.
func rayExit(p, d []float64) float64 {
	s := math.Inf(1)
	for i := range p {
		if d[i] < 0 {
			s = math.Min(s, p[i]/-d[i])
		}
	}
	return s
}

// klRay returns the point of the ray p + s·d (s ≥ 0, Σd = 0) where
// KL(·‖p) = δ, by bisection on s (KL is convex along the ray with value 0
// and slope 0 at s = 0, hence increasing); if the ray leaves the simplex
// before KL reaches δ it returns the exit point and clipped = true.
func klRay(p, d []float64, delta float64) (phi []float64, clipped bool) {
	hi := rayExit(p, d)
	if dist.KL(along(p, d, hi), p) <= delta {
		return along(p, d, hi), true
	}
	lo := 0.0
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if dist.KL(along(p, d, mid), p) < delta {
			lo = mid
		} else {
			hi = mid
		}
	}
	return along(p, d, (lo+hi)/2), false
}

// klContour traces {φ : KL(φ‖p) = δ} on the 2-simplex at n equally spaced
// angles around p (a 1-D root solve per angle); clipped points lie on the
// simplex boundary, inside the KL ball.
func klContour(p []float64, delta float64, n int) (pts [][]float64, clipped []bool) {
	for k := range n {
		phi, c := klRay(p, direction(2*math.Pi*float64(k)/float64(n)), delta)
		pts = append(pts, phi)
		clipped = append(clipped, c)
	}
	return pts, clipped
}

// maxRewardOnContour maximises the expected reward E_φ[log q] over the KL
// sphere {KL(φ‖p) = δ} of the 2-simplex directly: a scan over n angles,
// then golden-section refinement of the angle around the best one. It uses
// neither the tilt nor Lagrange multipliers: an independent check of Lemma 1.
func maxRewardOnContour(p, logq []float64, delta float64, n int) (best []float64, reward float64) {
	f := func(theta float64) ([]float64, float64) {
		phi, _ := klRay(p, direction(theta), delta)
		return phi, -dist.CrossEntropy(phi, logq)
	}
	bestTh, bestR := 0.0, math.Inf(-1)
	for k := range n {
		th := 2 * math.Pi * float64(k) / float64(n)
		if _, r := f(th); r > bestR {
			bestTh, bestR = th, r
		}
	}
	h := 2 * math.Pi / float64(n)
	a, b := bestTh-h, bestTh+h
	gr := (math.Sqrt(5) - 1) / 2
	c, d := b-gr*(b-a), a+gr*(b-a)
	_, fc := f(c)
	_, fd := f(d)
	for range 200 {
		if b-a < 1e-15 {
			break
		}
		if fc > fd {
			b, d, fd = d, c, fc
			c = b - gr*(b-a)
			_, fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + gr*(b-a)
			_, fd = f(d)
		}
	}
	return f((a + b) / 2)
}

// gridOptimum maximises E_φ[log q] over the grid {(i, j, n−i−j)/n} of the
// 2-simplex subject to KL(φ‖p) ≤ δ, by exhaustion.
func gridOptimum(p, logq []float64, delta float64, n int) (best []float64, reward float64, feasible int) {
	reward = math.Inf(-1)
	phi := make([]float64, 3)
	for i := 0; i <= n; i++ {
		for j := 0; i+j <= n; j++ {
			phi[0], phi[1], phi[2] = float64(i)/float64(n), float64(j)/float64(n), float64(n-i-j)/float64(n)
			if dist.KL(phi, p) > delta {
				continue
			}
			feasible++
			if r := -dist.CrossEntropy(phi, logq); r > reward {
				reward = r
				best = append(best[:0], phi...)
			}
		}
	}
	return best, reward, feasible
}

// randomFeasible draws a policy ψ with KL(ψ‖p) ≤ Δ, in one of three ways
// chosen at random: a mixture (1−λ)p + λu towards a random u (Dirichlet(c),
// c ∈ {0.1, 1, 10}) strictly inside the KL ball, the same on its boundary
// (KL(ψ‖p) = Δ, found by bisection on λ), or a tilt of p towards a random
// reward (another exponential family) with KL(ψ‖p) = Δ·U.
func randomFeasible(r *rand.Rand, p []float64, delta float64) []float64 {
	k := len(p)
	if r.IntN(3) == 2 {
		lr := make([]float64, k)
		for i := range lr {
			lr[i] = 3 * r.NormFloat64()
		}
		if fam, err := tilt.NewFamily(p, lr); err == nil {
			if a, err := fam.AlphaForKL(delta * r.Float64()); err == nil {
				return fam.Tilt(a)
			}
		}
	}
	conc := []float64{0.1, 1, 10}[r.IntN(3)]
	u := dist.Dirichlet(k, r.Uint64(), conc).Values
	mix := func(l float64) []float64 {
		out := make([]float64, k)
		for i := range out {
			out[i] = (1-l)*p[i] + l*u[i]
		}
		return out
	}
	lmax := 1.0
	if dist.KL(mix(1), p) > delta {
		lo, hi := 0.0, 1.0
		for range 100 {
			mid := (lo + hi) / 2
			if dist.KL(mix(mid), p) <= delta {
				lo = mid
			} else {
				hi = mid
			}
		}
		lmax = lo
	}
	if r.IntN(2) == 0 {
		return mix(lmax)
	}
	return mix(lmax * math.Sqrt(r.Float64()))
}
