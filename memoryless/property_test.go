package memoryless_test

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// genWeights draws k small integer weights in [lo, hi] and returns them
// normalised as exact rationals. Small integers make exact reward ties
// across types frequent (e.g. q ∝ (4, 2, 1)), which is the point.
func genWeights(t *rapid.T, k, lo, hi int, label string) []*big.Rat {
	for {
		w := make([]int64, k)
		var sum int64
		for i := range w {
			w[i] = int64(rapid.IntRange(lo, hi).Draw(t, label))
			sum += w[i]
		}
		if sum == 0 {
			continue
		}
		out := make([]*big.Rat, k)
		for i := range w {
			out[i] = big.NewRat(w[i], sum)
		}
		return out
	}
}

// TestPropertyRandomModels: for random small models (K ≤ 4, p with zeros,
// q with ties, m ≤ 18, integer N ≤ 300):
//   - level masses sum to 1 and π_N^m sums to 1;
//   - BestOfN refuses exactly when δ = log N/m ≥ delta_max (exact P_p(S));
//   - otherwise the mean type sums to 1, 0 ≤ KL rates, KL(π‖p^m) ≤
//     log N − (N−1)/N, and every field matches the independent oracle;
//   - when small enough, Exact matches Definition 3 by brute force and the
//     float engine matches Exact.
func TestPropertyRandomModels(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 4).Draw(t, "k")
		p := genWeights(t, k, 0, 6, "p")
		q := genWeights(t, k, 1, 6, "q")
		m := rapid.IntRange(1, 18).Draw(t, "m")
		n := rapid.IntRange(1, 300).Draw(t, "n")
		md := ratModel(t, p, q)
		en, err := md.Enumerate(m, memoryless.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := bon.NewCount(float64(n))
		x := en.Levels.LogRatios(c)
		var sp, spi float64
		for j, lm := range en.Levels.LogMass {
			sp += math.Exp(lm)
			spi += math.Exp(lm + x[j])
		}
		if !naive.Near(sp, 1, 1e-12, 0) || !naive.Near(spi, 1, 1e-12, 0) {
			t.Fatalf("Σ p^m = %.17g, Σ π = %.17g; want 1", sp, spi)
		}
		// delta_max = −log P_p(S), S = argmax of q over the support of p.
		var qmax *big.Rat
		for i := range p {
			if p[i].Sign() > 0 && (qmax == nil || q[i].Cmp(qmax) > 0) {
				qmax = q[i]
			}
		}
		ps := new(big.Rat)
		for i := range p {
			if p[i].Sign() > 0 && q[i].Cmp(qmax) == 0 {
				ps.Add(ps, p[i])
			}
		}
		dmax := -ratLog(ps)
		delta := math.Log(float64(n)) / float64(m)
		res, err := en.BestOfN(c, 0)
		var dr *memoryless.DeltaRangeError
		switch {
		case math.Abs(delta-dmax) < 1e-12:
			return // at the boundary either answer is acceptable
		case delta >= dmax:
			if !errors.As(err, &dr) {
				t.Fatalf("δ = %v ≥ delta_max = %v: err = %v, want *DeltaRangeError", delta, dmax, err)
			}
			return
		case err != nil:
			t.Fatalf("δ = %v < delta_max = %v: %v", delta, dmax, err)
		}
		var smt float64
		for _, v := range res.MeanType {
			smt += v
		}
		if !naive.Near(smt, 1, 1e-12, 0) {
			t.Fatalf("mean type sums to %.17g", smt)
		}
		if res.KLBonPRate < 0 || res.KLBonPhiRate < 0 {
			t.Fatalf("negative KL rates %v %v", res.KLBonPRate, res.KLBonPhiRate)
		}
		nf := float64(n)
		if res.KLBonPRate*float64(m) > math.Log(nf)-(nf-1)/nf+1e-13 {
			t.Fatalf("KL(π‖p^m) = %v > log N − (N−1)/N", res.KLBonPRate*float64(m))
		}
		pf := ratFloats(p)
		o := newTypeOracle(pf, q, m, math.Log(nf))
		phi, _ := naive.TiltTo(pf, o.logq, delta)
		mf := float64(m)
		for _, chk := range []struct {
			name      string
			got, want float64
		}{
			{"kl_bon_p_rate", res.KLBonPRate, o.klP() / mf},
			{"kl_bon_phi_rate", res.KLBonPhiRate, o.klPhi(phi) / mf},
			{"cross_entropy_rate_bon", res.CrossEntropyRateBon, o.crossEntropy() / mf},
			{"prob_within_eps", res.ProbWithinEps, o.probWithin(phi, memoryless.DefaultEps)},
		} {
			if !naive.Near(chk.got, chk.want, 1e-9, 1e-12) {
				t.Fatalf("%s = %.17g, oracle %.17g", chk.name, chk.got, chk.want)
			}
		}
		if d := maxAbsDiff(res.MeanType, o.meanType()); d > 1e-12 {
			t.Fatalf("mean type %v, oracle %v", res.MeanType, o.meanType())
		}
		// Exact and brute force at tiny sizes.
		s := md.Support()
		if math.Pow(float64(s), float64(m*n)) > 3000 || m > 6 {
			return
		}
		ex, err := md.Exact(m, int64(n), true)
		if err != nil {
			t.Fatal(err)
		}
		brute := bruteForceBoN(p, q, m, n)
		for _, sq := range ex.Sequences {
			if b := brute[seqKey(sq.Y)]; b.Cmp(sq.Prob) != 0 {
				t.Fatalf("π%v: Exact %s, brute force %s", sq.Y, sq.Prob.RatString(), b.RatString())
			}
		}
		for i, r := range ex.MeanType {
			want, _ := r.Float64()
			if !naive.Near(res.MeanType[i], want, 1e-12, 1e-300) {
				t.Fatalf("mean type[%d]: float %.17g, exact %.17g", i, res.MeanType[i], want)
			}
		}
	})
}
