package frontier

import (
	"math"
	"reflect"
	"testing"
)

func syntheticPrompts(t *testing.T, s Synthetic) []Prompt {
	t.Helper()
	p, err := s.Draw()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sameFloat compares with NaN == NaN.
func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// TestEstimateDeterministic: the result is bit-identical whatever the
// number of workers (blocks and bootstrap streams are fixed by work item).
func TestEstimateDeterministic(t *testing.T) {
	prompts := syntheticPrompts(t, Synthetic{K: 300, Prompts: 2500, Samples: 8, Seed: 11})
	var ref *Result
	for _, w := range []int{1, 2, 7} {
		res, err := Estimate(prompts, Options{Bootstrap: 50, Seed: 5, Workers: w, CurveN: []float64{1, 3, 8}})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = res
			continue
		}
		if !reflect.DeepEqual(stripNaN(ref), stripNaN(res)) {
			t.Errorf("workers = %d gives a different result:\n%+v\nvs\n%+v", w, res.Rows, ref.Rows)
		}
	}
}

// stripNaN replaces NaNs (which DeepEqual never matches) by a sentinel.
func stripNaN(r *Result) Result {
	c := *r
	c.Rows = append([]Row(nil), r.Rows...)
	fix := func(v *Interval) {
		for _, x := range []*float64{&v.Value, &v.Lo, &v.Hi} {
			if math.IsNaN(*x) {
				*x = -12345
			}
		}
	}
	for i := range c.Rows {
		fix(&c.Rows[i].Efficiency)
		fix(&c.Rows[i].RewardUnbiased)
	}
	return c
}

// TestEstimateGolden pins the numbers a seed produces. These are golden
// values of the bootstrap stream (rand.NewPCG(seed, b)) and of the
// synthetic generator: do not edit them casually; a change means results
// published with tiltkit can no longer be reproduced from their seed.
func TestEstimateGolden(t *testing.T) {
	prompts := syntheticPrompts(t, Synthetic{K: 1000, Prompts: 200, Samples: 16, Seed: 1})
	res, err := Estimate(prompts, Options{N: []float64{1, 4, 16}, Bootstrap: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	golden := []struct {
		name      string
		got, want float64
	}{
		{"base", res.Base.Value, goldenBase},
		{"base lo", res.Base.Lo, goldenBaseLo},
		{"N=4 reward_bon", res.Rows[1].RewardBon.Value, goldenRB4},
		{"N=4 reward_bon lo", res.Rows[1].RewardBon.Lo, goldenRB4Lo},
		{"N=4 reward_bon hi", res.Rows[1].RewardBon.Hi, goldenRB4Hi},
		{"N=16 unbiased", res.Rows[2].RewardUnbiased.Value, goldenU16},
		{"N=16 efficiency", res.Rows[2].Efficiency.Value, goldenEff16},
	}
	for _, g := range golden {
		if math.Abs(g.got-g.want) > tol*math.Abs(g.want) {
			t.Errorf("%s = %.17g, golden %.17g", g.name, g.got, g.want)
		}
	}
}

// Golden values for TestEstimateGolden (see there).
const (
	goldenBase   = -7.4455493405743196
	goldenBaseLo = -7.4907143503163152
	goldenRB4    = -6.3946738469962181
	goldenRB4Lo  = -6.4359976911642134
	goldenRB4Hi  = -6.3537781744946997
	goldenU16    = -5.7579206468274808
	goldenEff16  = 0.9864990690773725
)

// TestEstimateRows checks the row semantics: N = 1 has KL 0 and a null
// efficiency; the unbiased mean is NaN when some prompt has n < N; the
// intervals bracket the values on this well-behaved data; efficiency ≤ 1.
func TestEstimateRows(t *testing.T) {
	prompts := syntheticPrompts(t, Synthetic{K: 1000, Prompts: 300, Samples: 8, Seed: 2})
	prompts = append(prompts, Prompt{Key: "short", Rewards: []float64{-7, -6, -5}})
	res, err := Estimate(prompts, Options{N: []float64{1, 2, 4, 8}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Prompts != 301 || res.Samples != 2403 || res.SamplesMin != 3 || res.SamplesMax != 8 || res.Bootstrap != DefaultBootstrap {
		t.Errorf("counts: %+v", res)
	}
	r1 := res.Rows[0]
	if r1.KLBon.Value != 0 || !math.IsNaN(r1.Efficiency.Value) || r1.RewardBon.Value != res.Base.Value {
		t.Errorf("N = 1 row: %+v", r1)
	}
	for _, r := range res.Rows {
		wantUnbiased := r.N <= 3
		if !math.IsNaN(r.RewardUnbiased.Value) != wantUnbiased || (r.N == 8 && r.UnbiasedPrompts != 300) {
			t.Errorf("N = %v: unbiased %v over %d prompts", r.N, r.RewardUnbiased.Value, r.UnbiasedPrompts)
		}
		if r.N > 1 {
			for _, v := range []Interval{r.KLBon, r.RewardBon, r.RewardTilt, r.Efficiency} {
				if !(v.Lo <= v.Value && v.Value <= v.Hi) {
					t.Errorf("N = %v: interval %+v does not bracket its value", r.N, v)
				}
			}
			if r.Efficiency.Value > 1 || r.Efficiency.Hi > 1 {
				t.Errorf("N = %v: efficiency %+v above 1", r.N, r.Efficiency)
			}
		}
	}
	if _, err := Estimate(prompts, Options{N: []float64{2, 1}}); err == nil {
		t.Error("decreasing grid accepted")
	}
	if _, err := Estimate(prompts, Options{Bootstrap: 1}); err == nil {
		t.Error("one bootstrap resample accepted")
	}
}

// TestBootstrapCoverage: over 40 independent synthetic data sets (50
// prompts × 16 samples each), the 95% bootstrap interval of the unbiased
// best-of-4 reward must cover the exact value bon gives on (p, q) at least
// 33 times: under 95% coverage the count is Binomial(40, 0.95), and
// P(count ≤ 32) ≈ 0.001, while a broken interval (for example one built
// from the biased plug-in values at N = 16) covers far less often.
func TestBootstrapCoverage(t *testing.T) {
	const sets = 40
	base := Synthetic{K: 1000, Prompts: 50, Samples: 16}
	_, truth, err := base.Truth([]float64{4})
	if err != nil {
		t.Fatal(err)
	}
	// One draw of 50·40 prompts from the same (p, q), cut into 40 sets.
	all := base
	all.Prompts *= sets
	prompts := syntheticPrompts(t, all)
	covered := 0
	for i := range sets {
		res, err := Estimate(prompts[i*base.Prompts:(i+1)*base.Prompts], Options{N: []float64{4}, Bootstrap: 200, Seed: uint64(i)})
		if err != nil {
			t.Fatal(err)
		}
		u := res.Rows[0].RewardUnbiased
		if u.Lo <= truth[0].RewardBon && truth[0].RewardBon <= u.Hi {
			covered++
		}
	}
	t.Logf("covered %d of %d", covered, sets)
	if covered < 33 {
		t.Errorf("95%% intervals covered the truth %d times out of %d; expected at least 33", covered, sets)
	}
}

func TestGrids(t *testing.T) {
	if g := PowersOfTwo(16); !reflect.DeepEqual(g, []float64{1, 2, 4, 8, 16}) {
		t.Errorf("PowersOfTwo(16) = %v", g)
	}
	if g := PowersOfTwo(10); !reflect.DeepEqual(g, []float64{1, 2, 4, 8, 10}) {
		t.Errorf("PowersOfTwo(10) = %v", g)
	}
	prompts := []Prompt{{Rewards: make([]float64, 3)}, {Rewards: make([]float64, 20)}, {Rewards: make([]float64, 9)}}
	if g := DefaultGrid(prompts); !reflect.DeepEqual(g, []float64{1, 2, 4, 8, 9}) {
		t.Errorf("DefaultGrid = %v; want powers of two up to the median 9", g)
	}
}
