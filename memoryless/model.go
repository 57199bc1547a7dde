package memoryless

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/tiltkit/tiltkit/tilt"
)

// Model is the memoryless setting of Assumptions 1–2: a reference
// distribution p over K symbols and the per-token reward log q; sequences of
// length m have probability p^m and reward Σ_i log q(y_i).
type Model struct {
	k      int       // alphabet size
	sup    []int     // symbols with p > 0
	p      []float64 // p on the support
	logp   []float64
	logq   []float64 // log q on the support
	pExact []*big.Rat
	qExact []*big.Rat // exact q on the support (nil when unknown)
	basis  *rewardBasis
	family *tilt.Family // single-token aligned family (over the full alphabet)
}

// Spec describes a memoryless model.
type Spec struct {
	// P is the reference distribution (entries ≥ 0, summing to 1).
	P []float64
	// LogQ is the per-token reward log q (finite where P > 0).
	LogQ []float64
	// Q optionally holds q's float64 values; when QExact is nil their exact
	// binary values define ties (else exp(LogQ) does).
	Q []float64
	// PExact and QExact optionally hold exact rational p and q (needed by
	// Exact; QExact also defines ties).
	PExact, QExact []*big.Rat
}

// NewModel returns the model of s.
func NewModel(s Spec) (*Model, error) {
	p, logq, pExact, qExact := s.P, s.LogQ, s.PExact, s.QExact
	if len(p) != len(logq) {
		return nil, fmt.Errorf("memoryless: p has %d entries and q has %d", len(p), len(logq))
	}
	fam, err := tilt.NewFamily(p, logq)
	if err != nil {
		return nil, err
	}
	md := &Model{k: len(p), family: fam}
	if qExact == nil {
		qf := s.Q
		if qf == nil {
			qf = make([]float64, len(logq))
			for i, l := range logq {
				qf[i] = math.Exp(l)
			}
		}
		qExact = floatRats(qf)
	}
	var qs []*big.Rat
	for i, pi := range p {
		if pi > 0 {
			md.sup = append(md.sup, i)
			md.p = append(md.p, pi)
			md.logp = append(md.logp, math.Log(pi))
			md.logq = append(md.logq, logq[i])
			if qExact != nil {
				qs = append(qs, qExact[i])
			}
		}
	}
	if len(md.sup) == 0 {
		return nil, errors.New("memoryless: p has no positive entry")
	}
	if qExact != nil {
		md.qExact = qs
	}
	if pExact != nil {
		for _, i := range md.sup {
			md.pExact = append(md.pExact, pExact[i])
		}
	}
	md.basis, err = newRewardBasis(md.qExact, md.logq)
	if err != nil {
		return nil, err
	}
	return md, nil
}

// K returns the alphabet size; Support the number of symbols with p > 0
// (sequences only use those, so types have Support() counts).
func (md *Model) K() int       { return md.k }
func (md *Model) Support() int { return len(md.sup) }

// Family returns the single-token aligned family {T(q, p, α)}.
func (md *Model) Family() *tilt.Family { return md.family }

// TypeCount returns the number of types of length-m sequences over the
// support, C(m+S−1, S−1), as a float64 (+Inf beyond the float64 range).
func (md *Model) TypeCount(m int) float64 {
	return typeCount(m, len(md.sup))
}

func typeCount(m, s int) float64 {
	lc, _ := math.Lgamma(float64(m + s))
	l1, _ := math.Lgamma(float64(m + 1))
	l2, _ := math.Lgamma(float64(s))
	c := math.Exp(lc - l1 - l2)
	if c < 1e15 {
		c = math.Round(c)
	}
	return c
}

// full expands a support vector to the full alphabet.
func (md *Model) full(v []float64) []float64 {
	out := make([]float64, md.k)
	for j, i := range md.sup {
		out[i] = v[j]
	}
	return out
}
