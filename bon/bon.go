package bon

import (
	"math"
	"sync"

	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/tilt"
)

// Selector holds p and the reward log q sorted once into levels, for
// repeated best-of-N and comparison queries (e.g. every N in 1..1000). It is
// immutable and safe for concurrent use.
type Selector struct {
	p     []float64
	lv    Levels
	level []int // level of each symbol, −1 where p = 0

	famOnce sync.Once
	family  *tilt.Family // the aligned family over the levels, built on first use
}

// New returns a Selector for the reference distribution p (entries ≥ 0 summing
// to 1) and the reward logq = log q (finite where p > 0; ties are exactly
// equal values). Cost: one sort, Θ(K log K).
func New(p, logq []float64) (*Selector, error) {
	lv, level, err := symbolLevels(p, logq)
	if err != nil {
		return nil, err
	}
	return &Selector{p: p, lv: lv, level: level}, nil
}

// fam builds the aligned family over the levels on first use (BestOfN alone
// does not need it).
func (s *Selector) fam() *tilt.Family {
	s.famOnce.Do(func() {
		mass := make([]float64, len(s.lv.LogMass))
		for j, lm := range s.lv.LogMass {
			mass[j] = math.Exp(lm)
		}
		fam, err := tilt.NewFamily(mass, s.lv.Reward)
		if err != nil {
			panic("bon: " + err.Error()) // cannot happen: levels have positive mass and finite rewards
		}
		s.family = fam
	})
	return s.family
}

// Levels returns the reward levels (shared; do not modify).
func (s *Selector) Levels() Levels { return s.lv }

// Family returns the aligned family of p towards q, over reward levels
// (a level stands for its tied symbols; tilts of tied symbols are in
// proportion to p).
func (s *Selector) Family() *tilt.Family { return s.fam() }

// DeltaMax returns −log P_p(S), S the argmax of q over the support of p.
func (s *Selector) DeltaMax() float64 { return s.fam().DeltaMax() }

// Result is the best-of-N policy for one N.
type Result struct {
	N, LogN float64
	// Pi is π_N over the K symbols.
	Pi []float64
	// LevelLogRatio is log(π_N/p) per reward level (see Levels).
	LevelLogRatio []float64
	// KL is KL(π_N‖p), exact; KLBound is log N − (N−1)/N (Beirami et al.
	// 2024), which is ≤ log N (Lemma 6).
	KL, KLBound float64
	// CrossEntropy is H(π_N‖q) = −ExpectedReward.
	CrossEntropy, ExpectedReward float64
}

// BestOfN returns the best-of-N policy for c candidates (Definition 3).
// Cost: Θ(K) after New.
func (s *Selector) BestOfN(c Count) Result {
	lv := s.lv
	x := lv.LogRatios(c)
	res := Result{N: c.N, LogN: c.LogN, LevelLogRatio: x, KLBound: xmath.BoNKLBound(c.LogN)}
	// One exp per level: the ratio π/p on the level, reused for π over the
	// symbols, the KL (non-negative kernel) and the expected reward.
	ratio := make([]float64, len(x))
	top := lv.Reward[0]
	var kl, gap xmath.Accumulator
	for j, lm := range lv.LogMass {
		ratio[j] = math.Exp(x[j])
		if lv.mass == nil {
			kl.Add(xmath.KLTerm(lm, x[j]))
			gap.Add(math.Exp(lm+x[j]) * (top - lv.Reward[j]))
			continue
		}
		piMass := lv.mass[j] * ratio[j]
		kl.Add(xmath.KLTermLinear(lv.mass[j], piMass, x[j]))
		gap.Add(piMass * (top - lv.Reward[j]))
	}
	res.Pi = make([]float64, len(s.p))
	for i, j := range s.level {
		if j >= 0 {
			res.Pi[i] = s.p[i] * ratio[j]
		}
	}
	res.KL = kl.Value()
	res.ExpectedReward = top - gap.Value()
	res.CrossEntropy = -res.ExpectedReward
	return res
}

// BestOfN returns the best-of-N policy for p, reward logq = log q, and a real
// N ≥ 1: the convenience form of New(p, logq) followed by Selector.BestOfN.
func BestOfN(p, logq []float64, n float64) (Result, error) {
	c, err := NewCount(n)
	if err != nil {
		return Result{}, err
	}
	s, err := New(p, logq)
	if err != nil {
		return Result{}, err
	}
	return s.BestOfN(c), nil
}
