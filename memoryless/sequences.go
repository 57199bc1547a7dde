package memoryless

import (
	"fmt"
	"math"
)

// Sequence is one sequence (symbols over the full alphabet) with its
// best-of-N probability.
type Sequence struct {
	Y    []int
	Prob float64
}

// Sequences lists every sequence of length m over the support in
// lexicographic order with π_N^m(y) = p^m(y)·exp(x_level), given the level
// log-ratios x of Levels.LogRatios, and the marginal P(y_1 = k) over the
// full alphabet. It refuses more than ExactMaxSequences sequences.
func (e *Enumeration) Sequences(x []float64) ([]Sequence, []float64, error) {
	md := e.model
	s, m := e.s, e.M
	if math.Pow(float64(s), float64(m)) > ExactMaxSequences {
		return nil, nil, &ExactLimitError{fmt.Sprintf("--sequences: %d^%d sequences, more than the limit of %d", s, m, ExactMaxSequences)}
	}
	level := make(map[string]int, len(e.logP))
	start := 0
	for j, end := range e.end {
		for t := start; t < int(end); t++ {
			level[fmt.Sprint(e.counts[t*s:(t+1)*s])] = j
		}
		start = int(end)
	}
	var out []Sequence
	marg := make([]float64, md.k)
	y := make([]int, m)
	counts := make([]uint16, s)
	for {
		for k := range counts {
			counts[k] = 0
		}
		lp := 0.0
		for _, v := range y {
			counts[v]++
			lp += md.logp[v]
		}
		j, ok := level[fmt.Sprint(counts)]
		prob := 0.0
		if ok { // pruned types (none at these sizes) would have probability ~0
			prob = math.Exp(lp + x[j])
		}
		full := make([]int, m)
		for i, v := range y {
			full[i] = md.sup[v]
		}
		out = append(out, Sequence{Y: full, Prob: prob})
		marg[full[0]] += prob
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
	return out, marg, nil
}
