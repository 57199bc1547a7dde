package montecarlo

import (
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Example 1 of the paper.
var (
	ex1P = []string{"1/5", "3/10", "1/2"}
	ex1Q = []string{"2/3", "1/9", "2/9"}
)

// ratModel returns the memoryless model with exact p and q.
func ratModel(t testing.TB, p, q []string) *memoryless.Model {
	t.Helper()
	pr, qr := naive.Rats(p...), naive.Rats(q...)
	pf := make([]float64, len(pr))
	qf := make([]float64, len(qr))
	lq := make([]float64, len(qr))
	for i := range pr {
		pf[i], _ = pr[i].Float64()
		qf[i], _ = qr[i].Float64()
		lq[i] = math.Log(qf[i])
	}
	md, err := memoryless.NewModel(memoryless.Spec{P: pf, LogQ: lq, Q: qf, PExact: pr, QExact: qr})
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// chiSquare returns Pearson's statistic Σ (O − E)²/E and its degrees of
// freedom after pooling every bin with expected count below 5 into one bin
// (pooled bins still below 5 are merged into the smallest remaining bin).
// expected are probabilities (summing to 1); observed are counts.
func chiSquare(observed []int, expected []float64, total int) (stat float64, df int) {
	var obs, exp []float64
	var poolO, poolE float64
	for i, p := range expected {
		e := p * float64(total)
		if e < 5 {
			poolO += float64(observed[i])
			poolE += e
			continue
		}
		obs = append(obs, float64(observed[i]))
		exp = append(exp, e)
	}
	if poolE >= 5 || (poolE > 0 && len(exp) == 0) {
		obs = append(obs, poolO)
		exp = append(exp, poolE)
	} else if poolE > 0 {
		j := 0
		for i := range exp {
			if exp[i] < exp[j] {
				j = i
			}
		}
		obs[j] += poolO
		exp[j] += poolE
	}
	for i := range obs {
		d := obs[i] - exp[i]
		stat += d * d / exp[i]
	}
	return stat, len(obs) - 1
}

// chiCritical is the upper 0.001 quantile of χ²(df) (gonum, checked against
// tables in TestChiCritical).
func chiCritical(df int) float64 {
	return distuv.ChiSquared{K: float64(df)}.Quantile(1 - 0.001)
}

// TestChiCritical pins the critical values used by the goodness-of-fit tests
// against published χ² tables (α = 0.001): df 1 → 10.828, 5 → 20.515,
// 10 → 29.588, 14 → 36.123, 20 → 45.315.
func TestChiCritical(t *testing.T) {
	for df, want := range map[int]float64{1: 10.828, 5: 20.515, 10: 29.588, 14: 36.123, 20: 45.315} {
		if got := chiCritical(df); math.Abs(got-want) > 5e-4 {
			t.Errorf("χ²_0.999(%d) = %.4f, table %.3f", df, got, want)
		}
	}
}

// binomPMF returns the exact Bin(n, θ) pmf for rational θ, as float64.
func binomPMF(n int, theta *big.Rat) []float64 {
	out := make([]float64, n+1)
	one := big.NewRat(1, 1)
	rest := new(big.Rat).Sub(one, theta)
	for i := 0; i <= n; i++ {
		c := new(big.Int).Binomial(int64(n), int64(i))
		v := new(big.Rat).SetInt(c)
		v.Mul(v, ratPow(theta, i))
		v.Mul(v, ratPow(rest, n-i))
		out[i], _ = v.Float64()
	}
	return out
}

func ratPow(x *big.Rat, n int) *big.Rat {
	num := new(big.Int).Exp(x.Num(), big.NewInt(int64(n)), nil)
	den := new(big.Int).Exp(x.Denom(), big.NewInt(int64(n)), nil)
	return new(big.Rat).SetFrac(num, den)
}

// multinomialPMF returns Mult(m, p) over the compositions of m into len(p)
// parts (in the order of compositions), exact for rational p.
func multinomialPMF(m int, p []*big.Rat) (types [][]int, pmf []float64) {
	k := len(p)
	n := make([]int, k)
	var rec func(i, rest int)
	rec = func(i, rest int) {
		if i == k-1 {
			n[i] = rest
			v := new(big.Rat).SetInt(new(big.Int).MulRange(1, int64(max(m, 1))))
			for j, c := range n {
				v.Quo(v, new(big.Rat).SetInt(new(big.Int).MulRange(1, int64(max(c, 1)))))
				v.Mul(v, ratPow(p[j], c))
			}
			f, _ := v.Float64()
			types = append(types, append([]int(nil), n...))
			pmf = append(pmf, f)
			return
		}
		for c := 0; c <= rest; c++ {
			n[i] = c
			rec(i+1, rest-c)
		}
	}
	rec(0, m)
	return types, pmf
}

func typeKey(n []uint16) [4]uint16 {
	var k [4]uint16
	copy(k[:], n)
	return k
}

func intKey(n []int) [4]uint16 {
	var k [4]uint16
	for i, c := range n {
		k[i] = uint16(c)
	}
	return k
}
