package montecarlo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Statistical tolerances. Every Monte Carlo test uses a fixed seed, so it is
// deterministic; the levels say how unlikely a failure would be for a
// correct sampler with another seed.
//   - zMax = 4: a two-sided z-test at level 6.3e-5 per statistic; the
//     agreement test makes 4 statistics × 6 cases = 24 comparisons, a
//     family-wise false-alarm probability below 1.6e-3.
//   - chi-square tests reject at α = 0.001 against χ²_{0.999}(df).
const zMax = 4

// TestSampleMatchesExact: the Monte Carlo mean reward rate and mean type
// agree with the exact type computation (package memoryless, itself checked
// against Definition 3 by brute force) within zMax standard errors.
func TestSampleMatchesExact(t *testing.T) {
	cases := []struct {
		name  string
		p, q  []string
		m     int
		n     int64
		draws int
	}{
		{"example1/m10/N5", ex1P, ex1Q, 10, 5, 4000},
		{"example1/m50/N100", ex1P, ex1Q, 50, 100, 3000},
		{"example1/m100/N=e^10", ex1P, ex1Q, 100, 22026, 1000},
		{"q421/m20/N30", ex1P, []string{"4/7", "2/7", "1/7"}, 20, 30, 3000},
		{"qtie/m30/N50", ex1P, []string{"1/2", "1/4", "1/4"}, 30, 50, 3000},
		{"pzero/m40/N200", []string{"0", "2/5", "3/5"}, []string{"1/2", "1/3", "1/6"}, 40, 200, 3000},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := ratModel(t, c.p, c.q)
			en, err := md.Enumerate(c.m, memoryless.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cnt, _ := bon.NewCount(float64(c.n))
			ex, err := en.BestOfN(cnt, 0)
			if err != nil {
				t.Fatal(err)
			}
			mc, err := Sample(md, Options{M: c.m, N: c.n, Draws: c.draws, Seed: uint64(1000 + i)})
			if err != nil {
				t.Fatal(err)
			}
			z := (mc.MeanRewardRate - -ex.CrossEntropyRateBon) / mc.StderrRewardRate
			t.Logf("reward rate: mc %.6f ± %.2g, exact %.6f, z = %+.2f", mc.MeanRewardRate, mc.StderrRewardRate, -ex.CrossEntropyRateBon, z)
			if math.Abs(z) > zMax || math.IsNaN(z) {
				t.Errorf("mean reward rate %.6g ± %.2g vs exact %.6g: |z| = %.2f > %d", mc.MeanRewardRate, mc.StderrRewardRate, -ex.CrossEntropyRateBon, math.Abs(z), zMax)
			}
			for k := range ex.MeanType {
				if mc.StderrType[k] == 0 {
					// A symbol outside the support of p: both must be exactly 0.
					if mc.MeanType[k] != 0 || ex.MeanType[k] != 0 {
						t.Errorf("mean type[%d]: mc %v exact %v with zero stderr", k, mc.MeanType[k], ex.MeanType[k])
					}
					continue
				}
				z := (mc.MeanType[k] - ex.MeanType[k]) / mc.StderrType[k]
				if math.Abs(z) > zMax {
					t.Errorf("mean type[%d] %.6g ± %.2g vs exact %.6g: |z| = %.2f > %d", k, mc.MeanType[k], mc.StderrType[k], ex.MeanType[k], math.Abs(z), zMax)
				}
			}
		})
	}
}

// bestTypes draws `draws` best-of-N types with the package's stream layout
// (draw d uses PCG(seed, d)).
func bestTypes(md *memoryless.Model, m int, n int64, draws int, seed uint64) map[[4]uint16]int {
	sp := newSampler(md, m)
	counts := map[[4]uint16]int{}
	for d := 0; d < draws; d++ {
		r := rand.New(rand.NewPCG(seed, uint64(d)))
		counts[typeKey(sp.bestOf(r, n))]++
	}
	return counts
}

// TestChiSquareBestTypes: the drawn best-of-N types follow the exact π_N^m
// over types (memoryless.Exact, big.Rat) — Pearson's χ² at α = 0.001 — for
// Example 1, for q with exact ties across types, and for q with near ties
// that float sums of logs order wrongly (q's entries agree to 1e-17).
func TestChiSquareBestTypes(t *testing.T) {
	const draws = 20000
	cases := []struct {
		name string
		p, q []string
		m    int
		n    int64
	}{
		{"example1/m4/N3", ex1P, ex1Q, 4, 3},
		{"q421/m3/N4", ex1P, []string{"4/7", "2/7", "1/7"}, 3, 4},
		{"qtie/m4/N2", []string{"1/3", "1/3", "1/3"}, []string{"1/2", "1/4", "1/4"}, 4, 2},
		{"neartie/m2/N2", ex1P, []string{"100000000000000000/300000000000000003", "1/3", "100000000000000002/300000000000000003"}, 2, 2},
		{"neartie/m3/N3", ex1P, []string{"100000000000000000/300000000000000003", "1/3", "100000000000000002/300000000000000003"}, 3, 3},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := ratModel(t, c.p, c.q)
			ex, err := md.Exact(c.m, c.n, false)
			if err != nil {
				t.Fatal(err)
			}
			obs := bestTypes(md, c.m, c.n, draws, uint64(77+i))
			var observed []int
			var expected []float64
			seen := 0
			for _, tp := range ex.Types {
				k := intKey(tp.Counts)
				f, _ := tp.Pi.Float64()
				observed = append(observed, obs[k])
				expected = append(expected, f)
				seen += obs[k]
			}
			if seen != draws {
				t.Fatalf("%d of %d draws have a type Exact does not list", draws-seen, draws)
			}
			stat, df := chiSquare(observed, expected, draws)
			crit := chiCritical(df)
			t.Logf("χ² = %.2f, df = %d, critical(α=0.001) = %.3f", stat, df, crit)
			if stat > crit {
				t.Errorf("χ² = %.2f > %.3f (df %d): drawn types do not follow π_N^m", stat, crit, df)
			}
		})
	}
}

// TestMultinomialDraws: one candidate's type (binomial chain over alias
// tables) and the token-by-token baseline both follow Mult(m, p) exactly
// computed in big.Rat (χ², α = 0.001).
func TestMultinomialDraws(t *testing.T) {
	const draws = 100000
	for _, c := range []struct {
		name string
		p    []string
		m    int
	}{
		{"example1/m5", ex1P, 5},
		{"k4/m6", []string{"1/10", "2/5", "3/10", "1/5"}, 6},
		{"skewed/m40", []string{"1/100", "1/2", "49/100"}, 40},
	} {
		pr := naive.Rats(c.p...)
		types, pmf := multinomialPMF(c.m, pr)
		q := make([]string, len(c.p))
		for i := range q {
			q[i] = fmt.Sprintf("1/%d", len(q))
		}
		md := ratModel(t, c.p, q)
		sp := newSampler(md, c.m)
		w := make([]float64, len(pr))
		for i := range pr {
			w[i], _ = pr[i].Float64()
		}
		tokens := newAlias(0, w)
		for _, way := range []string{"types", "tokens"} {
			t.Run(c.name+"/"+way, func(t *testing.T) {
				r := rand.New(rand.NewPCG(5, 6))
				counts := map[[4]uint16]int{}
				dst := make([]uint16, len(pr))
				for d := 0; d < draws; d++ {
					if way == "types" {
						sp.drawType(r)
						counts[typeKey(sp.cur)]++
					} else {
						tokenwiseType(r, tokens, c.m, dst)
						counts[typeKey(dst)]++
					}
				}
				observed := make([]int, len(types))
				for i, n := range types {
					observed[i] = counts[intKey(n)]
				}
				stat, df := chiSquare(observed, pmf, draws)
				crit := chiCritical(df)
				t.Logf("χ² = %.2f, df = %d, critical = %.3f", stat, df, crit)
				if stat > crit {
					t.Errorf("χ² = %.2f > %.3f (df %d)", stat, crit, df)
				}
			})
		}
	}
}

// TestDeterministicAcrossWorkers: the same seed gives bit-identical results
// with 1, 2 and 7 workers (draw d always uses stream (seed, d)).
func TestDeterministicAcrossWorkers(t *testing.T) {
	md := ratModel(t, ex1P, []string{"4/7", "2/7", "1/7"}) // ties exercise the reservoir draws
	var ref *Result
	for _, w := range []int{1, 2, 7} {
		res, err := Sample(md, Options{M: 30, N: 40, Draws: 301, Seed: 99, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = res
			continue
		}
		if !reflect.DeepEqual(res, ref) {
			t.Errorf("workers=%d: %+v differs from workers=1: %+v", w, res, ref)
		}
	}
	other, _ := Sample(md, Options{M: 30, N: 40, Draws: 301, Seed: 100, Workers: 2})
	if reflect.DeepEqual(other, ref) {
		t.Error("seeds 99 and 100 gave identical results")
	}
}

// TestSampleBadInput: invalid options are errors, not panics.
func TestSampleBadInput(t *testing.T) {
	md := ratModel(t, ex1P, ex1Q)
	for _, o := range []Options{
		{M: 0, N: 1, Draws: 1},
		{M: 10, N: 0, Draws: 1},
		{M: 10, N: MaxN + 1, Draws: 1},
		{M: 10, N: 1, Draws: 0},
		{M: memoryless.MaxM + 1, N: 1, Draws: 1},
	} {
		if _, err := Sample(md, o); err == nil {
			t.Errorf("Sample(%+v) accepted", o)
		}
	}
	// Draws = 1: standard errors are 0, not NaN.
	res, err := Sample(md, Options{M: 5, N: 2, Draws: 1, Seed: 1})
	if err != nil || math.IsNaN(res.StderrRewardRate) {
		t.Errorf("one draw: %v, %+v", err, res)
	}
}
