package memoryless

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/xmath"
)

// DefaultMaxTypes is the default memory budget in types (~60 bytes each at
// peak: a few GB at most).
const DefaultMaxTypes = 40_000_000

// MaxM is the largest sequence length (counts are stored as uint16).
const MaxM = 65535

// PruneLogMass is the pruning threshold: when the type count exceeds the
// budget, types with p^m(n) < e^{−60}/N are dropped. Since π_N^m(n) ≤ N·p^m(n)
// (π_N/p ≤ N·F⁺^{N−1} ≤ N), every dropped type has probability below e^{−60}
// under both p^m and π_N^m.
const PruneLogMass = 60

// Options tune Enumerate.
type Options struct {
	// MaxTypes is the memory budget in types (0: DefaultMaxTypes).
	MaxTypes int64
	// LogN, when pruning is needed, is log N of the best-of-N that will be
	// computed (pruning keeps p^m(n) ≥ e^{−60−log N}).
	LogN float64
	// ForcePrune prunes even when every type would fit.
	ForcePrune bool
}

// TooManyTypesError reports a request beyond the memory budget.
type TooManyTypesError struct {
	M       int
	Types   float64 // total number of types C(m+S−1, S−1)
	Limit   int64
	Pruning bool
}

func (e *TooManyTypesError) Error() string {
	if e.Pruning {
		return fmt.Sprintf("m = %d: %.4g types, and more than %d of them survive pruning (p^m(n) ≥ e^-60/N), beyond the memory budget of %d types; use `tiltkit sample` (Monte Carlo) for this size", e.M, e.Types, e.Limit, e.Limit)
	}
	return fmt.Sprintf("m = %d: %.4g types, beyond the memory budget of %d types; use `tiltkit sample` (Monte Carlo) for this size", e.M, e.Types, e.Limit)
}

// Enumeration holds every type of length-m sequences (over the support of p)
// sorted by decreasing reward and grouped into exactly tied levels.
type Enumeration struct {
	model  *Model
	M      int
	s      int       // support size = counts per type
	counts []uint16  // counts[t*s : (t+1)*s], types in level order
	logP   []float64 // log p^m(type class)
	reward []float64 // R(n) = Σ n_k log q_k
	// Levels are the reward levels (ties grouped), for the bon engine.
	Levels bon.Levels
	end    []int32 // end[j]: one past the last type of level j
	// Total is the number of types C(m+S−1, S−1); Kept the number enumerated.
	Total float64
	Kept  int64
	// PrunedMassBound bounds the probability, under p^m and under π_N^m
	// (for the N given in Options.LogN), of the pruned types (0 if none).
	PrunedMassBound float64
}

// Enumerate lists all types of length m, computing log-multinomial
// probabilities (by log-gamma tables) and rewards, sorts them by reward in
// Θ(T) (radix sort) and groups ties exactly (see the package doc). Cost:
// Θ(T·S) time, ~(24 + 2S) bytes per type kept.
func (md *Model) Enumerate(m int, opt Options) (*Enumeration, error) {
	if m < 1 || m > MaxM {
		return nil, fmt.Errorf("m = %d: expected 1 ≤ m ≤ %d", m, MaxM)
	}
	limit := opt.MaxTypes
	if limit <= 0 {
		limit = DefaultMaxTypes
	}
	s := len(md.sup)
	total := typeCount(m, s)
	prune := opt.ForcePrune || total > float64(limit)
	threshold := math.Inf(-1)
	if prune {
		threshold = -PruneLogMass - opt.LogN
	}
	e := &Enumeration{model: md, M: m, s: s, Total: total}
	// lg[n] = log n!, nlp[k][n] = n·log p_k.
	lg := make([]float64, m+1)
	for n := 1; n <= m; n++ {
		lg[n], _ = math.Lgamma(float64(n + 1))
	}
	nlp := make([][]float64, s)
	for k := range nlp {
		nlp[k] = make([]float64, m+1)
		for n := 1; n <= m; n++ {
			nlp[k][n] = float64(n) * md.logp[k]
		}
	}
	capHint := total
	if capHint > float64(limit) {
		capHint = float64(limit) / 4
	}
	e.counts = make([]uint16, 0, int(capHint)*s)
	e.logP = make([]float64, 0, int(capHint))
	e.reward = make([]float64, 0, int(capHint))
	n := make([]int, s)
	var pruned float64
	var visit func(k, rest int, lp float64) error
	// visit fills n[k:] with compositions of rest; lp accumulates the
	// prefix's contribution Σ (nlp − lg).
	visit = func(k, rest int, lp float64) error {
		if k == s-1 {
			n[k] = rest
			logp := lg[m] + lp + nlp[k][rest] - lg[rest]
			if logp < threshold {
				pruned++
				return nil
			}
			if int64(len(e.logP)) >= limit {
				return &TooManyTypesError{M: m, Types: total, Limit: limit, Pruning: prune}
			}
			var r xmath.Accumulator
			for j, c := range n {
				e.counts = append(e.counts, uint16(c))
				if c > 0 {
					r.Add(float64(c) * md.logq[j])
				}
			}
			e.logP = append(e.logP, logp)
			e.reward = append(e.reward, r.Value())
			return nil
		}
		if prune && k == s-2 {
			return e.visitInterval(n, k, rest, lp, lg, nlp, threshold, &pruned, limit, total)
		}
		for c := 0; c <= rest; c++ {
			n[k] = c
			if err := visit(k+1, rest-c, lp+nlp[k][c]-lg[c]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(0, m, 0); err != nil {
		return nil, err
	}
	e.Kept = int64(len(e.logP))
	if pruned > 0 {
		e.PrunedMassBound = pruned * math.Exp(-PruneLogMass)
	}
	e.sortAndGroup()
	return e, nil
}

// visitInterval enumerates the last two coordinates when pruning: as a
// function of n[k] (with n[k+1] = rest − n[k]) log p is concave (−log-gamma is
// concave), so the kept values form an interval around the maximiser, found
// by walking from the continuous optimum. Types outside are counted as pruned.
func (e *Enumeration) visitInterval(n []int, k, rest int, lp float64, lg []float64, nlp [][]float64, threshold float64, pruned *float64, limit int64, total float64) error {
	md := e.model
	m := e.M
	f := func(c int) float64 {
		return lg[m] + lp + nlp[k][c] - lg[c] + nlp[k+1][rest-c] - lg[rest-c]
	}
	// Continuous optimum c ≈ rest·p_k/(p_k+p_{k+1}); climb to the integer max.
	c0 := int(math.Round(float64(rest) * md.p[k] / (md.p[k] + md.p[k+1])))
	c0 = min(max(c0, 0), rest)
	for c0 < rest && f(c0+1) > f(c0) {
		c0++
	}
	for c0 > 0 && f(c0-1) > f(c0) {
		c0--
	}
	lo, hi := c0, c0-1
	if f(c0) >= threshold {
		hi = c0
		for lo > 0 && f(lo-1) >= threshold {
			lo--
		}
		for hi < rest && f(hi+1) >= threshold {
			hi++
		}
	}
	*pruned += float64(rest+1) - float64(hi-lo+1)
	for c := lo; c <= hi; c++ {
		if int64(len(e.logP)) >= limit {
			return &TooManyTypesError{M: m, Types: total, Limit: limit, Pruning: true}
		}
		n[k], n[k+1] = c, rest-c
		var r xmath.Accumulator
		for j, cnt := range n {
			e.counts = append(e.counts, uint16(cnt))
			if cnt > 0 {
				r.Add(float64(cnt) * md.logq[j])
			}
		}
		e.logP = append(e.logP, f(c))
		e.reward = append(e.reward, r.Value())
	}
	return nil
}

// sortAndGroup orders types by decreasing reward and groups exact ties.
func (e *Enumeration) sortAndGroup() {
	T := len(e.logP)
	s := e.s
	order := xmath.OrderDesc(e.reward)
	counts := make([]uint16, len(e.counts))
	logP := make([]float64, T)
	reward := make([]float64, T)
	for i, o := range order {
		copy(counts[i*s:(i+1)*s], e.counts[int(o)*s:(int(o)+1)*s])
		logP[i] = e.logP[o]
		reward[i] = e.reward[o]
	}
	e.counts, e.logP, e.reward = counts, logP, reward
	order = nil
	rb := e.model.basis
	B := len(rb.logb)
	maxAbs := 0.0
	for _, l := range e.model.logq {
		maxAbs = math.Max(maxAbs, math.Abs(l))
	}
	tau := 64 * xmath.Eps * float64(e.M) * maxAbs
	sa, sb := make([]int64, B), make([]int64, B)
	// Scan runs of rewards within tau; inside a run, group by signature in
	// exact order.
	for start := 0; start < T; {
		end := start + 1
		for end < T && e.reward[end-1]-e.reward[end] <= tau {
			end++
		}
		if end-start == 1 {
			e.addLevel(start, end)
			start = end
			continue
		}
		// Is the whole run one signature?
		rb.signature(sa, e.counts[start*s:(start+1)*s])
		same := true
		for t := start + 1; t < end && same; t++ {
			rb.signature(sb, e.counts[t*s:(t+1)*s])
			same = equalSig(sa, sb)
		}
		if same {
			e.addLevel(start, end)
			start = end
			continue
		}
		bounds, rewards := e.exactOrderRun(start, end)
		a := start
		for i, b := range bounds {
			e.addLevelReward(a, b, rewards[i])
			a = b
		}
		start = end
	}
}

func equalSig(a, b []int64) bool {
	for j := range a {
		if a[j] != b[j] {
			return false
		}
	}
	return true
}

// exactOrderRun orders types [start, end) — a run of float64 rewards equal to
// within rounding — by exact decreasing reward: types are grouped by
// signature, distinct signatures are sorted by high-precision keys (exact
// big-integer comparison when even those agree), and the run is permuted
// stably into that order. It returns the level boundaries inside the run and
// each level's reward (the key rounded to float64).
func (e *Enumeration) exactOrderRun(start, end int) (bounds []int, rewards []float64) {
	s := e.s
	rb := e.model.basis
	B := len(rb.logb)
	type group struct {
		sig     []int64
		key     ddKey
		members []int
	}
	byKey := map[string]*group{}
	var groups []*group
	sig := make([]int64, B)
	buf := make([]byte, 8*B)
	for t := start; t < end; t++ {
		rb.signature(sig, e.counts[t*s:(t+1)*s])
		for j, x := range sig {
			binary.LittleEndian.PutUint64(buf[8*j:], uint64(x))
		}
		g := byKey[string(buf)]
		if g == nil {
			g = &group{sig: slices.Clone(sig), key: ddOf(rb.rewardKey(sig))}
			byKey[string(buf)] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, t)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		return -rb.compareKeys(a.sig, b.sig, a.key, b.key)
	})
	counts := make([]uint16, (end-start)*s)
	logP := make([]float64, end-start)
	reward := make([]float64, end-start)
	i := 0
	for _, g := range groups {
		for _, t := range g.members {
			copy(counts[i*s:(i+1)*s], e.counts[t*s:(t+1)*s])
			logP[i], reward[i] = e.logP[t], e.reward[t]
			i++
		}
		bounds = append(bounds, start+i)
		rewards = append(rewards, g.key.hi)
	}
	copy(e.counts[start*s:end*s], counts)
	copy(e.logP[start:end], logP)
	copy(e.reward[start:end], reward)
	return bounds, rewards
}

// addLevel appends the level of types [a, b) with the reward of its first type.
func (e *Enumeration) addLevel(a, b int) { e.addLevelReward(a, b, e.reward[a]) }

// addLevelReward appends the level of types [a, b) with reward r.
func (e *Enumeration) addLevelReward(a, b int, r float64) {
	lm := math.Inf(-1)
	if b-a == 1 {
		lm = e.logP[a]
	} else {
		lm = xmath.LogSumExp(e.logP[a:b])
	}
	e.Levels.LogMass = append(e.Levels.LogMass, lm)
	if n := len(e.Levels.Reward); n > 0 && r >= e.Levels.Reward[n-1] {
		// Exactly ordered levels whose float rewards are not strictly
		// decreasing: nudge to keep the order strict for consumers.
		r = math.Nextafter(e.Levels.Reward[n-1], math.Inf(-1))
	}
	e.Levels.Reward = append(e.Levels.Reward, r)
	e.end = append(e.end, int32(b))
}

// Types returns the number of types enumerated.
func (e *Enumeration) Types() int { return len(e.logP) }

// Type returns the counts of the t-th type in level order (over the support).
func (e *Enumeration) Type(t int) []uint16 { return e.counts[t*e.s : (t+1)*e.s] }
