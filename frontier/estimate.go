package frontier

import (
	"fmt"
	"math"
	"slices"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/xmath"
)

// Thresholds of the Unreliable flag (see Point.Unreliable).
const (
	// UnreliableKLFraction: a point is unreliable when the best-of-N KL on
	// the empirical distribution reaches this fraction of log n, its
	// ceiling (KL(π̂_N‖p̂) < log n for n equally likely samples).
	UnreliableKLFraction = 0.9
	// UnreliableESS: a point is unreliable when the tilt's effective sample
	// size 1/Σφ_i² falls below this many samples (and KL > 0): its reward
	// is then an average over fewer than this many samples.
	UnreliableESS = 5
)

// UnbiasedMax returns the unbiased estimate of E[max(R_1, …, R_N)], the
// expected reward of best-of-N, from n ≥ N i.i.d. rewards sorted in
// ascending order r_(1) ≤ … ≤ r_(n):
//
//	Ê_N = Σ_{i=N}^{n} r_(i) · C(i−1, N−1) / C(n, N).
//
// It is the U-statistic with kernel max(x_1, …, x_N): the average of the
// maximum over all C(n, N) subsets of N samples, since r_(i) is the
// maximum of exactly C(i−1, N−1) of them (i and N−1 of the i−1 below it).
// Being an average of unbiased estimates max(R_{j1}, …, R_{jN}), it is
// unbiased for every distribution, discrete or not. Ties need no special
// handling: the estimate is a function of the sorted values alone, and
// whichever order tied samples are sorted in, the maximum of a subset is
// the same number. (The plug-in value, best-of-N on the empirical
// distribution, averages over N draws with replacement instead and is
// biased low by O(N/n).)
//
// The weights w_i = C(i−1, N−1)/C(n, N) — the probability that the i-th
// smallest sample is the largest of a random N-subset — are computed from
// the top down by the ratio recurrence
//
//	w_n = N/n,   w_{i−1} = w_i · (i−N)/(i−1),
//
// whose factors lie in [0, 1], so nothing overflows (weights that
// underflow are below 1e-308 and their neighbours further down are
// smaller still) and the relative error of w_i is at most about
// 2(n−i) ulps; at N = 1 every weight is exactly 1/n. (Log-space weights
// from math.Lgamma, log C(a,b) = lgamma(a+1) − lgamma(b+1) − lgamma(a−b+1),
// lose about 1e-16·log(n!) absolutely: 3e-12 relative at n = 120 against
// exact rationals, so they are not used.) The sum is formed as
// r_(n) − Σ w_i·(r_(n) − r_(i)) so that rewards with a small spread far
// from zero keep their accuracy. Cost: Θ(n − N).
//
// UnbiasedMax panics if N < 1 or N > len(sorted); it does not check that
// sorted is sorted.
func UnbiasedMax(sorted []float64, N int) float64 {
	n := len(sorted)
	if N < 1 || N > n {
		panic(fmt.Sprintf("frontier: UnbiasedMax with N = %d and n = %d samples; need 1 ≤ N ≤ n", N, n))
	}
	top := sorted[n-1]
	var s xmath.Accumulator
	w := float64(N) / float64(n)
	for i := n; i >= N && w > 0; i-- {
		if d := top - sorted[i-1]; d != 0 {
			s.Add(w * d)
		}
		if i > 1 {
			w *= float64(i-N) / float64(i-1)
		}
	}
	return top - s.Value()
}

// Point is the frontier of one prompt at one N, computed on the empirical
// distribution p̂ of its n samples (uniform 1/n on each sample; samples of
// equal reward are ties of the reward, as in bon).
type Point struct {
	// N is the number of candidates, a real N ≥ 1.
	N float64
	// Unbiased is UnbiasedMax at N: the unbiased estimate of best-of-N's
	// expected reward under the true p. NaN when N is not an integer or
	// N > n (no unbiased estimator exists there).
	Unbiased float64
	// RewardBon is the plug-in expected reward E_{π̂_N}[r] of best-of-N on
	// p̂ (bon.Selector.BestOfN), for any real N.
	RewardBon float64
	// KLBon is KL(π̂_N‖p̂), exact with ties (bon); it is < log n.
	// KLBound is log N − (N−1)/N, the bound of Beirami et al. (2024) and
	// the exact KL of best-of-N for a continuous reward; Lemma 6 of the
	// paper bounds both by log N.
	KLBon, KLBound float64
	// Alpha is the tilt exponent α with KL(T_α‖p̂) = KLBon (Lemma 1, Eq. 2;
	// solved by tilt.Family.AlphaForKL through bon.Selector.Compare); +Inf
	// in the limit case where KLBon reaches delta_max = log(n/#top) to
	// float64 resolution, where the tilt is p̂ conditioned on the top
	// reward.
	Alpha float64
	// RewardTilt is E_{φ}[r] for φ = T_α ∝ p̂·exp(α·r), the best expected
	// reward of any policy on the samples with KL(φ‖p̂) ≤ KLBon (Lemma 1).
	RewardTilt float64
	// KLBonTilt is KL(π̂_N‖φ) = α·(RewardTilt − RewardBon) (Lemma 2, with
	// equality at the exact budget); +Inf only in the limit case.
	KLBonTilt float64
	// ESS is the tilt's effective sample size 1/Σ_i φ_i² over the n
	// samples (n at α = 0, #top in the limit α = ∞).
	ESS float64
	// Unreliable flags points where the empirical frontier says little
	// about the true one: N > n, KLBon ≥ UnreliableKLFraction·log n, or
	// KLBon > 0 and ESS < UnreliableESS.
	Unreliable bool
}

// Efficiency returns (RewardBon − base)/(RewardTilt − base), the share of
// the optimal tilt's reward gain that best-of-N achieves at the same KL
// (0 ≤ efficiency ≤ 1 by Lemma 1), or NaN when the tilt gains nothing
// (KLBon = 0: N = 1, or all rewards equal).
func (pt Point) Efficiency(base float64) float64 {
	den := pt.RewardTilt - base
	if pt.KLBon == 0 || !(den > 0) {
		return math.NaN()
	}
	return (pt.RewardBon - base) / den
}

// PromptFrontier is the frontier of one prompt.
type PromptFrontier struct {
	// Samples is n, the prompt's number of samples.
	Samples int
	// Base is the mean reward, E_p̂[r] (= RewardBon at N = 1).
	Base float64
	// Points has one entry per N of the grid, in grid order.
	Points []Point
}

// EstimatePrompt computes the frontier of one prompt from its n ≥ 2
// rewards (finite; any order; ties allowed) at every N of grid (each a real
// N ≥ 1). Rewards whose spread overflows float64 give ErrRewardRange.
// Cost: Θ(n log n) for the sort, then per N Θ(n) plus one α solve.
func EstimatePrompt(rewards []float64, grid []float64) (PromptFrontier, error) {
	var w worker
	return w.prompt(rewards, grid)
}

// worker holds scratch reused across prompts (not safe for concurrent use).
type worker struct {
	uniform []float64
	sorted  []float64
}

func (w *worker) prompt(rewards []float64, grid []float64) (PromptFrontier, error) {
	n := len(rewards)
	if n < 2 {
		return PromptFrontier{}, fmt.Errorf("frontier: a prompt needs n ≥ 2 samples, got %d", n)
	}
	if len(w.uniform) != n {
		w.uniform = make([]float64, n)
		for i := range w.uniform {
			w.uniform[i] = 1 / float64(n)
		}
	}
	w.sorted = append(w.sorted[:0], rewards...)
	slices.Sort(w.sorted)
	var base xmath.Accumulator
	for _, r := range rewards {
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return PromptFrontier{}, fmt.Errorf("frontier: reward %v is not finite", r)
		}
		base.Add(r)
	}
	if lo, hi := w.sorted[0], w.sorted[n-1]; math.IsInf(hi-lo, 0) {
		return PromptFrontier{}, fmt.Errorf("%w: rewards from %g to %g", ErrRewardRange, lo, hi)
	}
	pf := PromptFrontier{Samples: n, Base: base.Value() / float64(n), Points: make([]Point, len(grid))}
	sel, err := bon.New(w.uniform, rewards)
	if err != nil {
		return PromptFrontier{}, err
	}
	logn := math.Log(float64(n))
	for g, N := range grid {
		c, err := bon.NewCount(N)
		if err != nil {
			return PromptFrontier{}, fmt.Errorf("frontier: grid entry %d: %w", g, err)
		}
		if N == 1 {
			// π̂_1 = φ_0 = p̂: nothing to solve.
			pf.Points[g] = Point{N: 1, Unbiased: UnbiasedMax(w.sorted, 1), RewardBon: pf.Base,
				RewardTilt: pf.Base, ESS: float64(n)}
			continue
		}
		cmp, err := sel.Compare(c, bon.BudgetExact)
		if err != nil {
			return PromptFrontier{}, fmt.Errorf("frontier: tilt at the best-of-%v KL: %w", N, err)
		}
		pt := Point{
			N: N, Unbiased: math.NaN(),
			RewardBon: cmp.RewardBon, KLBon: cmp.KLBonP, KLBound: xmath.BoNKLBound(c.LogN),
			Alpha: cmp.Alpha, RewardTilt: cmp.RewardPhi, KLBonTilt: cmp.KLBonPhi,
		}
		if pt.KLBon == 0 {
			// N = 1 or all rewards equal: π̂_N = φ = p̂ exactly; keep the
			// rounding of the two reward formulas out of the gains.
			pt.RewardBon, pt.RewardTilt, pt.KLBonTilt = pf.Base, pf.Base, 0
		}
		if N == math.Trunc(N) && N <= float64(n) {
			pt.Unbiased = UnbiasedMax(w.sorted, int(N))
		}
		var s2 xmath.Accumulator
		for _, f := range cmp.Phi {
			s2.Add(f * f)
		}
		pt.ESS = 1 / s2.Value()
		pt.Unreliable = N > float64(n) || pt.KLBon >= UnreliableKLFraction*logn ||
			(pt.KLBon > 0 && pt.ESS < UnreliableESS)
		pf.Points[g] = pt
	}
	return pf, nil
}
