package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/memoryless"
)

// MaxN is the largest number of candidates per draw.
const MaxN = 1_000_000_000

// Options configure Sample.
type Options struct {
	M     int    // sequence length
	N     int64  // candidates per draw, 1 ≤ N ≤ MaxN
	Draws int    // number of best-of-N draws, ≥ 1
	Seed  uint64 // PCG seed; draw d uses stream (Seed, d)
	// Workers is the number of goroutines (0: GOMAXPROCS). Results do not
	// depend on it.
	Workers int
	// Progress, if non-nil, is called with the number of draws finished.
	Progress func(done int)
}

// Result summarises the draws.
type Result struct {
	Draws int
	// MeanType is the average of t(Y^m) over draws (full alphabet) and
	// StderrType its standard error per symbol.
	MeanType, StderrType []float64
	// MeanRewardRate is the average of r(Y^m)/m = Σ_k t_k log q_k and
	// StderrRewardRate its standard error (sample sd/√draws).
	MeanRewardRate, StderrRewardRate float64
	// Types is reserved for the drawn types (counts over the full
	// alphabet); Sample does not fill it yet.
	Types [][]int
}

// Sample draws opt.Draws best-of-N sequences of length opt.M from md.
func Sample(md *memoryless.Model, opt Options) (*Result, error) {
	switch {
	case opt.M < 1 || opt.M > memoryless.MaxM:
		return nil, fmt.Errorf("m = %d: expected 1 ≤ m ≤ %d", opt.M, memoryless.MaxM)
	case opt.N < 1 || opt.N > MaxN:
		return nil, fmt.Errorf("N = %d: expected 1 ≤ N ≤ %d for Monte Carlo", opt.N, MaxN)
	case opt.Draws < 1:
		return nil, errors.New("draws must be ≥ 1")
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := md.Support()
	types := make([][]uint16, opt.Draws)
	rewards := make([]float64, opt.Draws)
	var next, done atomic.Int64
	g, _ := errgroup.WithContext(context.Background())
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			sp := newSampler(md, opt.M)
			for {
				d := int(next.Add(1) - 1)
				if d >= opt.Draws {
					return nil
				}
				r := rand.New(rand.NewPCG(opt.Seed, uint64(d)))
				best := sp.bestOf(r, opt.N)
				types[d] = best
				var rw xmath.Accumulator
				for k, c := range best {
					rw.Add(float64(c) * md.SupportLogQ()[k])
				}
				rewards[d] = rw.Value() / float64(opt.M)
				if opt.Progress != nil {
					opt.Progress(int(done.Add(1)))
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	res := &Result{Draws: opt.Draws, MeanType: make([]float64, md.K()), StderrType: make([]float64, md.K())}
	// Means and standard errors in draw order (deterministic).
	sup := md.SupportIndex()
	for k := 0; k < s; k++ {
		xs := make([]float64, opt.Draws)
		for d, t := range types {
			xs[d] = float64(t[k]) / float64(opt.M)
		}
		res.MeanType[sup[k]], res.StderrType[sup[k]] = meanStderr(xs)
	}
	res.MeanRewardRate, res.StderrRewardRate = meanStderr(rewards)
	return res, nil
}

func meanStderr(xs []float64) (mean, se float64) {
	n := float64(len(xs))
	mean = xmath.Sum(xs) / n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss xmath.Accumulator
	for _, x := range xs {
		ss.Add((x - mean) * (x - mean))
	}
	return mean, math.Sqrt(ss.Value()/(n-1)) / math.Sqrt(n)
}

// sampler draws types of length-m sequences through the binomial chain,
// caching one alias table per (stage, remaining length). Not safe for
// concurrent use: one per goroutine.
type sampler struct {
	md     *memoryless.Model
	m      int
	theta  []float64 // p_k / Σ_{j≥k} p_j
	tables []map[int]*alias
	cur    []uint16
	best   []uint16
	sig    []int64
	bsig   []int64
	tau    float64 // rounding bound of the float reward Σ n_k·log q_k
}

func newSampler(md *memoryless.Model, m int) *sampler {
	p := md.SupportP()
	s := len(p)
	sp := &sampler{md: md, m: m, theta: make([]float64, s), tables: make([]map[int]*alias, s),
		cur: make([]uint16, s), best: make([]uint16, s), sig: make([]int64, md.BasisLen()), bsig: make([]int64, md.BasisLen())}
	rest := 1.0
	var acc xmath.Accumulator
	for k := s - 1; k >= 0; k-- {
		acc.Add(p[k])
		rest = acc.Value()
		sp.theta[k] = math.Min(1, p[k]/rest)
	}
	for k := range sp.tables {
		sp.tables[k] = map[int]*alias{}
	}
	// Recursive summation of at most min(s, m) non-zero terms c·log q_k,
	// each |·| ≤ m·max|log q|: error ≤ (min(s, m) + 1)·u·m·max|log q|; the
	// factor 4 covers both operands of a comparison with room to spare.
	maxAbs := 0.0
	for _, l := range md.SupportLogQ() {
		maxAbs = math.Max(maxAbs, math.Abs(l))
	}
	sp.tau = 4 * float64(min(s, m)+1) * 0x1p-53 * float64(m) * maxAbs
	return sp
}

// drawType fills sp.cur with a Mult(m, p) draw.
func (sp *sampler) drawType(r *rand.Rand) {
	rest := sp.m
	last := len(sp.cur) - 1
	for k := 0; k < last; k++ {
		if rest == 0 {
			sp.cur[k] = 0
			continue
		}
		t := sp.tables[k][rest]
		if t == nil {
			t = binomialAlias(rest, sp.theta[k])
			sp.tables[k][rest] = t
		}
		c := t.draw(r)
		sp.cur[k] = uint16(c)
		rest -= c
	}
	sp.cur[last] = uint16(rest)
}

// bestOf draws n candidates and returns (a copy of) the best type, exact ties
// broken uniformly by reservoir sampling. The float reward Σ n_k·log q_k
// decides only when it differs from the best's by more than its rounding
// bound sp.tau; closer rewards (exact ties, and near ties whose float sums
// may be in the wrong order) are compared exactly by signature.
func (sp *sampler) bestOf(r *rand.Rand, n int64) []uint16 {
	var bestKey float64
	var ties int64
	logq := sp.md.SupportLogQ()
	for i := int64(0); i < n; i++ {
		sp.drawType(r)
		var key float64
		for k, c := range sp.cur {
			key += float64(c) * logq[k]
		}
		if i > 0 {
			if key < bestKey-sp.tau {
				continue
			}
			if key <= bestKey+sp.tau {
				sp.md.TieKey(sp.cur, sp.sig)
				c := sp.md.CompareTypes(sp.sig, sp.bsig)
				if c < 0 {
					continue
				}
				if c == 0 {
					ties++
					if r.Int64N(ties) != 0 {
						continue
					}
					copy(sp.best, sp.cur)
					continue
				}
			}
		}
		bestKey = key
		ties = 1
		copy(sp.best, sp.cur)
		sp.md.TieKey(sp.best, sp.bsig)
	}
	return append([]uint16(nil), sp.best...)
}

// tokenwiseType draws a type by drawing m tokens one by one (the O(m)
// baseline the type sampler replaces; used by tests and benchmarks).
func tokenwiseType(r *rand.Rand, tokens *alias, m int, dst []uint16) {
	for k := range dst {
		dst[k] = 0
	}
	for i := 0; i < m; i++ {
		dst[tokens.draw(r)]++
	}
}
