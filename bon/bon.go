package bon

import (
	"math"

	"github.com/tiltkit/tiltkit/internal/xmath"
	"github.com/tiltkit/tiltkit/tilt"
)

// Selector holds p and the reward log q sorted once into levels, for
// repeated best-of-N and comparison queries (e.g. every N in 1..1000). It is
// immutable and safe for concurrent use.
type Selector struct {
	p      []float64
	lv     Levels
	level  []int        // level of each symbol, −1 where p = 0
	family *tilt.Family // the aligned family over the levels
}

// New returns a Selector for the reference distribution p (entries ≥ 0 summing
// to 1) and the reward logq = log q (finite where p > 0; ties are exactly
// equal values). Cost: one sort, Θ(K log K).
func New(p, logq []float64) (*Selector, error) {
	lv, level, err := symbolLevels(p, logq)
	if err != nil {
		return nil, err
	}
	mass := make([]float64, len(lv.LogMass))
	for j, lm := range lv.LogMass {
		mass[j] = math.Exp(lm)
	}
	fam, err := tilt.NewFamily(mass, lv.Reward)
	if err != nil {
		return nil, err
	}
	return &Selector{p: p, lv: lv, level: level, family: fam}, nil
}

// Levels returns the reward levels (shared; do not modify).
func (s *Selector) Levels() Levels { return s.lv }

// Family returns the aligned family of p towards q, over reward levels
// (a level stands for its tied symbols; tilts of tied symbols are in
// proportion to p).
func (s *Selector) Family() *tilt.Family { return s.family }

// DeltaMax returns −log P_p(S), S the argmax of q over the support of p.
func (s *Selector) DeltaMax() float64 { return s.family.DeltaMax() }

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
	x := s.lv.LogRatios(c)
	res := Result{N: c.N, LogN: c.LogN, LevelLogRatio: x}
	res.Pi = make([]float64, len(s.p))
	for i, j := range s.level {
		if j >= 0 {
			res.Pi[i] = s.p[i] * math.Exp(x[j])
		}
	}
	res.KL = s.lv.KL(x)
	res.KLBound = xmath.BoNKLBound(c.LogN)
	res.ExpectedReward = s.lv.ExpectedReward(x)
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
