package memoryless

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
)

// Limits of the exact rational mode: the size of the rationals grows like
// m·N digits, so only small problems are exact.
const (
	ExactMaxM         = 200
	ExactMaxN         = 1000
	ExactMaxTypes     = 20000
	ExactMaxSequences = 200000
)

// ErrNotRational reports that exact mode needs rational p and q.
var ErrNotRational = errors.New("exact mode needs p and q written as fractions or decimals")

// ExactType is one type with its exact probabilities.
type ExactType struct {
	Counts []int    // over the full alphabet
	P      *big.Rat // p^m(type class)
	Pi     *big.Rat // π_N^m(type class)
}

// ExactSequence is one sequence with its exact best-of-N probability.
type ExactSequence struct {
	Y    []int
	Prob *big.Rat
}

// ExactResult is best-of-N over sequences in exact rational arithmetic.
type ExactResult struct {
	M int
	N int64
	// Types in decreasing reward order.
	Types []ExactType
	// MeanType = E_π[t(Y^m)] exactly, over the full alphabet.
	MeanType []*big.Rat
	// Sequences (only when requested) lists every sequence over the
	// support in lexicographic order, with MarginalFirst = P(y_1 = k).
	Sequences     []ExactSequence
	MarginalFirst []*big.Rat
	// Exchangeable reports π(y) = π(y with positions 1 and 2 swapped) for
	// every listed sequence (Lemma 5); Product reports π(y) = Π_i P(y_i = y_i)
	// for every sequence (false in Example 2); Witness is a sequence where the
	// product form fails, with the product of its marginals.
	Exchangeable, Product bool
	Witness               *ExactSequence
	WitnessProduct        *big.Rat
	// KLBonPRate = (1/m)·KL(π_N^m‖p^m) and CrossEntropyRateBon =
	// (1/m)·H(π_N^m‖q^m), evaluated in float64 from the exact masses.
	KLBonPRate, CrossEntropyRateBon float64
}

// ExactLimitError reports a request beyond the exact mode's limits.
type ExactLimitError struct{ What string }

func (e *ExactLimitError) Error() string { return "exact mode: " + e.What }

// Exact computes best-of-N over sequences of length m for an integer number
// of candidates n, in math/big.Rat (p and q must have been given as
// rationals: NewModel with pExact and qExact). With sequences set it also
// lists every sequence and the marginal of y_1 (this reproduces Table 2 of
// the paper: m = 2, N = 2, p = (1/5, 3/10, 1/2), q ∝ (6, 1, 2)).
func (md *Model) Exact(m int, n int64, sequences bool) (*ExactResult, error) {
	if md.pExact == nil || md.qExact == nil || md.basis.generic {
		return nil, ErrNotRational
	}
	s := len(md.sup)
	switch {
	case m < 1 || m > ExactMaxM:
		return nil, &ExactLimitError{fmt.Sprintf("m = %d: expected 1 ≤ m ≤ %d", m, ExactMaxM)}
	case n < 1 || n > ExactMaxN:
		return nil, &ExactLimitError{fmt.Sprintf("N = %d: expected an integer 1 ≤ N ≤ %d", n, ExactMaxN)}
	case typeCount(m, s) > ExactMaxTypes:
		return nil, &ExactLimitError{fmt.Sprintf("m = %d gives %.4g types, more than the limit of %d", m, typeCount(m, s), ExactMaxTypes)}
	case sequences && math.Pow(float64(s), float64(m)) > ExactMaxSequences:
		return nil, &ExactLimitError{fmt.Sprintf("--sequences: %d^%d sequences, more than the limit of %d", s, m, ExactMaxSequences)}
	}
	// Enumerate types with exact p^m(class) and signatures.
	type tp struct {
		n   []int
		sig []int64
		p   *big.Rat
	}
	var types []tp
	fact := make([]*big.Int, m+1)
	fact[0] = big.NewInt(1)
	for i := 1; i <= m; i++ {
		fact[i] = new(big.Int).Mul(fact[i-1], big.NewInt(int64(i)))
	}
	B := len(md.basis.logb)
	cur := make([]int, s)
	var rec func(k, rest int)
	rec = func(k, rest int) {
		if k == s-1 {
			cur[k] = rest
			pr := new(big.Rat).SetInt(fact[m])
			for j, c := range cur {
				pr.Quo(pr, new(big.Rat).SetInt(fact[c]))
				pr.Mul(pr, ratPow(md.pExact[j], int64(c)))
			}
			nn := slices.Clone(cur)
			u := make([]uint16, s)
			for j, c := range nn {
				u[j] = uint16(c)
			}
			sig := make([]int64, B)
			md.basis.signature(sig, u)
			types = append(types, tp{nn, sig, pr})
			return
		}
		for c := 0; c <= rest; c++ {
			cur[k] = c
			rec(k+1, rest-c)
		}
	}
	rec(0, m)
	slices.SortStableFunc(types, func(a, b tp) int { return -md.basis.compareExact(a.sig, b.sig) })
	// Levels, tails and π per level.
	res := &ExactResult{M: m, N: n, Exchangeable: true, Product: true}
	above := new(big.Rat) // mass strictly above the level
	one := big.NewRat(1, 1)
	ratio := map[int]*big.Rat{} // level start index → π(level)/P(level)
	for a := 0; a < len(types); {
		b := a + 1
		for b < len(types) && md.basis.compareExact(types[a].sig, types[b].sig) == 0 {
			b++
		}
		P := new(big.Rat)
		for _, t := range types[a:b] {
			P.Add(P, t.p)
		}
		fp := new(big.Rat).Sub(one, above)
		fm := new(big.Rat).Sub(fp, P)
		piLevel := new(big.Rat).Sub(ratPow(fp, n), ratPow(fm, n))
		ratio[a] = new(big.Rat).Quo(piLevel, P)
		for i := a; i < b; i++ {
			ratio[i] = ratio[a]
		}
		above.Add(above, P)
		a = b
	}
	res.MeanType = make([]*big.Rat, md.k)
	for i := range res.MeanType {
		res.MeanType[i] = new(big.Rat)
	}
	mr := big.NewRat(int64(m), 1)
	var klSum, ceSum float64
	for i, t := range types {
		pi := new(big.Rat).Mul(t.p, ratio[i])
		full := make([]int, md.k)
		for j, c := range t.n {
			full[md.sup[j]] = c
			res.MeanType[md.sup[j]].Add(res.MeanType[md.sup[j]], new(big.Rat).Quo(new(big.Rat).Mul(pi, big.NewRat(int64(c), 1)), mr))
		}
		res.Types = append(res.Types, ExactType{Counts: full, P: t.p, Pi: pi})
		if pi.Sign() > 0 {
			w, _ := pi.Float64()
			klSum += w * ratLog(ratio[i])
			var r float64
			for j, c := range t.n {
				r += float64(c) * md.logq[j]
			}
			ceSum -= w * r
		}
	}
	res.KLBonPRate = klSum / float64(m)
	res.CrossEntropyRateBon = ceSum / float64(m)
	if sequences {
		md.exactSequences(res, types2ratio(types, ratio, func(t tp) []int { return t.n }))
	}
	return res, nil
}

// types2ratio maps a type (support counts) key to its π/p ratio.
func types2ratio[T any](types []T, ratio map[int]*big.Rat, counts func(T) []int) map[string]*big.Rat {
	out := map[string]*big.Rat{}
	for i, t := range types {
		out[fmt.Sprint(counts(t))] = ratio[i]
	}
	return out
}

// exactSequences lists every sequence over the support, its probability
// p^m(y)·π(level)/P(level), the marginal of y_1, and checks Lemma 5 and the
// product form.
func (md *Model) exactSequences(res *ExactResult, ratio map[string]*big.Rat) {
	s, m := len(md.sup), res.M
	y := make([]int, m) // support indices
	res.MarginalFirst = make([]*big.Rat, md.k)
	for i := range res.MarginalFirst {
		res.MarginalFirst[i] = new(big.Rat)
	}
	probOf := map[string]*big.Rat{}
	for {
		counts := make([]int, s)
		pr := big.NewRat(1, 1)
		for _, v := range y {
			counts[v]++
			pr.Mul(pr, md.pExact[v])
		}
		pr.Mul(pr, ratio[fmt.Sprint(counts)])
		full := make([]int, m)
		for i, v := range y {
			full[i] = md.sup[v]
		}
		res.Sequences = append(res.Sequences, ExactSequence{Y: full, Prob: pr})
		probOf[fmt.Sprint(full)] = pr
		res.MarginalFirst[full[0]].Add(res.MarginalFirst[full[0]], pr)
		// next sequence (odometer, last position fastest)
		i := m - 1
		for i >= 0 && y[i] == s-1 {
			y[i] = 0
			i--
		}
		if i < 0 {
			break
		}
		y[i]++
	}
	for _, sq := range res.Sequences {
		if m >= 2 {
			sw := slices.Clone(sq.Y)
			sw[0], sw[1] = sw[1], sw[0]
			if probOf[fmt.Sprint(sw)].Cmp(sq.Prob) != 0 {
				res.Exchangeable = false
			}
		}
		prod := big.NewRat(1, 1)
		for _, v := range sq.Y {
			prod.Mul(prod, res.MarginalFirst[v])
		}
		if prod.Cmp(sq.Prob) != 0 && res.Product {
			res.Product = false
			w := sq
			res.Witness = &w
			res.WitnessProduct = prod
		}
	}
}

// ratPow returns x^n for n ≥ 0 by repeated squaring.
func ratPow(x *big.Rat, n int64) *big.Rat {
	num := new(big.Int).Exp(x.Num(), big.NewInt(n), nil)
	den := new(big.Int).Exp(x.Denom(), big.NewInt(n), nil)
	return new(big.Rat).SetFrac(num, den)
}

// ratLog returns log r for r > 0, accurate to ~1 ulp for any magnitude.
func ratLog(r *big.Rat) float64 {
	f := new(big.Float).SetPrec(80).SetRat(r)
	mant := new(big.Float)
	exp := f.MantExp(mant)
	mf, _ := mant.Float64()
	return math.Log(mf) + float64(exp)*math.Ln2
}
