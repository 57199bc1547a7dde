package memoryless_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// seqResult runs Enumerate + BestOfN for N = exp(logN).
func seqResult(t testing.TB, md *memoryless.Model, m int, logN float64, opt memoryless.Options) (*memoryless.Enumeration, *memoryless.Result) {
	t.Helper()
	en, err := md.Enumerate(m, opt)
	if err != nil {
		t.Fatalf("Enumerate(m=%d): %v", m, err)
	}
	c, err := bon.CountFromLog(logN)
	if err != nil {
		t.Fatal(err)
	}
	res, err := en.BestOfN(c, 0)
	if err != nil {
		t.Fatalf("BestOfN(m=%d, log N=%g): %v", m, logN, err)
	}
	return en, res
}

// TestBestOfNMatchesOracle compares every field of Result with the
// independent type oracle (levels by exact rational rewards, per-type
// KL(π‖φ^m) with φ from bisection) at sizes too large for brute force, for
// real N = exp(m·δ) as well as integer N. KL(π‖φ^m) is computed by the oracle
// type by type as Σ π(n)·log(π(n)/φ^m(n)) with φ^m the m-fold product (Lemma
// 4), while the package evaluates it per reward level from log(φ^m/p^m) =
// α·R − m·log Z: agreement checks Lemma 4's product form as used.
func TestBestOfNMatchesOracle(t *testing.T) {
	const rel = 1e-10
	cases := []struct {
		name  string
		p, q  []string
		m     int
		logN  float64
		delta bool // logN is δ (N = exp(m·δ))
	}{
		{"example1/m30/delta0.1", ex1P, ex1Q, 30, 0.1, true},
		{"example1/m60/delta0.5", ex1P, ex1Q, 60, 0.5, true},
		{"example1/m40/N1", ex1P, ex1Q, 40, 0, false},
		{"example1/m25/delta1.5", ex1P, ex1Q, 25, 1.5, true}, // near delta_max = log 5
		{"qtie/m40/delta0.3", ex1P, []string{"1/2", "1/4", "1/4"}, 40, 0.3, true},
		{"q421/m50/delta0.2", ex1P, []string{"4/7", "2/7", "1/7"}, 50, 0.2, true},
		{"pzero/m40/delta0.2", []string{"0", "2/5", "3/5"}, []string{"1/2", "1/3", "1/6"}, 40, 0.2, true},
		{"k4/m20/N1000", []string{"1/10", "2/5", "3/10", "1/5"}, []string{"1/8", "1/2", "1/4", "1/8"}, 20, math.Log(1000), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			md := ratModel(t, p, q)
			logN := c.logN
			if c.delta {
				logN *= float64(c.m)
			}
			_, res := seqResult(t, md, c.m, logN, memoryless.Options{})
			pf := ratFloats(p)
			o := newTypeOracle(pf, q, c.m, logN)
			delta := logN / float64(c.m)
			phi, alpha := naive.TiltTo(pf, o.logq, delta)
			m := float64(c.m)
			check := func(name string, got, want, abs float64) {
				t.Helper()
				if !naive.Near(got, want, rel, abs) {
					t.Errorf("%s = %.17g, oracle %.17g", name, got, want)
				}
			}
			check("kl_bon_p_rate", res.KLBonPRate, o.klP()/m, 1e-15)
			check("kl_bon_phi_rate", res.KLBonPhiRate, o.klPhi(phi)/m, 1e-13)
			check("cross_entropy_rate_bon", res.CrossEntropyRateBon, o.crossEntropy()/m, 0)
			check("cross_entropy_phi", res.CrossEntropyPhi, naive.CrossEntropy(phi, o.logq), 0)
			check("alpha", res.Alpha, alpha, 1e-12)
			check("prob_within_eps", res.ProbWithinEps, o.probWithin(phi, memoryless.DefaultEps), 1e-15)
			if d := maxAbsDiff(res.MeanType, o.meanType()); d > 1e-12 {
				t.Errorf("mean_type = %v, oracle %v", res.MeanType, o.meanType())
			}
			if d := maxAbsDiff(res.Phi, phi); d > 1e-12 {
				t.Errorf("phi = %v, bisection %v", res.Phi, phi)
			}
			if res.Types != int64(len(o.types)) {
				t.Errorf("types = %d, oracle %d", res.Types, len(o.types))
			}
			// Lemma 2's identity holds with equality for any ψ:
			// KL(ψ‖φ) = KL(ψ‖p) − Δ + α·(H(ψ‖q) − H(φ‖q)), here per token.
			lemma2 := res.KLBonPRate - delta + alpha*(res.CrossEntropyRateBon-res.CrossEntropyPhi)
			check("kl_bon_phi_rate (Lemma 2 identity)", res.KLBonPhiRate, lemma2, 1e-13)
		})
	}
}

// TestEnumerateLevels checks the enumeration against the oracle: the number
// of types C(m+S−1, S−1), the number of exact reward levels, level masses
// (exact grouping) and that Σ P_p = 1.
func TestEnumerateLevels(t *testing.T) {
	for _, c := range []struct {
		name string
		p, q []string
		m    int
	}{
		{"example1/m50", ex1P, ex1Q, 50},
		{"q421/m60", ex1P, []string{"4/7", "2/7", "1/7"}, 60},
		{"qtie/m60", ex1P, []string{"1/2", "1/4", "1/4"}, 60},
		{"k4/m25", []string{"1/10", "2/5", "3/10", "1/5"}, []string{"1/8", "1/2", "1/4", "1/8"}, 25},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			md := ratModel(t, p, q)
			en, err := md.Enumerate(c.m, memoryless.Options{})
			if err != nil {
				t.Fatal(err)
			}
			o := newTypeOracle(ratFloats(p), q, c.m, 0)
			k := len(p)
			want := 1.0
			for i := 1; i < k; i++ { // C(m+k−1, k−1)
				want = want * float64(c.m+i) / float64(i)
			}
			if en.Types() != int(math.Round(want)) || en.Total != math.Round(want) {
				t.Errorf("types = %d (total %v), want C(%d, %d) = %v", en.Types(), en.Total, c.m+k-1, k-1, want)
			}
			lv := en.Levels
			if len(lv.LogMass) != len(o.levelLM) {
				t.Fatalf("%d levels, oracle (exact rationals) has %d", len(lv.LogMass), len(o.levelLM))
			}
			var total float64
			for j := range lv.LogMass {
				total += math.Exp(lv.LogMass[j])
				if !naive.Near(lv.LogMass[j], o.levelLM[j], 1e-12, 1e-12) {
					t.Errorf("level %d: log mass %.17g, oracle %.17g", j, lv.LogMass[j], o.levelLM[j])
				}
				if j > 0 && !(lv.Reward[j] < lv.Reward[j-1]) {
					t.Errorf("level rewards not strictly decreasing at %d: %v, %v", j, lv.Reward[j-1], lv.Reward[j])
				}
				if !naive.Near(lv.Reward[j], o.levelRew[j], 1e-13, 1e-13) {
					t.Errorf("level %d: reward %.17g, oracle %.17g", j, lv.Reward[j], o.levelRew[j])
				}
			}
			if !naive.Near(total, 1, 1e-13, 0) {
				t.Errorf("Σ level masses = %.17g, want 1", total)
			}
		})
	}
}

// TestKLBoundLemma6: (1/m)·KL(π_N^m‖p^m) ≤ (log N − (N−1)/N)/m ≤ log N/m
// (Lemma 6 and its sharper form from Beirami et al. 2024), over m and δ, and
// KLBoundRate is that bound.
func TestKLBoundLemma6(t *testing.T) {
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats(ex1Q...))
	for _, m := range []int{1, 2, 10, 100, 400} {
		for _, delta := range []float64{0.01, 0.1, 0.5, 1, 1.5} {
			logN := float64(m) * delta
			_, res := seqResult(t, md, m, logN, memoryless.Options{})
			n := math.Exp(logN)
			sharp := (logN - (n-1)/n) / float64(m)
			if !naive.Near(res.KLBoundRate, sharp, 1e-12, 1e-15) {
				t.Errorf("m=%d δ=%g: kl_bound_rate = %.17g, want %.17g", m, delta, res.KLBoundRate, sharp)
			}
			if res.KLBonPRate > sharp*(1+1e-12)+1e-15 {
				t.Errorf("m=%d δ=%g: kl_bon_p_rate %.17g exceeds (log N − (N−1)/N)/m = %.17g", m, delta, res.KLBonPRate, sharp)
			}
			if res.KLBonPRate > delta {
				t.Errorf("m=%d δ=%g: kl_bon_p_rate %.17g exceeds log N/m", m, delta, res.KLBonPRate)
			}
			if res.KLBonPRate < 0 || res.KLBonPhiRate < 0 {
				t.Errorf("m=%d δ=%g: negative KL rate %v %v", m, delta, res.KLBonPRate, res.KLBonPhiRate)
			}
		}
	}
}

// theorem2Rows computes Example 1 with δ = 0.1 at the given m.
func theorem2Rows(t testing.TB, ms []int) []*memoryless.Result {
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats(ex1Q...))
	var out []*memoryless.Result
	for _, m := range ms {
		_, res := seqResult(t, md, m, 0.1*float64(m), memoryless.Options{})
		out = append(out, res)
	}
	return out
}

// TestTheorem2Trend: for Example 1 with δ = 0.1 and N = exp(m·δ), as m grows
// (1/m)·KL(π_N^m‖φ_δ^m) decreases (Theorem 2), E[t(Y^m)] → φ_δ (type
// convergence lemma), (1/m)·H(π_N^m‖q^m) → H(φ_δ‖q) (Lemma 7) and
// P(max|t − φ| ≤ 0.05) → 1. Limits φ_δ and H(φ_δ‖q) come from bisection, not
// the package. Thresholds at m = 1000 (0.01 for the distances, 0.99 for the
// probability) are a priori "clearly converging" levels: the type's standard
// deviation is ≈ √(φ(1−φ)/m) ≈ 0.015, so ε = 0.05 is > 3 sd. It also
// reports the observed rate of the KL rate (log-log slope and the fit of
// m·rate against log m).
func TestTheorem2Trend(t *testing.T) {
	ms := []int{10, 50, 200, 1000}
	rows := theorem2Rows(t, ms)
	pf := ratFloats(naive.Rats(ex1P...))
	logq := ratLogs(naive.Rats(ex1Q...))
	phi, _ := naive.TiltTo(pf, logq, 0.1)
	hphi := naive.CrossEntropy(phi, logq)
	var prevKL, prevMean, prevCE = math.Inf(1), math.Inf(1), math.Inf(1)
	for i, r := range rows {
		m := ms[i]
		meanErr := maxAbsDiff(r.MeanType, phi)
		ceErr := math.Abs(r.CrossEntropyRateBon - hphi)
		t.Logf("m=%5d kl_bon_phi_rate=%.6g m·rate=%.4f |E t − φ|∞=%.4g |H rate − H(φ‖q)|=%.4g P(within)=%.6f",
			m, r.KLBonPhiRate, float64(m)*r.KLBonPhiRate, meanErr, ceErr, r.ProbWithinEps)
		if !(r.KLBonPhiRate < prevKL) {
			t.Errorf("m=%d: kl_bon_phi_rate %.6g did not decrease (previous %.6g)", m, r.KLBonPhiRate, prevKL)
		}
		if !(meanErr < prevMean) {
			t.Errorf("m=%d: |E t − φ_δ| = %.6g did not decrease (previous %.6g)", m, meanErr, prevMean)
		}
		if !(ceErr < prevCE) {
			t.Errorf("m=%d: |H rate − H(φ‖q)| = %.6g did not decrease (previous %.6g)", m, ceErr, prevCE)
		}
		prevKL, prevMean, prevCE = r.KLBonPhiRate, meanErr, ceErr
		if r.ProbWithinEps > rows[len(rows)-1].ProbWithinEps {
			t.Errorf("m=%d: prob_within_eps %.6g exceeds its value at the largest m", m, r.ProbWithinEps)
		}
	}
	last := rows[len(rows)-1]
	if d := maxAbsDiff(last.MeanType, phi); d > 0.01 {
		t.Errorf("m=1000: |E[t] − φ_δ|∞ = %.4g > 0.01", d)
	}
	if d := math.Abs(last.CrossEntropyRateBon - hphi); d > 0.01 {
		t.Errorf("m=1000: |H rate − H(φ_δ‖q)| = %.4g > 0.01", d)
	}
	if last.KLBonPhiRate > 0.01 {
		t.Errorf("m=1000: kl_bon_phi_rate = %.4g > 0.01", last.KLBonPhiRate)
	}
	if last.ProbWithinEps < 0.99 {
		t.Errorf("m=1000: prob_within_eps = %.6g < 0.99", last.ProbWithinEps)
	}
	// Observed rate: slope of log(rate) against log m between the last two
	// m, and the least-squares fit m·rate ≈ a + b·log m over all four.
	n := float64(len(ms))
	var sx, sy, sxx, sxy float64
	for i, r := range rows {
		x, y := math.Log(float64(ms[i])), float64(ms[i])*r.KLBonPhiRate
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	b := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	a := (sy - b*sx) / n
	slope := math.Log(rows[3].KLBonPhiRate/rows[2].KLBonPhiRate) / math.Log(float64(ms[3])/float64(ms[2]))
	t.Logf("observed: d log(rate)/d log m = %.3f between m=200 and 1000; fit m·rate ≈ %.3f + %.3f·log m", slope, a, b)
}

// TestPruning forces pruning (Options.ForcePrune) and compares with the
// unpruned computation: every Result field agrees to rounding plus the
// reported PrunedMassBound, the bound is > 0 and equals (#pruned)·e^{−60},
// and the kept types are exactly those with p^m(n) ≥ e^{−60}/N (counted
// independently here).
func TestPruning(t *testing.T) {
	for _, c := range []struct {
		name  string
		p, q  []string
		m     int
		delta float64
	}{
		{"example1/m300", ex1P, ex1Q, 300, 0.1},
		{"example1/m200/delta1", ex1P, ex1Q, 200, 1},
		{"k4/m60", []string{"1/10", "2/5", "3/10", "1/5"}, []string{"1/8", "1/2", "1/4", "1/8"}, 60, 0.2},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, q := naive.Rats(c.p...), naive.Rats(c.q...)
			md := ratModel(t, p, q)
			logN := c.delta * float64(c.m)
			_, full := seqResult(t, md, c.m, logN, memoryless.Options{})
			en, pr := seqResult(t, md, c.m, logN, memoryless.Options{ForcePrune: true, LogN: logN})
			if !(pr.PrunedMassBound > 0) {
				t.Fatalf("pruned_mass_bound = %v, want > 0", pr.PrunedMassBound)
			}
			if full.PrunedMassBound != 0 {
				t.Errorf("unpruned run reports pruned_mass_bound %v", full.PrunedMassBound)
			}
			pruned := en.Total - float64(en.Kept)
			if !naive.Near(pr.PrunedMassBound, pruned*math.Exp(-memoryless.PruneLogMass), 1e-12, 0) {
				t.Errorf("pruned_mass_bound = %v for %v pruned types, want %v", pr.PrunedMassBound, pruned, pruned*math.Exp(-60))
			}
			// Independent count of the types the rule keeps.
			thr := -memoryless.PruneLogMass - logN
			sure, maybe := 0, 0
			naive.Compositions(c.m, len(p), func(n []int) {
				lp := naive.LogMultinomial(n, ratFloats(p))
				if lp >= thr+1e-9 {
					sure++
				}
				if lp >= thr-1e-9 {
					maybe++
				}
			})
			if en.Kept < int64(sure) || en.Kept > int64(maybe) {
				t.Errorf("kept %d types; the rule p^m(n) ≥ e^-60/N keeps %d (up to %d at the threshold)", en.Kept, sure, maybe)
			}
			if en.Kept >= int64(en.Total) {
				t.Errorf("nothing pruned: kept %d of %v", en.Kept, en.Total)
			}
			tol := 1e-12
			abs := 10 * pr.PrunedMassBound
			pairs := []struct {
				name    string
				got, wt float64
			}{
				{"kl_bon_p_rate", pr.KLBonPRate, full.KLBonPRate},
				{"kl_bon_phi_rate", pr.KLBonPhiRate, full.KLBonPhiRate},
				{"cross_entropy_rate_bon", pr.CrossEntropyRateBon, full.CrossEntropyRateBon},
				{"prob_within_eps", pr.ProbWithinEps, full.ProbWithinEps},
			}
			for k := range full.MeanType {
				pairs = append(pairs, struct {
					name    string
					got, wt float64
				}{fmt.Sprintf("mean_type[%d]", k), pr.MeanType[k], full.MeanType[k]})
			}
			for _, pp := range pairs {
				if !naive.Near(pp.got, pp.wt, tol, abs) {
					t.Errorf("%s: pruned %.17g, unpruned %.17g (bound %g)", pp.name, pp.got, pp.wt, pr.PrunedMassBound)
				}
			}
		})
	}
}

// TestTooManyTypes: a budget below the type count fails with
// *TooManyTypesError naming the count, the limit and `tiltkit sample`, both
// when pruning is attempted (Enumerate) and when it is not (ScaledCumulant).
func TestTooManyTypes(t *testing.T) {
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats(ex1Q...))
	_, err := md.Enumerate(100, memoryless.Options{MaxTypes: 10, LogN: 10})
	var tm *memoryless.TooManyTypesError
	if !errors.As(err, &tm) {
		t.Fatalf("Enumerate with MaxTypes 10: err = %v, want *TooManyTypesError", err)
	}
	if tm.M != 100 || tm.Limit != 10 || tm.Types != 5151 {
		t.Errorf("error fields M=%d Limit=%d Types=%v, want 100, 10, 5151 = C(102, 2)", tm.M, tm.Limit, tm.Types)
	}
	msg := err.Error()
	for _, want := range []string{"5151", "10 types", "sample"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// 5151 is the total; the message must not claim all of them survive
	// pruning (enumeration stops as soon as the budget is exceeded).
	if strings.Contains(msg, "5151 types survive") {
		t.Errorf("message %q says all 5151 types survive pruning; that is the total count", msg)
	}
	_, err = md.ScaledCumulant(100, 1, 10)
	if !errors.As(err, &tm) || tm.Pruning || tm.Types != 5151 {
		t.Errorf("ScaledCumulant with budget 10: err = %v, want a non-pruning *TooManyTypesError for 5151 types", err)
	}
	// Within the budget: no error.
	if _, err := md.Enumerate(100, memoryless.Options{MaxTypes: 5151}); err != nil {
		t.Errorf("budget = type count: %v", err)
	}
}

// TestDeltaRange: δ = log N/m ≥ delta_max = log 5 is refused with
// *DeltaRangeError; just below it works.
func TestDeltaRange(t *testing.T) {
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats(ex1Q...))
	en, err := md.Enumerate(10, memoryless.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := bon.CountFromLog(10 * math.Log(5))
	_, err = en.BestOfN(c, 0)
	var dr *memoryless.DeltaRangeError
	if !errors.As(err, &dr) || !naive.Near(dr.DeltaMax, math.Log(5), 1e-15, 0) {
		t.Errorf("δ = delta_max: err = %v, want *DeltaRangeError with delta_max = log 5", err)
	}
	c, _ = bon.CountFromLog(10 * math.Log(5) * (1 - 1e-6))
	if _, err := en.BestOfN(c, 0); err != nil {
		t.Errorf("δ just below delta_max: %v", err)
	}
}

// TestHugeN: N = exp(m·δ) with log N ≈ 1e4 (log space throughout) still
// gives finite, bounded results: 0 ≤ KL rate ≤ δ, mean type a distribution.
// p_0 = 1/1000 on the argmax of q makes delta_max = log 1000 ≈ 6.9.
func TestHugeN(t *testing.T) {
	md := ratModel(t, naive.Rats("1/1000", "499/1000", "1/2"), naive.Rats(ex1Q...))
	const m, delta = 1500, 6.5 // log N = 9750
	_, res := seqResult(t, md, m, m*delta, memoryless.Options{})
	if math.IsNaN(res.KLBonPhiRate) || math.IsInf(res.KLBonPhiRate, 0) || res.KLBonPhiRate < 0 ||
		res.KLBonPRate > delta || res.KLBonPRate < 0 {
		t.Errorf("m=5000 δ=1.5: kl rates %v %v", res.KLBonPRate, res.KLBonPhiRate)
	}
	var s float64
	for _, x := range res.MeanType {
		s += x
	}
	if !naive.Near(s, 1, 1e-12, 0) {
		t.Errorf("mean type sums to %.17g", s)
	}
}
