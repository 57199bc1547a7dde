package memoryless

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/tilt"
)

// DefaultEps is the default ε of P(max_k |t_k − φ_k| ≤ ε).
const DefaultEps = 0.05

// withinSlack makes the ε-window closed up to rounding: a type at distance
// exactly ε from φ_δ (common at δ = 0, where φ = p, with rational p and ε)
// counts as within even when φ's last bit puts it 1e-17 outside.
const withinSlack = 1e-12

// Result is exact best-of-N over sequences of length m, compared with the
// optimal aligned model φ_δ^m at δ = log N / m (Lemma 4, Theorem 2).
type Result struct {
	M     int
	LogN  float64
	Delta float64 // δ = log N / m
	// Types is the number of types enumerated; PrunedMassBound bounds the
	// mass of pruned types (0 when none were pruned).
	Types           int64
	PrunedMassBound float64
	// KLBonPRate = (1/m)·KL(π_N^m‖p^m); KLBonPhiRate = (1/m)·KL(π_N^m‖φ_δ^m).
	KLBonPRate, KLBonPhiRate float64
	// CrossEntropyRateBon = (1/m)·H(π_N^m‖q^m) = −E_π[r(Y^m)]/m;
	// CrossEntropyPhi = H(φ_δ‖q).
	CrossEntropyRateBon, CrossEntropyPhi float64
	// MeanType = E_π[t(Y^m)] and Phi = φ_δ over the K symbols.
	MeanType, Phi []float64
	// Eps and ProbWithinEps = P_π(max_k |t_k(Y^m) − φ_δ,k| ≤ ε).
	Eps, ProbWithinEps float64
	// Alpha = α(δ).
	Alpha float64
	// KLBoundRate = (log N − (N−1)/N)/m, the per-token KL bound.
	KLBoundRate float64
}

// DeltaRangeError reports δ = log N / m outside [0, delta_max).
type DeltaRangeError struct {
	M               int
	Delta, DeltaMax float64
}

func (e *DeltaRangeError) Error() string {
	return fmt.Sprintf("m = %d: δ = log(N)/m = %v is not below delta_max = %v (= −log P_p(argmax q)); φ_δ does not exist", e.M, e.Delta, e.DeltaMax)
}

// BestOfN computes exact best-of-N over sequences for c candidates. It
// needs δ = log N / m < delta_max (else *DeltaRangeError) because it
// compares with φ_δ; eps ≤ 0 selects DefaultEps. Cost: Θ(types·S).
func (e *Enumeration) BestOfN(c bon.Count, eps float64) (*Result, error) {
	md := e.model
	m := float64(e.M)
	if eps <= 0 {
		eps = DefaultEps
	}
	delta := c.LogN / m
	fam := md.family
	alpha, err := fam.AlphaForKL(delta)
	if err != nil {
		if _, ok := err.(*tilt.DeltaRangeError); ok {
			return nil, &DeltaRangeError{M: e.M, Delta: delta, DeltaMax: fam.DeltaMax()}
		}
		return nil, err
	}
	pt := fam.At(alpha)
	phiFull := fam.Tilt(alpha)
	phi := make([]float64, e.s)
	for j, i := range md.sup {
		phi[j] = phiFull[i]
	}
	res := &Result{
		M: e.M, LogN: c.LogN, Delta: delta, Types: e.Kept, PrunedMassBound: e.PrunedMassBound,
		CrossEntropyPhi: pt.CrossEntropy, Phi: phiFull, Eps: eps, Alpha: alpha,
		KLBoundRate: xmath.BoNKLBound(c.LogN) / m,
	}
	lv := e.Levels
	x := lv.LogRatios(c)
	res.KLBonPRate = lv.KL(x) / m
	res.CrossEntropyRateBon = -lv.ExpectedReward(x) / m
	// log(φ^m/p^m) on a level = α·R − m·log Z = α(R − m·r_max) − m·log Z',
	// with r_max the top single-token reward over the support.
	rmax := -fam.RateIntervalLo()
	logZref := pt.LogZTop
	var kl xmath.Accumulator
	for j, lm := range lv.LogMass {
		if math.IsInf(lm, -1) {
			continue
		}
		xphi := alpha*(lv.Reward[j]-m*rmax) - m*logZref
		kl.Add(xmath.KLTerm(lm+xphi, x[j]-xphi))
	}
	if e.PrunedMassBound > 0 {
		// The kernel sums Σ φ·h(x) = Σ π·x − Σ π + Σ φ over the kept types,
		// which is KL only when Σ π = Σ φ. Pruning bounds the pruned mass
		// under p^m and π_N^m but not under φ_δ^m (types near the top corner
		// can have p^m < e^{−60}/N and φ^m ≫ e^{−60}), so add back
		// Σ_kept π − Σ_kept φ; what remains is Σ_pruned π·log(π/φ), of
		// the order of PrunedMassBound.
		for j, lm := range lv.LogMass {
			if math.IsInf(lm, -1) {
				continue
			}
			xphi := alpha*(lv.Reward[j]-m*rmax) - m*logZref
			kl.Add(math.Exp(lm+x[j]) - math.Exp(lm+xphi))
		}
	}
	res.KLBonPhiRate = kl.Value() / m
	// Per-type passes: mean type and the probability of the ε-window.
	mean := make([]xmath.Accumulator, e.s)
	var within xmath.Accumulator
	start := 0
	for j, end := range e.end {
		for t := start; t < int(end); t++ {
			lw := e.logP[t] + x[j]
			if lw < -746 { // exp underflows to 0: skip the call
				continue
			}
			w := math.Exp(lw)
			n := e.counts[t*e.s : (t+1)*e.s]
			ok := true
			for k, cnt := range n {
				tk := float64(cnt) / m
				mean[k].Add(w * tk)
				if math.Abs(tk-phi[k]) > eps+withinSlack {
					ok = false
				}
			}
			if ok {
				within.Add(w)
			}
		}
		start = int(end)
	}
	mt := make([]float64, e.s)
	for k := range mt {
		mt[k] = mean[k].Value()
	}
	res.MeanType = md.full(mt)
	res.ProbWithinEps = math.Min(1, within.Value())
	return res, nil
}
