package frontier

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// DefaultBootstrap is the default number of bootstrap resamples.
const DefaultBootstrap = 200

// UnreliableShare: a Row is flagged Unreliable when more than this share of
// its prompts have an unreliable Point.
const UnreliableShare = 0.1

// Options controls Estimate.
type Options struct {
	// N is the grid of candidate counts (reals ≥ 1, sorted ascending
	// without repeats); nil means DefaultGrid.
	N []float64
	// Bootstrap is the number of bootstrap resamples over prompts for the
	// 95% intervals; 0 means DefaultBootstrap. It must be ≥ 2.
	Bootstrap int
	// Seed seeds the bootstrap: resample b draws from
	// rand.NewPCG(Seed, b), so the intervals are the same for every
	// Workers.
	Seed uint64
	// Workers bounds the goroutines used; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// CurveN, if non-nil, are extra candidate counts at which the averaged
	// plug-in best-of-N and tilt are computed without intervals (Result.Curve),
	// for drawing the tilt as a smooth curve.
	CurveN []float64
	// Progress, if non-nil, is called with the stage ("prompts" or
	// "bootstrap"), the work done and the total, from one goroutine at a time.
	Progress func(stage string, done, total int)
}

// Interval is an averaged value and its 95% bootstrap interval: the 2.5%
// and 97.5% quantiles (linear interpolation between order statistics) of
// the value recomputed on B resamples of the prompts with replacement (the
// percentile bootstrap; Efron & Tibshirani 1993, §13.3). Resampling prompts
// captures both the spread between prompts and the sampling noise within
// each; it does not correct the bias of the plug-in values. All three are
// NaN when the value is undefined; Lo and Hi are NaN when it is undefined
// on some resample. Lo ≤ Value ≤ Hi need not hold.
type Interval struct {
	Value, Lo, Hi float64
}

// Row is the frontier at one N, averaged over prompts (each prompt weighs
// the same, whatever its n).
type Row struct {
	// N is the number of candidates; LogN = log N.
	N, LogN float64
	// KLBound is log N − (N−1)/N (see Point.KLBound).
	KLBound float64
	// KLBon is the mean of the prompts' KL(π̂_N‖p̂).
	KLBon Interval
	// RewardBon is the mean plug-in best-of-N reward (Point.RewardBon).
	RewardBon Interval
	// RewardUnbiased is the mean of the unbiased estimates
	// (Point.Unbiased); NaN unless N is an integer ≤ every prompt's n.
	// UnbiasedPrompts counts the prompts with n ≥ N.
	RewardUnbiased  Interval
	UnbiasedPrompts int
	// RewardTilt is the mean reward of the optimal tilts, each at its
	// prompt's best-of-N KL (Point.RewardTilt).
	RewardTilt Interval
	// Efficiency is mean(RewardBon − Base) / mean(RewardTilt − Base): the
	// ratio of the averaged gains (a ratio of means, not a mean of ratios,
	// so prompts whose tilt gains almost nothing do not dominate). NaN when
	// the tilt gains nothing on average (N = 1, or all prompts constant).
	Efficiency Interval
	// AlphaMedian is the median over prompts of the tilt exponent α
	// (+Inf when more than half are in the limit case).
	AlphaMedian float64
	// ESS is the mean over prompts of the tilt's effective sample size.
	ESS float64
	// KLBonTilt is the mean of KL(π̂_N‖φ) (Lemma 2); +Inf if infinite for
	// some prompt.
	KLBonTilt float64
	// UnreliablePrompts counts prompts whose Point is Unreliable;
	// Unreliable is set when they exceed UnreliableShare of the prompts.
	UnreliablePrompts int
	Unreliable        bool
}

// CurvePoint is the averaged plug-in best-of-N and tilt at one extra N
// (Options.CurveN), without intervals.
type CurvePoint struct {
	N, KLBon, RewardBon, RewardTilt float64
}

// Result is the reward–KL frontier of a set of prompts.
type Result struct {
	// Prompts and Samples count the prompts and their samples.
	Prompts, Samples int
	// SamplesMin, SamplesMedian and SamplesMax summarise n over prompts.
	SamplesMin, SamplesMedian, SamplesMax int
	// Base is the mean over prompts of the mean reward (best-of-1).
	Base Interval
	// Rows has one entry per N of the grid.
	Rows []Row
	// Curve has one entry per Options.CurveN.
	Curve []CurvePoint
	// Bootstrap and Seed are the resampling parameters used.
	Bootstrap int
	Seed      uint64
}

// DefaultGrid returns 1, 2, 4, … up to the median number of samples per
// prompt: the unbiased estimator needs N ≤ n, and the median rather than the
// minimum keeps a few short prompts from truncating the grid.
func DefaultGrid(prompts []Prompt) []float64 {
	sizes := make([]int, len(prompts))
	for i, p := range prompts {
		sizes[i] = len(p.Rewards)
	}
	return PowersOfTwo(float64(median(sizes)))
}

// PowersOfTwo returns 1, 2, 4, … ≤ max, with max itself appended when it is
// not a power of two (max ≥ 1).
func PowersOfTwo(max float64) []float64 {
	var g []float64
	for n := 1.0; n <= max; n *= 2 {
		g = append(g, n)
	}
	if g[len(g)-1] != max {
		g = append(g, max)
	}
	return g
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[(len(s)-1)/2]
}

// bootstrap layout: per prompt, stride = 1 + fieldsPerN·G float64s: the
// mean reward, then per N the KL, the gain of best-of-N (plug-in), the gain
// of the tilt and the gain of the unbiased estimate (NaN when n < N).
const fieldsPerN = 4

// blockSize is the number of prompts per unit of parallel work; partial
// sums are merged in block order so results do not depend on Workers.
const blockSize = 1024

// Estimate computes the reward–KL frontier of the prompts (each with n ≥ 2
// finite rewards): every prompt's PromptFrontier over the grid, averaged
// over prompts, with 95% bootstrap intervals over prompts for the base
// reward, KL, rewards and efficiency. The result is deterministic for a
// given Seed whatever Workers is. Cost: the per-prompt work of
// EstimatePrompt, then Θ(B·P·G) for the bootstrap; memory (1 + 5·G)·8
// bytes per prompt.
func Estimate(prompts []Prompt, opt Options) (*Result, error) {
	P := len(prompts)
	if P == 0 {
		return nil, errors.New("frontier: no prompts")
	}
	grid := opt.N
	if grid == nil {
		grid = DefaultGrid(prompts)
	}
	if err := checkGrid(grid); err != nil {
		return nil, err
	}
	if opt.CurveN != nil {
		if err := checkGrid(opt.CurveN); err != nil {
			return nil, fmt.Errorf("curve: %w", err)
		}
	}
	B := opt.Bootstrap
	if B == 0 {
		B = DefaultBootstrap
	}
	if B < 2 {
		return nil, fmt.Errorf("frontier: %d bootstrap resamples; need at least 2", B)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	G := len(grid)
	stride := 1 + fieldsPerN*G
	vals := make([]float64, P*stride)
	alphas := make([]float64, P*G)
	sizes := make([]int, P)

	nBlocks := (P + blockSize - 1) / blockSize
	parts := make([]partial, nBlocks)
	var mu sync.Mutex
	done := 0
	var firstErr error
	blocks := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, nBlocks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w worker
			for blk := range blocks {
				part, err := estimateBlock(&w, prompts, blk, grid, opt.CurveN, vals, alphas, sizes, stride)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				parts[blk] = part
				done += min(P, (blk+1)*blockSize) - blk*blockSize
				if opt.Progress != nil {
					opt.Progress("prompts", done, P)
				}
				mu.Unlock()
			}
		}()
	}
	for blk := range nBlocks {
		blocks <- blk
	}
	close(blocks)
	wg.Wait()
	if firstErr != nil {
		return nil, fmt.Errorf("frontier: %w", firstErr)
	}

	res := &Result{Prompts: P, Bootstrap: B, Seed: opt.Seed}
	ss := slices.Clone(sizes)
	slices.Sort(ss)
	res.SamplesMin, res.SamplesMedian, res.SamplesMax = ss[0], ss[(P-1)/2], ss[P-1]
	for _, n := range sizes {
		res.Samples += n
	}

	// Point estimates: compensated means in prompt order.
	means := make([]float64, stride)
	for f := range stride {
		var a xmath.Accumulator
		for x := range P {
			a.Add(vals[x*stride+f])
		}
		means[f] = a.Value() / float64(P)
	}
	boots := bootstrap(vals, P, stride, B, opt.Seed, workers, opt.Progress)

	base := means[0]
	res.Base = Interval{Value: base}
	res.Base.Lo, res.Base.Hi = quantiles(boots, B, func(m []float64) float64 { return m[0] })
	alphaBuf := make([]float64, P)
	for g, N := range grid {
		o := 1 + fieldsPerN*g
		row := Row{N: N, LogN: math.Log(N), KLBound: xmath.BoNKLBound(math.Log(N))}
		row.KLBon = interval(means[o], boots, B, func(m []float64) float64 { return m[o] })
		row.RewardBon = interval(base+means[o+1], boots, B, func(m []float64) float64 { return m[0] + m[o+1] })
		row.RewardTilt = interval(base+means[o+2], boots, B, func(m []float64) float64 { return m[0] + m[o+2] })
		row.Efficiency = interval(ratio(means[o+1], means[o+2]), boots, B, func(m []float64) float64 { return ratio(m[o+1], m[o+2]) })
		for _, n := range sizes {
			if N == math.Trunc(N) && float64(n) >= N {
				row.UnbiasedPrompts++
			}
		}
		row.RewardUnbiased = Interval{math.NaN(), math.NaN(), math.NaN()}
		if row.UnbiasedPrompts == P {
			row.RewardUnbiased = interval(base+means[o+3], boots, B, func(m []float64) float64 { return m[0] + m[o+3] })
		}
		var ess, klbt xmath.Accumulator
		for _, part := range parts {
			ess.Add(part.ess[g].Value())
			klbt.Add(part.klbt[g].Value())
			row.UnreliablePrompts += part.unreliable[g]
		}
		row.ESS = ess.Value() / float64(P)
		row.KLBonTilt = klbt.Value() / float64(P)
		row.Unreliable = float64(row.UnreliablePrompts) > UnreliableShare*float64(P)
		for x := range P {
			alphaBuf[x] = alphas[x*G+g]
		}
		slices.Sort(alphaBuf)
		row.AlphaMedian = alphaBuf[(P-1)/2]
		res.Rows = append(res.Rows, row)
	}
	for c, N := range opt.CurveN {
		var kl, rb, rt xmath.Accumulator
		for _, part := range parts {
			kl.Add(part.curveKL[c].Value())
			rb.Add(part.curveRB[c].Value())
			rt.Add(part.curveRT[c].Value())
		}
		res.Curve = append(res.Curve, CurvePoint{N: N, KLBon: kl.Value() / float64(P),
			RewardBon: rb.Value() / float64(P), RewardTilt: rt.Value() / float64(P)})
	}
	return res, nil
}

// partial holds one block's sums of the averages that are not bootstrapped.
type partial struct {
	ess, klbt                 []xmath.Accumulator
	unreliable                []int
	curveKL, curveRB, curveRT []xmath.Accumulator
}

// estimateBlock computes the prompts of block blk, writing their bootstrap
// values, α and sizes in place and returning the block's partial sums.
func estimateBlock(w *worker, prompts []Prompt, blk int, grid, curveN, vals, alphas []float64, sizes []int, stride int) (partial, error) {
	G := len(grid)
	part := partial{
		ess: make([]xmath.Accumulator, G), klbt: make([]xmath.Accumulator, G), unreliable: make([]int, G),
		curveKL: make([]xmath.Accumulator, len(curveN)), curveRB: make([]xmath.Accumulator, len(curveN)),
		curveRT: make([]xmath.Accumulator, len(curveN)),
	}
	// One pass per prompt over the union of the grid and the curve.
	all, gi, ci := mergeGrids(grid, curveN)
	lo, hi := blk*blockSize, min(len(prompts), (blk+1)*blockSize)
	for x := lo; x < hi; x++ {
		pr := prompts[x]
		pf, err := w.prompt(pr.Rewards, all)
		if err != nil {
			return part, fmt.Errorf("prompt %q (line %d): %w", pr.Key, pr.Line, err)
		}
		sizes[x] = pf.Samples
		row := vals[x*stride : (x+1)*stride]
		row[0] = pf.Base
		for g := range grid {
			pt := pf.Points[gi[g]]
			f := row[1+fieldsPerN*g:]
			f[0] = pt.KLBon
			f[1] = pt.RewardBon - pf.Base
			f[2] = pt.RewardTilt - pf.Base
			f[3] = pt.Unbiased - pf.Base // NaN when undefined
			alphas[x*G+g] = pt.Alpha
			part.ess[g].Add(pt.ESS)
			part.klbt[g].Add(pt.KLBonTilt)
			if pt.Unreliable {
				part.unreliable[g]++
			}
		}
		for c := range curveN {
			pt := pf.Points[ci[c]]
			part.curveKL[c].Add(pt.KLBon)
			part.curveRB[c].Add(pt.RewardBon)
			part.curveRT[c].Add(pt.RewardTilt)
		}
	}
	return part, nil
}

// mergeGrids returns the sorted union of two increasing grids and the
// index in it of each entry of a and of b.
func mergeGrids(a, b []float64) (all []float64, ia, ib []int) {
	all = append(slices.Clone(a), b...)
	slices.Sort(all)
	all = slices.Compact(all)
	ia, ib = make([]int, len(a)), make([]int, len(b))
	for i, x := range a {
		ia[i], _ = slices.BinarySearch(all, x)
	}
	for i, x := range b {
		ib[i], _ = slices.BinarySearch(all, x)
	}
	return all, ia, ib
}

// checkGrid verifies a grid: non-empty, each N a finite real ≥ 1, strictly
// increasing.
func checkGrid(grid []float64) error {
	if len(grid) == 0 {
		return errors.New("frontier: empty grid of N")
	}
	for i, N := range grid {
		if math.IsNaN(N) || math.IsInf(N, 0) || N < 1 {
			return fmt.Errorf("frontier: grid entry %d: N = %v; expected a finite number ≥ 1", i, N)
		}
		if i > 0 && !(N > grid[i-1]) {
			return fmt.Errorf("frontier: grid entry %d: N = %v is not above the previous entry %v; expected an increasing grid", i, N, grid[i-1])
		}
	}
	return nil
}

// ratio returns a/b, NaN unless b > 0.
func ratio(a, b float64) float64 {
	if !(b > 0) {
		return math.NaN()
	}
	return a / b
}

// bootstrap returns B rows of stride resampled means: resample b draws P
// prompt indices uniformly with replacement from rand.NewPCG(seed, b),
// counts them, and averages the prompts' values weighted by their counts
// (sequential passes over vals; the random accesses go to a P-sized count
// array). Each resample is computed by one goroutine in a fixed order, so
// the output does not depend on workers.
func bootstrap(vals []float64, P, stride, B int, seed uint64, workers int, progress func(string, int, int)) []float64 {
	out := make([]float64, B*stride)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, B) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int32, P)
			for b := range next {
				clear(counts)
				rng := rand.New(rand.NewPCG(seed, uint64(b)))
				for range P {
					counts[rng.IntN(P)]++
				}
				m := out[b*stride : (b+1)*stride]
				for x, c := range counts {
					if c == 0 {
						continue
					}
					w := float64(c)
					v := vals[x*stride : (x+1)*stride]
					for f := range m {
						m[f] += w * v[f]
					}
				}
				for f := range m {
					m[f] /= float64(P)
				}
				if progress != nil {
					mu.Lock()
					done++
					progress("bootstrap", done, B)
					mu.Unlock()
				}
			}
		}()
	}
	for b := range B {
		next <- b
	}
	close(next)
	wg.Wait()
	return out
}

// interval returns value with the 2.5% and 97.5% quantiles of stat over
// the B bootstrap rows.
func interval(value float64, boots []float64, B int, stat func(m []float64) float64) Interval {
	if math.IsNaN(value) {
		return Interval{math.NaN(), math.NaN(), math.NaN()}
	}
	lo, hi := quantiles(boots, B, stat)
	return Interval{Value: value, Lo: lo, Hi: hi}
}

// quantiles returns the 2.5% and 97.5% quantiles of stat over the
// bootstrap rows (Hyndman–Fan type 7), NaN if stat is NaN on any row.
func quantiles(boots []float64, B int, stat func(m []float64) float64) (lo, hi float64) {
	stride := len(boots) / B
	xs := make([]float64, B)
	for b := range B {
		xs[b] = stat(boots[b*stride : (b+1)*stride])
		if math.IsNaN(xs[b]) {
			return math.NaN(), math.NaN()
		}
	}
	slices.Sort(xs)
	return quantile(xs, 0.025), quantile(xs, 0.975)
}

// quantile of sorted xs at level q, linear interpolation (type 7).
func quantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}
