package dist

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// genDist draws a probability vector of length k; with zeros, some entries
// may be exactly 0 (at least one stays positive). Weights span 1e-6..1 so
// that log-ratios of up to ~14 occur.
func genDist(t *rapid.T, k int, zeros bool, label string) []float64 {
	w := make([]float64, k)
	s := 0.0
	for i := range w {
		if zeros && rapid.IntRange(0, 3).Draw(t, label+"zero") == 0 {
			continue
		}
		w[i] = math.Pow(10, rapid.Float64Range(-6, 0).Draw(t, label))
		s += w[i]
	}
	if s == 0 {
		w[0], s = 1, 1
	}
	for i := range w {
		w[i] /= s
	}
	return w
}

// Gibbs' inequality: KL(a‖b) ≥ 0, with equality iff a = b.
func TestPropKLNonNegative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 12).Draw(t, "k")
		a := genDist(t, k, true, "a")
		b := genDist(t, k, false, "b")
		if kl := KL(a, b); !(kl >= 0) {
			t.Fatalf("KL(a‖b) = %v < 0 for a=%v b=%v", kl, a, b)
		}
		if kl := KL(b, b); kl != 0 {
			t.Fatalf("KL(b‖b) = %v, want 0", kl)
		}
		// KL = H(a‖b) − H(a) (Eq. 1); both sides are O(log(1e6)), so compare
		// to 1e-12 absolute.
		if d := KL(a, b) - (CrossEntropy(a, naive.Logs(b)) - Entropy(a)); math.Abs(d) > 1e-12 {
			t.Fatalf("KL − (H(a‖b) − H(a)) = %v", d)
		}
	})
}

// Lemma 3: (1/ρ) log E_φ[q^ρ] = −H_{1+ρ}(φ‖q), both compared with the naive
// (1/ρ)·log Σ φ q^ρ. The naive sum is accurate to ~1e-16 absolute inside the
// log (Σ φ q^ρ ≤ 1), i.e. ~1e-16/ρ absolute after dividing by ρ ≥ 0.01; it
// loses relative accuracy when Σ φ q^ρ ≈ 1, hence the absolute floor.
func TestPropLemma3(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 12).Draw(t, "k")
		phi := genDist(t, k, true, "phi")
		q := genDist(t, k, false, "q")
		rho := rapid.Float64Range(0.01, 20).Draw(t, "rho")
		lq := naive.Logs(q)
		s := 0.0
		for i := range phi {
			s += phi[i] * math.Pow(q[i], rho)
		}
		direct := math.Log(s) / rho
		sc := ScaledCumulant(phi, lq, rho)
		h := RenyiCrossEntropy(phi, lq, 1+rho)
		if !naive.Within(sc, -h, 1e-13) {
			t.Fatalf("ScaledCumulant = %v, −H_{1+ρ} = %v", sc, -h)
		}
		if !naive.WithinAbsOrRel(sc, direct, 1e-13, 1e-12) {
			t.Fatalf("ScaledCumulant = %v, direct = %v", sc, direct)
		}
	})
}

// Rényi cross-entropy is continuous at t = 1 (Definition 5, footnote) and
// non-increasing in t (K(s)/s is non-decreasing for the convex cumulant
// generating function K with K(0) = 0): with s = t − 1,
// |H_t − H| ≤ |s|·Var_p(log q)/2 + O(s²).
func TestPropRenyiContinuityMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 12).Draw(t, "k")
		p := genDist(t, k, true, "p")
		q := genDist(t, k, false, "q")
		lq := naive.Logs(q)
		h := CrossEntropy(p, lq)
		var mu, v float64
		for i := range p {
			mu += p[i] * lq[i]
		}
		for i := range p {
			v += p[i] * (lq[i] - mu) * (lq[i] - mu)
		}
		s := math.Pow(10, rapid.Float64Range(-14, -4).Draw(t, "logs"))
		if rapid.Bool().Draw(t, "neg") {
			s = -s
		}
		ht := RenyiCrossEntropy(p, lq, 1+s)
		// O(s²) remainder: |κ₃|/6·s² ≤ spread³·s² with spread ≤ 14; plus rounding.
		if bound := math.Abs(s)*v/2 + 3000*s*s + 1e-14*h; math.Abs(ht-h) > bound {
			t.Fatalf("|H_{1%+g} − H| = %v > %v", s, math.Abs(ht-h), bound)
		}
		t1 := rapid.Float64Range(0.05, 10).Draw(t, "t1")
		t2 := rapid.Float64Range(0.05, 10).Draw(t, "t2")
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		h1, h2 := RenyiCrossEntropy(p, lq, t1), RenyiCrossEntropy(p, lq, t2)
		if h1 < h2-1e-13*math.Max(1, h2) {
			t.Fatalf("H_%v = %v < H_%v = %v: not non-increasing", t1, h1, t2, h2)
		}
	})
}
