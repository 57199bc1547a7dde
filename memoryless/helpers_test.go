package memoryless_test

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Independent references for the tests of this package. None of them calls
// the package's computations; they start from the definitions:
//
//   - bruteForceBoN: Definition 3 literally — every N-tuple of candidate
//     sequences, exact big.Rat probabilities, the maximum of Π q(y_i) chosen
//     with uniform tie breaking among the tied candidates.
//   - typeOracle: π_N^m over types in float64 from the level formula
//     π(level) = F⁺^N − F⁻^N (Beirami et al. 2024; validated against
//     bruteForceBoN at small sizes), with levels ordered and grouped by the
//     exact rationals Π q_k^{n_k} and type probabilities from log-gamma.
//   - tiltTo: φ_δ = T(q, p, α(δ)) by bisection on α of KL(T_α‖p) = δ.

// Example 1 of the paper.
var (
	ex1P = []string{"1/5", "3/10", "1/2"}
	ex1Q = []string{"2/3", "1/9", "2/9"}
)

func ratFloats(rs []*big.Rat) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i], _ = r.Float64()
	}
	return out
}

// ratLog returns log r (r > 0) to ~1 ulp for any magnitude.
func ratLog(r *big.Rat) float64 {
	f := new(big.Float).SetPrec(200).SetRat(r)
	mant := new(big.Float)
	e := f.MantExp(mant)
	m, _ := mant.Float64()
	return math.Log(m) + float64(e)*math.Ln2
}

func ratLogs(rs []*big.Rat) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = ratLog(r)
	}
	return out
}

// fataler is what ratModel needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// ratModel returns the model with exact rational p and q.
func ratModel(t fataler, p, q []*big.Rat) *memoryless.Model {
	t.Helper()
	md, err := memoryless.NewModel(memoryless.Spec{
		P: ratFloats(p), LogQ: ratLogs(q), Q: ratFloats(q), PExact: p, QExact: q,
	})
	if err != nil {
		t.Fatalf("NewModel: %v", err)
	}
	return md
}

func ratPowInt(x *big.Rat, n int) *big.Rat {
	num := new(big.Int).Exp(x.Num(), big.NewInt(int64(n)), nil)
	den := new(big.Int).Exp(x.Denom(), big.NewInt(int64(n)), nil)
	return new(big.Rat).SetFrac(num, den)
}

func seqKey(y []int) string { return fmt.Sprint(y) }

// bruteForceBoN returns the exact pmf of best-of-N over sequences of length
// m by Definition 3: all N-tuples of sequences over the symbols with p > 0
// (K_S^{m·N} tuples), tuple probability Π p^m(y_i), the candidates of maximal
// reward Π_j q(y_j) (exact rationals) share the tuple's probability equally.
func bruteForceBoN(p, q []*big.Rat, m, n int) map[string]*big.Rat {
	var sup []int
	for k, pk := range p {
		if pk.Sign() > 0 {
			sup = append(sup, k)
		}
	}
	type sq struct {
		y    []int
		prob *big.Rat
		rew  *big.Rat
		rank int
	}
	var seqs []*sq
	idx := make([]int, m)
	for {
		y := make([]int, m)
		prob, rew := big.NewRat(1, 1), big.NewRat(1, 1)
		for i, j := range idx {
			y[i] = sup[j]
			prob.Mul(prob, p[y[i]])
			rew.Mul(rew, q[y[i]])
		}
		seqs = append(seqs, &sq{y: y, prob: prob, rew: rew})
		i := m - 1
		for i >= 0 && idx[i] == len(sup)-1 {
			idx[i] = 0
			i--
		}
		if i < 0 {
			break
		}
		idx[i]++
	}
	// Rank the exact rewards (0 = best); equal rationals share a rank.
	sorted := slices.Clone(seqs)
	slices.SortFunc(sorted, func(a, b *sq) int { return -a.rew.Cmp(b.rew) })
	rank := 0
	for i, s := range sorted {
		if i > 0 && s.rew.Cmp(sorted[i-1].rew) != 0 {
			rank++
		}
		s.rank = rank
	}
	pmf := map[string]*big.Rat{}
	for _, s := range seqs {
		pmf[seqKey(s.y)] = new(big.Rat)
	}
	tuple := make([]int, n)
	share := new(big.Rat)
	for {
		prob := big.NewRat(1, 1)
		best, ties := math.MaxInt, 0
		for _, t := range tuple {
			s := seqs[t]
			prob.Mul(prob, s.prob)
			switch {
			case s.rank < best:
				best, ties = s.rank, 1
			case s.rank == best:
				ties++
			}
		}
		share.Quo(prob, big.NewRat(int64(ties), 1))
		for _, t := range tuple {
			if s := seqs[t]; s.rank == best {
				k := seqKey(s.y)
				pmf[k].Add(pmf[k], share)
			}
		}
		i := n - 1
		for i >= 0 && tuple[i] == len(seqs)-1 {
			tuple[i] = 0
			i--
		}
		if i < 0 {
			break
		}
		tuple[i]++
	}
	return pmf
}

// oracleType is one type of the oracle.
type oracleType struct {
	n      []int
	logP   float64  // log p^m(type class)
	key    *big.Rat // Π q_k^{n_k}, the exact reward exp(R)
	reward float64  // R = Σ n_k log q_k
	level  int
}

// typeOracle is best-of-N over types, computed independently of the package.
type typeOracle struct {
	m          int
	p, logq    []float64
	types      []oracleType // by decreasing exact reward
	levelLM    []float64    // log P_p(level)
	levelX     []float64    // log π(level)/P_p(level)
	levelPi    []float64    // π(level)
	levelRew   []float64
	levelAbove []float64 // P_p(reward strictly above the level)
}

// newTypeOracle builds the oracle for p (float), exact q, length m and N
// candidates given as log N (N = exp(logN), real).
func newTypeOracle(p []float64, q []*big.Rat, m int, logN float64) *typeOracle {
	o := &typeOracle{m: m, p: p, logq: ratLogs(q)}
	naive.Compositions(m, len(p), func(n []int) {
		lp := naive.LogMultinomial(n, p)
		if math.IsInf(lp, -1) {
			return
		}
		key := big.NewRat(1, 1)
		var r float64
		for k, c := range n {
			if c > 0 {
				key.Mul(key, ratPowInt(q[k], c))
				r += float64(c) * o.logq[k]
			}
		}
		o.types = append(o.types, oracleType{n: slices.Clone(n), logP: lp, key: key, reward: r})
	})
	slices.SortStableFunc(o.types, func(a, b oracleType) int { return -a.key.Cmp(b.key) })
	var groups [][]float64
	for i := range o.types {
		if i == 0 || o.types[i].key.Cmp(o.types[i-1].key) != 0 {
			groups = append(groups, nil)
			o.levelRew = append(o.levelRew, o.types[i].reward)
		}
		o.types[i].level = len(groups) - 1
		groups[len(groups)-1] = append(groups[len(groups)-1], o.types[i].logP)
	}
	L := len(groups)
	o.levelLM = make([]float64, L)
	mass := make([]float64, L)
	for j, g := range groups {
		o.levelLM[j] = naive.LogSumExp(g)
		mass[j] = math.Exp(o.levelLM[j])
	}
	// Lower tails B_j = Σ_{i>j} P_i from the bottom, upper tails A_j from the top.
	below := make([]float64, L+1)
	for j := L - 1; j >= 0; j-- {
		below[j] = below[j+1] + mass[j]
	}
	N := math.Exp(logN)
	o.levelX = make([]float64, L)
	o.levelPi = make([]float64, L)
	o.levelAbove = make([]float64, L)
	above := 0.0
	for j := 0; j < L; j++ {
		o.levelAbove[j] = above
		// F⁺ = 1 − A (A the mass above) or the lower tail B_{j−1}, whichever
		// is accurate; log(F⁻/F⁺) = log1p(−P/F⁺) without cancellation.
		var logFp, fp float64
		if above < 0.5 {
			fp = 1 - above
			logFp = math.Log1p(-above)
		} else {
			fp = below[j]
			logFp = math.Log(fp)
		}
		logRatio := math.Log1p(-mass[j] / fp)
		// π = F⁺^N − F⁻^N = F⁺^N·(1 − (F⁻/F⁺)^N)
		pi := math.Exp(N*logFp) * -math.Expm1(N*logRatio)
		if j == L-1 {
			pi = math.Exp(N * logFp)
		}
		o.levelPi[j] = pi
		o.levelX[j] = math.Log(pi) - o.levelLM[j]
		above += mass[j]
	}
	return o
}

// pi returns π_N^m(type class) of type i.
func (o *typeOracle) pi(i int) float64 {
	t := o.types[i]
	return math.Exp(t.logP + o.levelX[t.level])
}

// klP returns KL(π_N^m‖p^m) = Σ_levels π·x.
func (o *typeOracle) klP() float64 {
	var s float64
	for j, pi := range o.levelPi {
		if pi > 0 {
			s += pi * o.levelX[j]
		}
	}
	return s
}

// crossEntropy returns H(π_N^m‖q^m) = −E_π[R].
func (o *typeOracle) crossEntropy() float64 {
	var s float64
	for j, pi := range o.levelPi {
		s -= pi * o.levelRew[j]
	}
	return s
}

// meanType returns E_π[t(Y^m)] over the alphabet.
func (o *typeOracle) meanType() []float64 {
	out := make([]float64, len(o.p))
	for i, t := range o.types {
		w := o.pi(i)
		for k, c := range t.n {
			out[k] += w * float64(c) / float64(o.m)
		}
	}
	return out
}

// klPhi returns KL(π_N^m‖φ^m) computed type by type: within a type class both
// π and the product φ^m are uniform, so the class contributes
// π(n)·[x_level + Σ_k n_k log(p_k/φ_k)].
func (o *typeOracle) klPhi(phi []float64) float64 {
	var s float64
	for i, t := range o.types {
		w := o.pi(i)
		if w == 0 {
			continue
		}
		l := o.levelX[t.level]
		for k, c := range t.n {
			if c > 0 {
				l += float64(c) * math.Log(o.p[k]/phi[k])
			}
		}
		s += w * l
	}
	return s
}

// probWithin returns P_π(max_k |t_k − φ_k| ≤ eps). The window is closed:
// types exactly at distance eps (frequent at δ = 0, where φ = p is rational)
// count, which in float64 needs a slack of a few ulps (1e-12 here; types
// within 1e-12 of the boundary without being on it do not occur in the
// cases tested).
func (o *typeOracle) probWithin(phi []float64, eps float64) float64 {
	var s float64
	for i, t := range o.types {
		ok := true
		for k, c := range t.n {
			if math.Abs(float64(c)/float64(o.m)-phi[k]) > eps+1e-12 {
				ok = false
			}
		}
		if ok {
			s += o.pi(i)
		}
	}
	return s
}

func maxAbsDiff(a, b []float64) float64 {
	var d float64
	for k := range a {
		d = math.Max(d, math.Abs(a[k]-b[k]))
	}
	return d
}
