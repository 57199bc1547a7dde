package frontier

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
)

// smallModel is a discrete p over 4 symbols with a tie in the reward
// (symbols 1 and 2), small enough to enumerate every sample.
var (
	smallP      = []float64{0.1, 0.2, 0.3, 0.4}
	smallReward = []float64{0, 1, 1, 3}
)

// expectedMaxByEnumeration returns E[max of N i.i.d. draws from p] by
// summing over all K^N tuples: the exact truth for small K and N.
func expectedMaxByEnumeration(p, r []float64, N int) float64 {
	K := len(p)
	idx := make([]int, N)
	var total float64
	for {
		prob, m := 1.0, math.Inf(-1)
		for _, i := range idx {
			prob *= p[i]
			m = math.Max(m, r[i])
		}
		total += prob * m
		j := 0
		for ; j < N; j++ {
			idx[j]++
			if idx[j] < K {
				break
			}
			idx[j] = 0
		}
		if j == N {
			return total
		}
	}
}

// TestUnbiasedMaxExact checks unbiasedness exactly: the expectation of
// UnbiasedMax over all K^n samples of size n (each weighted by its
// probability) equals E[max of N draws] computed by enumeration, and also
// bon's best-of-N expected reward on the true p; tolerance 1e-12.
func TestUnbiasedMaxExact(t *testing.T) {
	const n, tol = 6, 1e-12
	K := len(smallP)
	for N := 1; N <= n; N++ {
		truth := expectedMaxByEnumeration(smallP, smallReward, N)
		b, err := bon.BestOfN(smallP, smallReward, float64(N))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(b.ExpectedReward-truth) > tol {
			t.Fatalf("N=%d: bon expected reward %v, enumeration %v", N, b.ExpectedReward, truth)
		}
		idx := make([]int, n)
		sample := make([]float64, n)
		var mean float64
		for {
			prob := 1.0
			for j, i := range idx {
				prob *= smallP[i]
				sample[j] = smallReward[i]
			}
			s := slices.Clone(sample)
			slices.Sort(s)
			mean += prob * UnbiasedMax(s, N)
			j := 0
			for ; j < n; j++ {
				idx[j]++
				if idx[j] < K {
					break
				}
				idx[j] = 0
			}
			if j == n {
				break
			}
		}
		if math.Abs(mean-truth) > tol {
			t.Errorf("N=%d: E[UnbiasedMax] = %.15g, E[max of N] = %.15g", N, mean, truth)
		}
	}
}

// TestUnbiasedMaxSimulation checks unbiasedness by simulation with a fixed
// seed: R = 20000 samples of n = 8 draws from smallP; the mean of
// UnbiasedMax must lie within 4 standard errors of the enumerated truth,
// while the plug-in value at N = n (best-of-N on the empirical
// distribution) must be biased low by more than 4 standard errors, showing
// that the test can tell.
func TestUnbiasedMaxSimulation(t *testing.T) {
	const n, R = 8, 20000
	rng := rand.New(rand.NewPCG(2024, 6))
	cum := []float64{0.1, 0.3, 0.6, 1}
	for _, N := range []int{2, 5, 8} {
		truth := expectedMaxByEnumeration(smallP, smallReward, N)
		var sum, sum2, plug float64
		s := make([]float64, n)
		for range R {
			for j := range s {
				s[j] = smallReward[drawSymbol(cum, rng)]
			}
			slices.Sort(s)
			u := UnbiasedMax(s, N)
			sum += u
			sum2 += u * u
			if N == n {
				pf, err := EstimatePrompt(s, []float64{float64(N)})
				if err != nil {
					t.Fatal(err)
				}
				plug += pf.Points[0].RewardBon
			}
		}
		mean := sum / R
		se := math.Sqrt((sum2/R - mean*mean) / (R - 1))
		if z := (mean - truth) / se; math.Abs(z) > 4 {
			t.Errorf("N=%d: mean %v, truth %v, %.1f standard errors apart", N, mean, truth, z)
		}
		if N == n {
			if z := (plug/R - truth) / se; z > -4 {
				t.Errorf("N=%d: plug-in mean %v vs truth %v is only %.1f SE below; expected a clear downward bias", N, plug/R, truth, z)
			}
		}
	}
}

// TestUnbiasedMaxWeights compares with exact rational arithmetic:
// Σ r_(i)·C(i−1,N−1)/C(n,N) for integer rewards, big.Rat; relative
// tolerance 1e-14 (lgamma weights miss it by 3e-12 at n = 120).
func TestUnbiasedMaxWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{2, 7, 30, 120, 1000} {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(rng.IntN(2001) - 1000)
		}
		slices.Sort(s)
		for _, N := range []int{1, 2, n / 2, n - 1, n} {
			if N < 1 {
				continue
			}
			exact := new(big.Rat)
			den := new(big.Int).Binomial(int64(n), int64(N))
			for i := N; i <= n; i++ {
				w := new(big.Rat).SetFrac(new(big.Int).Binomial(int64(i-1), int64(N-1)), den)
				exact.Add(exact, w.Mul(w, new(big.Rat).SetFloat64(s[i-1])))
			}
			want, _ := exact.Float64()
			got := UnbiasedMax(s, N)
			if math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
				t.Errorf("n=%d N=%d: %.17g, exact %.17g", n, N, got, want)
			}
		}
	}
}

// TestUnbiasedMaxTies: with ties the estimate still equals the average of
// the maximum over all C(n,N) subsets (brute force), and is the common
// value when all rewards are equal.
func TestUnbiasedMaxTies(t *testing.T) {
	s := []float64{-1, 0.5, 0.5, 0.5, 2, 2, 3, 3}
	n := len(s)
	for N := 1; N <= n; N++ {
		var sum float64
		count := 0
		for mask := 0; mask < 1<<n; mask++ {
			if popcount(mask) != N {
				continue
			}
			m := math.Inf(-1)
			for i := range n {
				if mask&(1<<i) != 0 {
					m = math.Max(m, s[i])
				}
			}
			sum += m
			count++
		}
		if got, want := UnbiasedMax(s, N), sum/float64(count); math.Abs(got-want) > 1e-13 {
			t.Errorf("N=%d: %v, brute force %v", N, got, want)
		}
	}
	if got := UnbiasedMax([]float64{4.25, 4.25, 4.25}, 2); got != 4.25 {
		t.Errorf("constant rewards: %v", got)
	}
}

func popcount(x int) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

// TestPluginClosedForm: with n distinct rewards, best-of-2 on the empirical
// distribution picks the i-th smallest with probability (2i−1)/n², so
// reward = Σ r_(i)(2i−1)/n² and KL = Σ π_i log(n·π_i). With a tie between
// the two largest rewards the pair is one level of mass 2/n, so π of each
// is (1 − ((n−2)/n)²)/2 (uniform tie breaking). Tolerance 1e-13.
func TestPluginClosedForm(t *testing.T) {
	const tol = 1e-13
	r := []float64{0.3, -1.2, 2.5, 0.9, 1.7}
	n := float64(len(r))
	s := slices.Clone(r)
	slices.Sort(s)
	var reward, kl float64
	for i, x := range s {
		pi := (2*float64(i+1) - 1) / (n * n)
		reward += pi * x
		kl += pi * math.Log(n*pi)
	}
	pf, err := EstimatePrompt(r, []float64{2})
	if err != nil {
		t.Fatal(err)
	}
	pt := pf.Points[0]
	if math.Abs(pt.RewardBon-reward) > tol || math.Abs(pt.KLBon-kl) > tol {
		t.Errorf("distinct: reward %v KL %v; closed form %v %v", pt.RewardBon, pt.KLBon, reward, kl)
	}

	tied := []float64{0.3, -1.2, 2.5, 0.9, 2.5}
	s = slices.Clone(tied)
	slices.Sort(s)
	top := (1 - math.Pow((n-2)/n, 2)) / 2
	reward, kl = 2*top*2.5, 2*top*math.Log(n*top)
	for i, x := range s[:3] {
		pi := (2*float64(i+1) - 1) / (n * n)
		reward += pi * x
		kl += pi * math.Log(n*pi)
	}
	pf, err = EstimatePrompt(tied, []float64{2})
	if err != nil {
		t.Fatal(err)
	}
	pt = pf.Points[0]
	if math.Abs(pt.RewardBon-reward) > tol || math.Abs(pt.KLBon-kl) > tol {
		t.Errorf("tied: reward %v KL %v; closed form %v %v", pt.RewardBon, pt.KLBon, reward, kl)
	}
	// The tilt at KL = KL_bon: α from tilt.Family, checked against Lemma 2's
	// identity KL(π‖φ) = α·(E_φ r − E_π r) at the exact budget.
	if d := pt.KLBonTilt - pt.Alpha*(pt.RewardTilt-pt.RewardBon); math.Abs(d) > 1e-12 {
		t.Errorf("Lemma 2 identity off by %v", d)
	}
}

// TestPointProperties: on random prompts (with ties), at every N the tilt
// is at least as good as best-of-N (Lemma 1), so 0 ≤ efficiency ≤ 1; the
// KL stays below both log n and the bound log N − (N−1)/N; N = 1 has
// efficiency NaN and both rewards equal to the mean.
func TestPointProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	grid := []float64{1, 1.5, 2, 3, 8, 32, 1000}
	for trial := range 200 {
		n := 2 + rng.IntN(40)
		r := make([]float64, n)
		for i := range r {
			r[i] = math.Round(rng.NormFloat64()*4) / 2 // ties are common
		}
		pf, err := EstimatePrompt(r, grid)
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range pf.Points {
			eff := pt.Efficiency(pf.Base)
			if pt.RewardTilt < pt.RewardBon-1e-12 || (!math.IsNaN(eff) && (eff < -1e-12 || eff > 1+1e-12)) {
				t.Fatalf("trial %d n=%d N=%v: bon %v tilt %v eff %v", trial, n, pt.N, pt.RewardBon, pt.RewardTilt, eff)
			}
			if pt.KLBon > math.Log(float64(n))+1e-12 || pt.KLBon > pt.KLBound+1e-12 {
				t.Fatalf("trial %d n=%d N=%v: KL %v above log n or the bound %v", trial, n, pt.N, pt.KLBon, pt.KLBound)
			}
			if pt.N == 1 && (!math.IsNaN(eff) || pt.RewardBon != pf.Base || pt.RewardTilt != pf.Base || math.Abs(pt.ESS-float64(n)) > 1e-12*float64(n)) {
				t.Fatalf("N = 1: %+v base %v", pt, pf.Base)
			}
			if (pt.N > float64(n)) != math.IsNaN(pt.Unbiased) && pt.N == math.Trunc(pt.N) {
				t.Fatalf("unbiased availability at N=%v, n=%d: %v", pt.N, n, pt.Unbiased)
			}
		}
	}
}

// TestConvergenceToTruth: on synthetic data from a known (p, q) over K =
// 1000 symbols, the per-prompt estimates converge to the exact single-token
// values of bon.Selector.Compare on (p, q) as n grows. For n = 10³, 10⁴,
// 10⁵ and R = 20 independent prompts, each averaged field must be within
// 4 standard errors (estimated from the R replicates) plus a bias
// allowance of c·N/n of the truth (c = 0.01 for KL, 0.1 for rewards; the
// plug-in values have O(N/n) bias, e.g. sample ties lower the KL), and the
// standard error must shrink at least 5-fold from n = 10³ to 10⁵ (√100 =
// 10 expected).
func TestConvergenceToTruth(t *testing.T) {
	grid := []float64{2, 4, 16}
	const R = 20
	fields := []struct {
		name string
		bias float64
	}{{"kl_bon", 0.01}, {"reward_bon", 0.1}, {"unbiased", 0.1}, {"reward_tilt", 0.1}, {"efficiency", 0.1}}
	se := map[int][]float64{}
	for _, n := range []int{1000, 10000, 100000} {
		s := Synthetic{K: 1000, Prompts: R, Samples: n, Seed: 7}
		_, truth, err := s.Truth(grid)
		if err != nil {
			t.Fatal(err)
		}
		prompts, err := s.Draw()
		if err != nil {
			t.Fatal(err)
		}
		pfs := make([]PromptFrontier, R)
		for x, pr := range prompts {
			if pfs[x], err = EstimatePrompt(pr.Rewards, grid); err != nil {
				t.Fatal(err)
			}
		}
		for g, N := range grid {
			tr := truth[g]
			want := []float64{tr.KLBon, tr.RewardBon, tr.RewardBon, tr.RewardTilt, tr.Efficiency}
			for f, fd := range fields {
				var sum, sum2 float64
				for _, pf := range pfs {
					pt := pf.Points[g]
					v := []float64{pt.KLBon, pt.RewardBon, pt.Unbiased, pt.RewardTilt, pt.Efficiency(pf.Base)}[f]
					sum += v
					sum2 += v * v
				}
				mean := sum / R
				sd := math.Sqrt(math.Max(0, sum2/R-mean*mean) * R / (R - 1))
				e := sd / math.Sqrt(R)
				tol := 4*e + fd.bias*N/float64(n)
				if d := math.Abs(mean - want[f]); d > tol {
					t.Errorf("n=%d N=%v %s: mean %.7g, truth %.7g, |diff| %.2g > tolerance %.2g (SE %.2g)", n, N, fd.name, mean, want[f], d, tol, e)
				}
				se[n] = append(se[n], e)
			}
		}
	}
	for i := range se[1000] {
		if se[100000][i] > se[1000][i]/5 {
			t.Errorf("%s at N=%v: standard error %.2g at n = 10⁵ vs %.2g at n = 10³; expected at least 5-fold smaller",
				fields[i%len(fields)].name, grid[i/len(fields)], se[100000][i], se[1000][i])
		}
	}
}

// TestEstimatePromptEdgeCases: constant rewards give KL 0 at every N and
// an undefined efficiency; two samples are enough; a reward spread beyond
// the float64 range is ErrRewardRange; NaN is refused.
func TestEstimatePromptEdgeCases(t *testing.T) {
	grid := []float64{1, 2, 16}
	pf, err := EstimatePrompt([]float64{3, 3, 3}, grid)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range pf.Points {
		if pt.KLBon != 0 || pt.RewardBon != 3 || pt.RewardTilt != 3 || !math.IsNaN(pt.Efficiency(pf.Base)) || pt.KLBonTilt != 0 {
			t.Errorf("constant prompt, N=%v: %+v", pt.N, pt)
		}
	}
	pf, err = EstimatePrompt([]float64{0, 1}, grid)
	if err != nil {
		t.Fatal(err)
	}
	// n = 2, N = 2: π̂ puts 1/4 on 0 and 3/4 on 1; reward 3/4, KL = ¾·log(3/2) + ¼·log(1/2).
	if pt := pf.Points[1]; math.Abs(pt.RewardBon-0.75) > 1e-15 || math.Abs(pt.KLBon-(0.75*math.Log(1.5)+0.25*math.Log(0.5))) > 1e-15 || pt.Unbiased != 1 {
		t.Errorf("n = 2, N = 2: %+v", pt)
	}
	if _, err := EstimatePrompt([]float64{-1e308, 1e308}, grid); !errors.Is(err, ErrRewardRange) {
		t.Errorf("spread 2e308: error %v; want ErrRewardRange", err)
	}
	if _, err := EstimatePrompt([]float64{1, math.NaN()}, grid); err == nil {
		t.Error("NaN reward accepted")
	}
	if _, err := EstimatePrompt([]float64{1}, grid); err == nil {
		t.Error("a single sample accepted")
	}
}
