package bon

import (
	"math"
	"math/big"
	"testing"
)

// Independent references for the tests of this package. None of them shares
// code with the package: exact rational best-of-N (Definition 3 with the pmf
// of Beirami et al. 2024, Lemma 1), and the tilt from its definition.

// Example 1 of the paper.
var (
	ex1P = []float64{0.2, 0.3, 0.5}
	ex1Q = []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

// ratBestOfN returns π_N for an integer N in exact rational arithmetic:
//
//	π_N(y) = p(y)/P_eq(y) · (F⁺(y)^N − F⁻(y)^N),
//	F⁺(y) = Σ_{q(z) ≤ q(y)} p(z), F⁻(y) = Σ_{q(z) < q(y)} p(z), P_eq = F⁺ − F⁻,
//
// with ties (equal rationals q) broken uniformly. Entries with p(y) = 0 get 0.
func ratBestOfN(p, q []*big.Rat, n int) []*big.Rat {
	out := make([]*big.Rat, len(p))
	nn := big.NewInt(int64(n))
	for y := range p {
		out[y] = new(big.Rat)
		if p[y].Sign() == 0 {
			continue
		}
		fp, fm := new(big.Rat), new(big.Rat)
		for z := range p {
			switch q[z].Cmp(q[y]) {
			case -1:
				fm.Add(fm, p[z])
				fp.Add(fp, p[z])
			case 0:
				fp.Add(fp, p[z])
			}
		}
		peq := new(big.Rat).Sub(fp, fm)
		d := new(big.Rat).Sub(ratPow(fp, nn), ratPow(fm, nn))
		out[y].Mul(p[y], d)
		out[y].Quo(out[y], peq)
	}
	return out
}

func ratPow(x *big.Rat, n *big.Int) *big.Rat {
	num := new(big.Int).Exp(x.Num(), n, nil)
	den := new(big.Int).Exp(x.Denom(), n, nil)
	return new(big.Rat).SetFrac(num, den)
}

func floats(rs []*big.Rat) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i], _ = r.Float64()
	}
	return out
}

// refTilt returns T(q,p,α) ∝ p·q^α from the definition (max-shifted).
func refTilt(p, logq []float64, alpha float64) []float64 {
	m := math.Inf(-1)
	a := make([]float64, len(p))
	for i := range p {
		a[i] = math.Inf(-1)
		if p[i] > 0 {
			a[i] = math.Log(p[i]) + alpha*logq[i]
			m = math.Max(m, a[i])
		}
	}
	s := 0.0
	for _, x := range a {
		s += math.Exp(x - m)
	}
	out := make([]float64, len(p))
	for i := range p {
		out[i] = math.Exp(a[i]-m) / s
	}
	return out
}

func mustBoN(t testing.TB, p, logq []float64, n float64) Result {
	t.Helper()
	r, err := BestOfN(p, logq, n)
	if err != nil {
		t.Fatalf("BestOfN(N=%v): %v", n, err)
	}
	return r
}
