package memoryless_test

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// TestTable2 reproduces Table 2 of the paper digit for digit: p = (1/5, 3/10,
// 1/2), q = (2/3, 1/9, 2/9) (rewards log 6, 0, log 2 up to a constant, as in
// Example 2), m = 2, N = 2. Truth: the table and the text of Example 2
// (P(y₁ = 0) = 209/625), and independently the brute-force best-of-N.
func TestTable2(t *testing.T) {
	p, q := naive.Rats(ex1P...), naive.Rats(ex1Q...)
	md := ratModel(t, p, q)
	ex, err := md.Exact(2, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	// Table 2: rows y₂, columns y₁.
	table := map[[2]int]string{
		{0, 0}: "49/625", {1, 0}: "21/250", {2, 0}: "43/250",
		{0, 1}: "21/250", {1, 1}: "81/10000", {2, 1}: "9/125",
		{0, 2}: "43/250", {1, 2}: "9/125", {2, 2}: "103/400",
	}
	if len(ex.Sequences) != 9 {
		t.Fatalf("%d sequences, want 9", len(ex.Sequences))
	}
	brute := bruteForceBoN(p, q, 2, 2)
	for _, s := range ex.Sequences {
		want := table[[2]int{s.Y[0], s.Y[1]}]
		if got := s.Prob.RatString(); got != want {
			t.Errorf("π(y₁=%d, y₂=%d) = %s, Table 2 says %s", s.Y[0], s.Y[1], got, want)
		}
		if b := brute[seqKey(s.Y)]; b.RatString() != want {
			t.Errorf("brute force π%v = %s, Table 2 says %s", s.Y, b.RatString(), want)
		}
	}
	if got := ex.MarginalFirst[0].RatString(); got != "209/625" {
		t.Errorf("P(y₁ = 0) = %s, Example 2 says 209/625", got)
	}
	// Example 2: π(0,0) = 49/625 ≠ P(y₁=0)·P(y₂=0) = (209/625)².
	prod := new(big.Rat).Mul(naive.Rat("209/625"), naive.Rat("209/625"))
	if naive.Rat("49/625").Cmp(prod) == 0 {
		t.Fatal("test arithmetic: 49/625 should differ from (209/625)²")
	}
	if ex.Product {
		t.Error("Exact reports the product form, but Example 2 shows π_N^m is not a product")
	}
	if !ex.Exchangeable {
		t.Error("Exact reports non-exchangeable; Lemma 5 says exchangeable")
	}
}

// bruteCase is a small (p, q, m, N) for the brute-force comparison.
type bruteCase struct {
	name string
	p, q []string
	m, n int
}

var bruteCases = []bruteCase{
	{"example1/m2n2", ex1P, ex1Q, 2, 2},
	{"example1/m2n3", ex1P, ex1Q, 2, 3},
	{"example1/m3n2", ex1P, ex1Q, 3, 2},
	{"example1/m3n3", ex1P, ex1Q, 3, 3},
	// q with a tie between symbols 1 and 2: equal rewards, uniform tie breaking.
	{"qtie/m2n3", ex1P, []string{"1/2", "1/4", "1/4"}, 2, 3},
	{"qtie/m3n2", ex1P, []string{"1/2", "1/4", "1/4"}, 3, 2},
	// q ∝ (4, 2, 1): (2/7)² = (4/7)(1/7), so types (0,2,0) and (1,0,1) tie
	// although no two symbols do; at m = 3 also (0,3,0) ~ (1,1,1), etc.
	{"q421/m2n2", ex1P, []string{"4/7", "2/7", "1/7"}, 2, 2},
	{"q421/m2n3", ex1P, []string{"4/7", "2/7", "1/7"}, 2, 3},
	{"q421/m3n3", []string{"1/3", "1/6", "1/2"}, []string{"4/7", "2/7", "1/7"}, 3, 3},
	// p with a zero: sequences only use symbols 1 and 2.
	{"pzero/m3n3", []string{"0", "2/5", "3/5"}, []string{"1/2", "1/3", "1/6"}, 3, 3},
	{"pzero-qtie/m3n2", []string{"1/4", "0", "1/4", "1/2"}, []string{"1/3", "1/6", "1/3", "1/6"}, 3, 2},
	// K = 2, longer sequences and more candidates.
	{"binary/m4n4", []string{"1/3", "2/3"}, []string{"1/4", "3/4"}, 4, 4},
	// K = 4 with p not in the order of q.
	{"k4/m2n2", []string{"1/10", "2/5", "3/10", "1/5"}, []string{"1/8", "1/2", "1/4", "1/8"}, 2, 2},
}

// TestExactMatchesBruteForce compares Exact (the level formula in big.Rat)
// with Definition 3 executed literally over every N-tuple of sequences:
// every sequence probability, the type probabilities and the exact mean type.
func TestExactMatchesBruteForce(t *testing.T) {
	for _, c := range bruteCases {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			md := ratModel(t, p, q)
			ex, err := md.Exact(c.m, int64(c.n), true)
			if err != nil {
				t.Fatal(err)
			}
			brute := bruteForceBoN(p, q, c.m, c.n)
			total := new(big.Rat)
			seen := map[string]bool{}
			for _, s := range ex.Sequences {
				k := seqKey(s.Y)
				seen[k] = true
				total.Add(total, s.Prob)
				if b := brute[k]; b == nil || b.Cmp(s.Prob) != 0 {
					t.Errorf("π%v = %s, brute force %v", s.Y, s.Prob.RatString(), b)
				}
			}
			for k, b := range brute {
				if !seen[k] && b.Sign() != 0 {
					t.Errorf("brute force gives π%s = %s but Exact does not list it", k, b.RatString())
				}
			}
			if total.Cmp(big.NewRat(1, 1)) != 0 {
				t.Errorf("Σ π = %s, want 1", total.RatString())
			}
			// Types: π(type class) and p^m(type class) from the brute force.
			typeOf := func(y []int) string {
				n := make([]int, len(p))
				for _, v := range y {
					n[v]++
				}
				return fmt.Sprint(n)
			}
			bruteType := map[string]*big.Rat{}
			for _, s := range ex.Sequences {
				k := typeOf(s.Y)
				if bruteType[k] == nil {
					bruteType[k] = new(big.Rat)
				}
				bruteType[k].Add(bruteType[k], brute[seqKey(s.Y)])
			}
			mean := make([]*big.Rat, len(p))
			for i := range mean {
				mean[i] = new(big.Rat)
			}
			for _, tp := range ex.Types {
				k := fmt.Sprint(tp.Counts)
				if b := bruteType[k]; b == nil || b.Cmp(tp.Pi) != 0 {
					t.Errorf("π(type %v) = %s, brute force %v", tp.Counts, tp.Pi.RatString(), b)
				}
				for i, cnt := range tp.Counts {
					mean[i].Add(mean[i], new(big.Rat).Mul(tp.Pi, big.NewRat(int64(cnt), int64(c.m))))
				}
			}
			for i := range mean {
				if mean[i].Cmp(ex.MeanType[i]) != 0 {
					t.Errorf("mean type[%d] = %s, from the types %s", i, ex.MeanType[i].RatString(), mean[i].RatString())
				}
			}
		})
	}
}

// TestExchangeableNotProduct checks Lemma 5 (π_N^m is invariant under every
// permutation of positions, not only the swap of the first two that Exact
// checks) and Example 2 (it is not the product of its marginals) on the
// brute-force pmf, and that Exact's flags agree.
func TestExchangeableNotProduct(t *testing.T) {
	for _, c := range bruteCases {
		if c.m < 2 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			brute := bruteForceBoN(p, q, c.m, c.n)
			ex, err := ratModel(t, p, q).Exact(c.m, int64(c.n), true)
			if err != nil {
				t.Fatal(err)
			}
			// Every permutation of positions: sorting y gives the orbit
			// representative; all members must carry the same probability.
			orbit := map[string]*big.Rat{}
			for k, pr := range brute {
				var y []int
				for _, f := range strings.Fields(strings.Trim(k, "[]")) {
					var v int
					fmt.Sscan(f, &v)
					y = append(y, v)
				}
				slices.Sort(y)
				rep := seqKey(y)
				if o, ok := orbit[rep]; ok && o.Cmp(pr) != 0 {
					t.Errorf("not exchangeable: π%s = %s but π%s = %s", k, pr.RatString(), rep, o.RatString())
				}
				orbit[rep] = pr
			}
			// Product form: π(y) = Π_i P(y_i) with the (common) marginal.
			marg := make([]*big.Rat, len(p))
			for i := range marg {
				marg[i] = new(big.Rat)
			}
			for _, s := range ex.Sequences {
				marg[s.Y[0]].Add(marg[s.Y[0]], brute[seqKey(s.Y)])
			}
			product := true
			for _, s := range ex.Sequences {
				prod := big.NewRat(1, 1)
				for _, v := range s.Y {
					prod.Mul(prod, marg[v])
				}
				if prod.Cmp(brute[seqKey(s.Y)]) != 0 {
					product = false
				}
			}
			if !ex.Exchangeable {
				t.Error("Exact.Exchangeable = false")
			}
			if ex.Product != product {
				t.Errorf("Exact.Product = %v, brute force says %v", ex.Product, product)
			}
			if c.n > 1 && product {
				// Best-of-N with N ≥ 2 and a non-constant reward is never a
				// product (Example 2's argument applies to every case here).
				t.Errorf("brute-force pmf is a product; expected Example 2's failure")
			}
		})
	}
}

// TestFloatEngineMatchesExact compares Enumerate + BestOfN (float64, log
// space) with Exact (big.Rat) on the brute-force cases and a few larger ones:
// KL rate, cross-entropy rate and mean type to 1e-12 relative, and every
// sequence probability from Enumeration.Sequences.
func TestFloatEngineMatchesExact(t *testing.T) {
	const rel = 1e-12
	cases := append(slices.Clone(bruteCases),
		bruteCase{"example1/m12n7", ex1P, ex1Q, 12, 7},
		bruteCase{"q421/m20n30", ex1P, []string{"4/7", "2/7", "1/7"}, 20, 30},
		bruteCase{"qtie/m15n100", ex1P, []string{"1/2", "1/4", "1/4"}, 15, 100},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			md := ratModel(t, p, q)
			seqs := math.Pow(float64(md.Support()), float64(c.m)) <= 5000
			ex, err := md.Exact(c.m, int64(c.n), seqs)
			if err != nil {
				t.Fatal(err)
			}
			en, err := md.Enumerate(c.m, memoryless.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cnt, _ := bon.NewCount(float64(c.n))
			res, err := en.BestOfN(cnt, 0)
			var dr *memoryless.DeltaRangeError
			if errors.As(err, &dr) && strings.HasPrefix(c.name, "neartie") {
				// q's entries agree to 1e-17: in float64 q looks constant, so
				// delta_max = 0 and φ_δ (needed by BestOfN) does not exist.
				// π_N^m itself needs only the levels: compare sequences below.
				res = nil
			} else if err != nil {
				t.Fatal(err)
			}
			if res != nil {
				checkResultVsExact(t, res, ex, rel)
			}
			if !seqs {
				return
			}
			list, marg, err := en.Sequences(en.Levels.LogRatios(cnt))
			if err != nil {
				t.Fatal(err)
			}
			exact := map[string]float64{}
			for _, s := range ex.Sequences {
				exact[seqKey(s.Y)], _ = s.Prob.Float64()
			}
			for _, s := range list {
				if want := exact[seqKey(s.Y)]; !naive.Near(s.Prob, want, rel, 0) {
					t.Errorf("π%v: float %.17g, exact %.17g", s.Y, s.Prob, want)
				}
			}
			for k, r := range ex.MarginalFirst {
				want, _ := r.Float64()
				if !naive.Near(marg[k], want, rel, 0) {
					t.Errorf("P(y₁=%d): float %.17g, exact %.17g", k, marg[k], want)
				}
			}
		})
	}
}

func checkResultVsExact(t *testing.T, res *memoryless.Result, ex *memoryless.ExactResult, rel float64) {
	t.Helper()
	{
		{
			if !naive.Near(res.KLBonPRate, ex.KLBonPRate, rel, 1e-16) {
				t.Errorf("kl_bon_p_rate: float %.17g, exact %.17g", res.KLBonPRate, ex.KLBonPRate)
			}
			if !naive.Near(res.CrossEntropyRateBon, ex.CrossEntropyRateBon, rel, 0) {
				t.Errorf("cross_entropy_rate_bon: float %.17g, exact %.17g", res.CrossEntropyRateBon, ex.CrossEntropyRateBon)
			}
			for k, r := range ex.MeanType {
				want, _ := r.Float64()
				if !naive.Near(res.MeanType[k], want, rel, 1e-300) {
					t.Errorf("mean_type[%d]: float %.17g, exact %.17g", k, res.MeanType[k], want)
				}
			}
		}
	}
}

// TestExactKLBound checks Lemma 6 on the exact pmfs: KL(π_N^m‖p^m) ≤
// log N − (N−1)/N ≤ log N, with KL evaluated from the brute-force pmf.
func TestExactKLBound(t *testing.T) {
	for _, c := range bruteCases {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			brute := bruteForceBoN(p, q, c.m, c.n)
			var kl float64
			for k, pr := range brute {
				if pr.Sign() == 0 {
					continue
				}
				var y []int
				for _, f := range strings.Fields(strings.Trim(k, "[]")) {
					var v int
					fmt.Sscan(f, &v)
					y = append(y, v)
				}
				pm := big.NewRat(1, 1)
				for _, v := range y {
					pm.Mul(pm, p[v])
				}
				w, _ := pr.Float64()
				kl += w * ratLog(new(big.Rat).Quo(pr, pm))
			}
			n := float64(c.n)
			bound := math.Log(n) - (n-1)/n
			if kl > bound+1e-15 {
				t.Errorf("KL(π‖p^m) = %.17g > log N − (N−1)/N = %.17g", kl, bound)
			}
		})
	}
}

// TestExactLimits: the exact mode refuses sizes beyond its documented limits
// and irrational input, with typed errors that name the limit.
func TestExactLimits(t *testing.T) {
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats(ex1Q...))
	for _, c := range []struct {
		m     int
		n     int64
		seqs  bool
		limit string
	}{
		{memoryless.ExactMaxM + 1, 2, false, fmt.Sprint(memoryless.ExactMaxM)},
		{0, 2, false, fmt.Sprint(memoryless.ExactMaxM)},
		{10, memoryless.ExactMaxN + 1, false, fmt.Sprint(memoryless.ExactMaxN)},
		{199, 2, false, fmt.Sprint(memoryless.ExactMaxTypes)}, // C(201, 2) = 20100 types
		{12, 2, true, fmt.Sprint(memoryless.ExactMaxSequences)},
	} {
		_, err := md.Exact(c.m, c.n, c.seqs)
		var le *memoryless.ExactLimitError
		if !errors.As(err, &le) {
			t.Errorf("Exact(m=%d, N=%d): err = %v, want *ExactLimitError", c.m, c.n, err)
			continue
		}
		if !strings.Contains(err.Error(), c.limit) {
			t.Errorf("Exact(m=%d, N=%d): %q does not state the limit %s", c.m, c.n, err, c.limit)
		}
	}
	// A model without exact rationals.
	fl, err := memoryless.NewModel(memoryless.Spec{P: []float64{0.2, 0.3, 0.5}, LogQ: []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fl.Exact(2, 2, false); err != memoryless.ErrNotRational {
		t.Errorf("Exact without rationals: err = %v, want ErrNotRational", err)
	}
}
