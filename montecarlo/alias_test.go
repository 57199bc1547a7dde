package montecarlo

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// aliasPMF returns the distribution an alias table represents: outcome i
// gets (prob[i] + Σ_{j: alias[j]=i} (1 − prob[j])) / len.
func aliasPMF(a *alias) map[int]float64 {
	n := float64(len(a.prob))
	out := map[int]float64{}
	for i, pr := range a.prob {
		out[a.off+i] += pr / n
		out[a.off+int(a.alias[i])] += (1 - pr) / n
	}
	return out
}

// TestBinomialAliasTable: the table built by binomialAlias represents
// Bin(n, θ) — the exact pmf in big.Rat — to rounding (≈ 1e-13 for small n,
// see tol) on every outcome it keeps, and the outcomes it drops have pmf below 1e-290 relative to the
// mode.
func TestBinomialAliasTable(t *testing.T) {
	for _, c := range []struct {
		n     int
		theta string
	}{
		{1, "1/2"}, {20, "3/10"}, {100, "1/100"}, {37, "5/7"}, {1000, "1/100"}, {2000, "1/2"},
	} {
		t.Run(fmt.Sprintf("n=%d/theta=%s", c.n, c.theta), func(t *testing.T) {
			th, _ := new(big.Rat).SetString(c.theta)
			tf, _ := th.Float64()
			want := binomPMF(c.n, th)
			got := aliasPMF(binomialAlias(c.n, tf))
			// The table's weights are exp(log n! − log i! − log(n−i)! + …)
			// from log-gamma; the log has absolute error of a few ulps of
			// its largest term, so the relative tolerance is 16·u·(log n! +
			// n·|log θ| + n·|log(1−θ)|) (≈ 5e-11 at n = 2000), plus 1e-13.
			lgn, _ := math.Lgamma(float64(c.n + 1))
			tol := 1e-13 + 16*0x1p-53*(lgn+float64(c.n)*(math.Abs(math.Log(tf))+math.Abs(math.Log1p(-tf))))
			mode := 0.0
			for _, w := range want {
				mode = math.Max(mode, w)
			}
			for i, w := range want {
				g, ok := got[i]
				if !ok {
					if w > 1e-290*mode {
						t.Errorf("outcome %d (pmf %.3g) missing from the table", i, w)
					}
					continue
				}
				if math.Abs(g-w) > tol*w+1e-300 {
					t.Errorf("P(%d): table %.17g, Bin %.17g", i, g, w)
				}
			}
		})
	}
	// Degenerate θ.
	if pmf := aliasPMF(binomialAlias(9, 0)); pmf[0] != 1 {
		t.Errorf("θ = 0: %v, want all mass at 0", pmf)
	}
	if pmf := aliasPMF(binomialAlias(9, 1)); pmf[9] != 1 {
		t.Errorf("θ = 1: %v, want all mass at 9", pmf)
	}
}

// TestBinomialAliasDraws: draws from the table follow Bin(n, θ) (χ², α =
// 0.001), which also checks draw's index and coin arithmetic.
func TestBinomialAliasDraws(t *testing.T) {
	const draws = 200000
	for _, c := range []struct {
		n     int
		theta string
	}{
		{20, "3/10"}, {200, "1/20"}, {5, "9/10"},
	} {
		t.Run(fmt.Sprintf("n=%d/theta=%s", c.n, c.theta), func(t *testing.T) {
			th, _ := new(big.Rat).SetString(c.theta)
			tf, _ := th.Float64()
			a := binomialAlias(c.n, tf)
			r := rand.New(rand.NewPCG(11, 12))
			obs := make([]int, c.n+1)
			for d := 0; d < draws; d++ {
				obs[a.draw(r)]++
			}
			stat, df := chiSquare(obs, binomPMF(c.n, th), draws)
			crit := chiCritical(df)
			t.Logf("χ² = %.2f, df = %d, critical = %.3f", stat, df, crit)
			if stat > crit {
				t.Errorf("χ² = %.2f > %.3f (df %d)", stat, crit, df)
			}
		})
	}
}

// TestAliasGeneral: a general alias table (the token sampler) represents its
// normalised weights exactly up to rounding, including zero weights.
func TestAliasGeneral(t *testing.T) {
	w := []float64{3, 0, 1, 6, 0.5, 0}
	var s float64
	for _, x := range w {
		s += x
	}
	got := aliasPMF(newAlias(0, w))
	for i, x := range w {
		if math.Abs(got[i]-x/s) > 1e-15 {
			t.Errorf("P(%d) = %.17g, want %.17g", i, got[i], x/s)
		}
	}
}
