package memoryless

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// forEachType calls fn(n, logP, reward) for every type of length m over the
// support, streaming (no storage): logP = log p^m(type class), reward =
// Σ n_k log q_k. Cost Θ(types·S).
func (md *Model) forEachType(m int, fn func(n []int, logP, reward float64)) {
	s := len(md.sup)
	lg := make([]float64, m+1)
	for n := 1; n <= m; n++ {
		lg[n], _ = math.Lgamma(float64(n + 1))
	}
	n := make([]int, s)
	var visit func(k, rest int, lp, r float64)
	visit = func(k, rest int, lp, r float64) {
		if k == s-1 {
			n[k] = rest
			c := float64(rest)
			fn(n, lg[m]+lp+c*md.logp[k]-lg[rest], r+c*md.logq[k])
			return
		}
		for c := 0; c <= rest; c++ {
			n[k] = c
			fc := float64(c)
			visit(k+1, rest-c, lp+fc*md.logp[k]-lg[c], r+fc*md.logq[k])
		}
	}
	visit(0, m, 0, 0)
}

// ScaledCumulant returns the finite-m scaled cumulant of the reward under the
// model's own distribution p (use a model whose P is φ_δ for Corollary 1):
//
//	(1/(m·ρ)) · log E_{p^m}[exp(ρ·r(Y^m))],  r(Y^m) = Σ_i log q(Y_i),
//
// computed exactly over types by a streaming log-sum-exp (no storage), and
// continuously extended at ρ = 0 by E_p[log q]. For a memoryless model it
// equals (1/ρ) log E_p[q^ρ] = −H_{1+ρ}(p‖q) for every m (the m-fold product
// factorises), which is what makes Corollary 1's limit exact. It fails when
// the number of types exceeds maxTypes (0: DefaultMaxTypes).
func (md *Model) ScaledCumulant(m int, rho float64, maxTypes int64) (float64, error) {
	if m < 1 || m > MaxM {
		return 0, fmt.Errorf("m = %d: expected 1 ≤ m ≤ %d", m, MaxM)
	}
	if maxTypes <= 0 {
		maxTypes = DefaultMaxTypes
	}
	if c := md.TypeCount(m); c > float64(maxTypes) {
		return 0, &TooManyTypesError{M: m, Types: c, Limit: maxTypes}
	}
	if rho == 0 {
		var s xmath.Accumulator
		md.forEachType(m, func(_ []int, lp, r float64) { s.Add(math.Exp(lp) * r) })
		return s.Value() / float64(m), nil
	}
	// Streaming log-sum-exp with a running maximum.
	mx := math.Inf(-1)
	var sum float64
	md.forEachType(m, func(_ []int, lp, r float64) {
		v := lp + rho*r
		if v <= mx {
			sum += math.Exp(v - mx)
			return
		}
		sum = sum*math.Exp(mx-v) + 1
		mx = v
	})
	return (mx + math.Log(sum)) / (float64(m) * rho), nil
}
