package sweep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
)

// Generator chooses how a trial draws p and q.
type Generator int

const (
	// Dirichlet draws p and q independently from Dirichlet(1), the uniform
	// distribution on the simplex (dist.Dirichlet with concentration 1).
	Dirichlet Generator = iota
	// Uniform draws K i.i.d. Uniform(0,1] entries and normalises them, for p
	// and for q independently.
	Uniform
)

// ParseGenerator parses "dirichlet" or "uniform".
func ParseGenerator(s string) (Generator, error) {
	switch s {
	case "dirichlet":
		return Dirichlet, nil
	case "uniform":
		return Uniform, nil
	}
	return 0, fmt.Errorf("generator %q: expected dirichlet or uniform", s)
}

func (g Generator) String() string {
	switch g {
	case Dirichlet:
		return "dirichlet"
	case Uniform:
		return "uniform"
	}
	return fmt.Sprintf("Generator(%d)", int(g))
}

// Limits of a sweep (memory and time).
const (
	MaxK      = 10_000_000
	MaxNMax   = 1_000_000
	MaxTrials = 10_000_000
)

// Thresholds are the KL levels of the paper's sentence: 0.01 (K > 1000) and
// 0.5 (K < 10). Result.FracOver is reported for each.
var Thresholds = []float64{0.01, 0.5}

// Options configure Run.
type Options struct {
	K      int // alphabet size, ≥ 2
	Trials int // number of random (p, q) pairs, ≥ 1
	NMax   int // N runs over 1..NMax, ≥ 1
	Seed   uint64
	Gen    Generator
	Budget bon.Budget // bon.BudgetExact or bon.BudgetBound (bon.BudgetLogN also works)
	// Workers is the number of goroutines (0: GOMAXPROCS). Results do not
	// depend on it.
	Workers int
	// KeepCurves keeps KL(π_N‖φ_Δ) for every trial and N in Trial.KL (for
	// figures and per-N bands; Trials·NMax float64s).
	KeepCurves bool
	// Progress, if non-nil, is called with the number of trials finished,
	// never concurrently.
	Progress func(done int)
}

// Validate reports the first invalid option.
func (o Options) Validate() error {
	switch {
	case o.K < 2 || o.K > MaxK:
		return fmt.Errorf("K = %d: expected 2 ≤ K ≤ %d", o.K, MaxK)
	case o.Trials < 1 || o.Trials > MaxTrials:
		return fmt.Errorf("trials = %d: expected 1 ≤ trials ≤ %d", o.Trials, MaxTrials)
	case o.NMax < 1 || o.NMax > MaxNMax:
		return fmt.Errorf("NMAX = %d: expected 1 ≤ NMAX ≤ %d", o.NMax, MaxNMax)
	case o.Gen != Dirichlet && o.Gen != Uniform:
		return fmt.Errorf("unknown generator %d", int(o.Gen))
	case o.Budget < bon.BudgetExact || o.Budget > bon.BudgetLogN:
		return fmt.Errorf("unknown budget %d", int(o.Budget))
	}
	return nil
}

// Trial is the outcome of one random (p, q).
type Trial struct {
	Index int
	// Max is the largest finite KL(π_N‖φ_Δ) over N = 1..NMax, at N = ArgN
	// (0 if every N was infinite).
	Max  float64
	ArgN int
	// DeltaMax = −log P_p(argmax q); TopGap is the reward gap between the
	// best and second-best symbol, log q_(1) − log q_(2) (0 for ties; +Inf
	// if q is constant on the support), the quantity that makes φ_Δ
	// degenerate when small.
	DeltaMax, TopGap float64
	// LimitCases counts N with Δ ≥ delta_max (α = ∞); InfiniteCases those
	// with KL(π_N‖φ_Δ) = +∞.
	LimitCases, InfiniteCases int
	// KL[n−1] = KL(π_n‖φ_Δ) (+Inf in the infinite cases), when
	// Options.KeepCurves is set.
	KL []float64
}

// Worst locates the largest finite KL(π_N‖φ_Δ) of a sweep.
type Worst struct {
	Trial, N int
	KL       float64
	// Delta, Alpha, DeltaMax and TopGap describe the worst case.
	Delta, Alpha, DeltaMax, TopGap float64
}

// Quantiles of the per-trial maxima.
type Quantiles struct{ P50, P90, P99 float64 }

// Band is the distribution over trials of KL(π_N‖φ_Δ) at one N (finite
// values only).
type Band struct {
	N             int
	P50, P90, Max float64
	Finite        int // number of trials with a finite value at this N
}

// Result is a whole sweep.
type Result struct {
	Options Options
	Trials  []Trial
	// Max is the largest finite KL(π_N‖φ_Δ) over all trials and N, found at
	// Worst.
	Max   float64
	Worst Worst
	// Quantiles are nearest-rank quantiles of the per-trial maxima
	// Trial.Max over trials with at least one finite value.
	Quantiles Quantiles
	// FracOver[i] is the fraction of trials whose KL(π_N‖φ_Δ) exceeds
	// Thresholds[i] for some N (an infinite value exceeds every threshold).
	FracOver []float64
	// LimitCases and InfiniteCases are totals over trials;
	// TrialsWithInfinite counts trials with at least one infinite case.
	LimitCases, InfiniteCases, TrialsWithInfinite int
	// Bands holds the per-N distribution over trials (with KeepCurves).
	Bands []Band
}

// Draw returns the p and log q of a trial drawn from rng by generator g:
// Dirichlet(1) through dist.Dirichlet (seeded from rng), or i.i.d.
// Uniform(0,1] entries normalised by dist.Validate.
func Draw(rng *rand.Rand, k int, g Generator) (p, logq []float64, err error) {
	one := func() (dist.Vector, error) {
		if g == Dirichlet {
			return dist.Dirichlet(k, rng.Uint64(), 1), nil
		}
		u := make([]float64, k)
		for i := range u {
			u[i] = 1 - rng.Float64() // (0, 1]
		}
		return dist.Validate(dist.Vector{Values: u}, dist.Options{Positive: true, Normalize: true})
	}
	pv, err := one()
	if err != nil {
		return nil, nil, err
	}
	qv, err := one()
	if err != nil {
		return nil, nil, err
	}
	return pv.Values, qv.LogValues(), nil
}

// TrialRand returns the random stream of trial i: rand.NewPCG(seed, i).
func TrialRand(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)))
}

// RunTrial computes trial i of a sweep: Draw from TrialRand(Seed, i), one
// bon.Selector, and Selector.Compare for N = 1..NMax with opt.Budget. It
// also returns the worst case of the trial.
func RunTrial(opt Options, i int) (Trial, Worst, error) {
	p, logq, err := Draw(TrialRand(opt.Seed, i), opt.K, opt.Gen)
	if err != nil {
		return Trial{}, Worst{}, err
	}
	sel, err := bon.New(p, logq)
	if err != nil {
		return Trial{}, Worst{}, err
	}
	tr := Trial{Index: i, DeltaMax: sel.DeltaMax(), TopGap: topGap(sel.Levels())}
	if opt.KeepCurves {
		tr.KL = make([]float64, opt.NMax)
	}
	w := Worst{Trial: i, DeltaMax: tr.DeltaMax, TopGap: tr.TopGap}
	for n := 1; n <= opt.NMax; n++ {
		c, err := bon.NewCount(float64(n))
		if err != nil {
			return Trial{}, Worst{}, err
		}
		cmp, err := sel.Compare(c, opt.Budget)
		if err != nil {
			return Trial{}, Worst{}, fmt.Errorf("trial %d, N = %d: %w", i, n, err)
		}
		kl := cmp.KLBonPhi
		if cmp.AlphaInfinite {
			tr.LimitCases++
		}
		if math.IsNaN(kl) {
			return Trial{}, Worst{}, fmt.Errorf("trial %d, N = %d: KL(π_N‖φ_Δ) is NaN", i, n)
		}
		if tr.KL != nil {
			tr.KL[n-1] = kl
		}
		if math.IsInf(kl, 1) {
			tr.InfiniteCases++
			continue
		}
		if tr.ArgN == 0 || kl > tr.Max {
			tr.Max, tr.ArgN = kl, n
			w.N, w.KL, w.Delta, w.Alpha = n, kl, cmp.Delta, cmp.Alpha
		}
	}
	return tr, w, nil
}

// topGap is log q_(1) − log q_(2) over the levels of positive mass.
func topGap(lv bon.Levels) float64 {
	var r []float64
	for j, lm := range lv.LogMass {
		if !math.IsInf(lm, -1) {
			r = append(r, lv.Reward[j])
			if len(r) == 2 {
				return r[0] - r[1]
			}
		}
	}
	return math.Inf(1)
}

// Run runs the sweep. Trials are computed in parallel (errgroup with
// opt.Workers goroutines); the result is identical for any number of
// workers. Cost: Trials · (Θ(K log K) + NMax · Θ(K)).
func Run(ctx context.Context, opt Options) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	trials := make([]Trial, opt.Trials)
	worsts := make([]Worst, opt.Trials)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var mu sync.Mutex
	done := 0
	for i := range opt.Trials {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			tr, w, err := RunTrial(opt, i)
			if err != nil {
				return err
			}
			trials[i], worsts[i] = tr, w
			if opt.Progress != nil {
				mu.Lock()
				done++
				opt.Progress(done)
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return summarise(opt, trials, worsts), nil
}

func summarise(opt Options, trials []Trial, worsts []Worst) *Result {
	res := &Result{Options: opt, Trials: trials, FracOver: make([]float64, len(Thresholds))}
	var maxima []float64
	for i, tr := range trials {
		res.LimitCases += tr.LimitCases
		res.InfiniteCases += tr.InfiniteCases
		if tr.InfiniteCases > 0 {
			res.TrialsWithInfinite++
		}
		for j, th := range Thresholds {
			if tr.InfiniteCases > 0 || (tr.ArgN > 0 && tr.Max > th) {
				res.FracOver[j]++
			}
		}
		if tr.ArgN == 0 {
			continue
		}
		maxima = append(maxima, tr.Max)
		// Ties between trials go to the lower index (deterministic).
		if len(maxima) == 1 || tr.Max > res.Max {
			res.Max, res.Worst = tr.Max, worsts[i]
		}
	}
	for j := range res.FracOver {
		res.FracOver[j] /= float64(len(trials))
	}
	res.Quantiles = Quantiles{Quantile(maxima, 0.5), Quantile(maxima, 0.9), Quantile(maxima, 0.99)}
	if opt.KeepCurves {
		res.Bands = make([]Band, opt.NMax)
		col := make([]float64, 0, len(trials))
		for n := 1; n <= opt.NMax; n++ {
			col = col[:0]
			for _, tr := range trials {
				if v := tr.KL[n-1]; !math.IsInf(v, 0) {
					col = append(col, v)
				}
			}
			b := Band{N: n, Finite: len(col)}
			if len(col) > 0 {
				b.P50, b.P90 = Quantile(col, 0.5), Quantile(col, 0.9)
				b.Max = slices.Max(col)
			}
			res.Bands[n-1] = b
		}
	}
	return res
}

// Quantile returns the nearest-rank q-quantile of xs (the ⌈q·n⌉-th
// smallest value; the minimum for q = 0), or 0 for an empty slice. xs is not
// modified.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	r := int(math.Ceil(q * float64(len(s))))
	r = max(r, 1)
	r = min(r, len(s))
	return s[r-1]
}
