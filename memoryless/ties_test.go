package memoryless_test

import (
	"math"
	"math/big"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/memoryless"
)

// Near ties: q = (10^17/D, 1/3, (10^17+2)/D) with D = 3·10^17 + 3. The three
// entries agree to 1e-17, so their float64 logarithms are all equal, yet
// exactly q_0 < q_1 < q_2: every type has its own reward level. Sums of logs
// cannot order these types; exact arithmetic must.
var nearTieQ = []string{"100000000000000000/300000000000000003", "1/3", "100000000000000002/300000000000000003"}

// exactTieQ are rational q whose rewards tie across different types:
// (2/7)² = (4/7)(1/7), and 1/4 = (1/2)².
var exactTieQ = [][]string{
	{"4/7", "2/7", "1/7"},
	{"1/2", "1/4", "1/4"},
}

func init() {
	// The near-tie cases join the brute-force comparison (Exact and the
	// float engine against Definition 3).
	bruteCases = append(bruteCases,
		bruteCase{"neartie/m2n2", ex1P, nearTieQ, 2, 2},
		bruteCase{"neartie/m2n3", ex1P, nearTieQ, 2, 3},
		bruteCase{"neartie/m3n2", []string{"1/2", "1/4", "1/4"}, nearTieQ, 3, 2},
	)
}

// naiveLevels counts the distinct values of Σ n_k·log q_k summed naively in
// float64 over all types — what a float-only engine would take as levels.
func naiveLevels(m int, logq []float64) int {
	seen := map[float64]bool{}
	naive.Compositions(m, len(logq), func(n []int) {
		var r float64
		for k, c := range n {
			r += float64(c) * logq[k]
		}
		seen[r] = true
	})
	return len(seen)
}

// TestExactTiesAcrossTypes: with q whose rewards tie exactly across
// different types, the enumeration has exactly one level per distinct exact
// reward (the oracle groups by the rationals Π q_k^{n_k}) although naive
// float sums split some of those ties, and every level's mass matches.
// Cases: rational q (QExact) and q known only as float64 values 0.4, 0.2,
// 0.1, 0.3 (their exact binary values satisfy 0.2² = 0.4·0.1 exactly).
func TestExactTiesAcrossTypes(t *testing.T) {
	type tc struct {
		name string
		md   *memoryless.Model
		p    []float64
		q    []*big.Rat // exact values defining ties
		m    int
	}
	var cases []tc
	for _, qs := range exactTieQ {
		p, q := naive.Rats(ex1P...), naive.Rats(qs...)
		cases = append(cases, tc{"rational " + qs[0] + "," + qs[1] + "," + qs[2], ratModel(t, p, q), ratFloats(p), q, 200})
	}
	pf := []float64{0.1, 0.2, 0.3, 0.4}
	qf := []float64{0.4, 0.2, 0.1, 0.3}
	qb := make([]*big.Rat, len(qf))
	lq := make([]float64, len(qf))
	for i, x := range qf {
		qb[i] = new(big.Rat).SetFloat64(x)
		lq[i] = math.Log(x)
	}
	md, err := memoryless.NewModel(memoryless.Spec{P: pf, LogQ: lq, Q: qf})
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"float 0.4,0.2,0.1,0.3", md, pf, qb, 40})
	split := false
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			en, err := c.md.Enumerate(c.m, memoryless.Options{})
			if err != nil {
				t.Fatal(err)
			}
			o := newTypeOracle(c.p, c.q, c.m, 0)
			floatLevels := naiveLevels(c.m, ratLogs(c.q))
			t.Logf("m=%d: %d types, %d exact levels, %d naive float levels", c.m, len(o.types), len(o.levelLM), floatLevels)
			if floatLevels > len(o.levelLM) {
				split = true
			}
			if got := len(en.Levels.LogMass); got != len(o.levelLM) {
				t.Fatalf("%d levels, want %d (one per distinct exact reward)", got, len(o.levelLM))
			}
			for j, lm := range en.Levels.LogMass {
				if !naive.Near(lm, o.levelLM[j], 1e-12, 1e-12) {
					t.Errorf("level %d: log mass %.17g, exact grouping %.17g", j, lm, o.levelLM[j])
				}
			}
		})
	}
	if !split {
		t.Error("no case had naive float sums splitting an exact tie: the test no longer exercises the tie rule")
	}
}

// TestNearTiesDistinct: with nearTieQ every type is its own level, in the
// exact order of Π q_k^{n_k}, though float sums of logs cannot tell them
// apart (they all see log q_k = −log 3).
func TestNearTiesDistinct(t *testing.T) {
	p, q := naive.Rats(ex1P...), naive.Rats(nearTieQ...)
	lq := ratLogs(q)
	if lq[0] != lq[1] || lq[1] != lq[2] {
		t.Logf("float64 logs differ (%v); the near-tie is then only partly invisible", lq)
	}
	md := ratModel(t, p, q)
	const m = 60
	en, err := md.Enumerate(m, memoryless.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := newTypeOracle(ratFloats(p), q, m, 0)
	if len(o.levelLM) != len(o.types) {
		t.Fatalf("oracle: %d levels for %d types; the near-tie q should make all distinct", len(o.levelLM), len(o.types))
	}
	if got := len(en.Levels.LogMass); got != len(o.types) {
		t.Fatalf("%d levels, want %d (every type distinct exactly)", got, len(o.types))
	}
	for j := range o.types {
		// Each level is one type, so its mass identifies it.
		if !naive.Near(en.Levels.LogMass[j], o.types[j].logP, 1e-12, 1e-12) {
			t.Fatalf("level %d has log mass %.17g; in exact reward order it should be type %v (log mass %.17g)",
				j, en.Levels.LogMass[j], o.types[j].n, o.types[j].logP)
		}
	}
	// Exact order also reaches best-of-N: π(level) for N = e^12. (BestOfN
	// itself refuses: in float64 q looks constant, so delta_max = 0 and φ_δ
	// does not exist; the level engine needs no φ.)
	const logN = 12
	c, _ := bon.CountFromLog(logN)
	x := en.Levels.LogRatios(c)
	ob := newTypeOracle(ratFloats(p), q, m, logN)
	for j := range x {
		got := math.Exp(en.Levels.LogMass[j] + x[j])
		// π(level) = F⁺^N − F⁻^N has condition number ≈ N·A w.r.t. the mass
		// A above the level; level masses from log-gamma carry ~1e-13
		// relative error in both computations.
		tol := 1e-10 + 1e-12*math.Exp(logN)*ob.levelAbove[j]
		if !naive.Near(got, ob.levelPi[j], tol, 1e-300) {
			t.Errorf("π(level %d = type %v) = %.17g, oracle %.17g", j, ob.types[j].n, got, ob.levelPi[j])
		}
	}
}

// TestTieKeyCompareTypes: TieKey is bit-identical for exactly tied types and
// CompareTypes orders types exactly, including near ties whose float keys
// are in the wrong order.
func TestTieKeyCompareTypes(t *testing.T) {
	sig := func(md *memoryless.Model, n ...uint16) ([]int64, float64) {
		s := make([]int64, md.BasisLen())
		k := md.TieKey(n, s)
		return s, k
	}
	md := ratModel(t, naive.Rats(ex1P...), naive.Rats("4/7", "2/7", "1/7"))
	// m = 300: 150·log(2/7)·2 vs 150·(log(4/7) + log(1/7)).
	a, ka := sig(md, 0, 300, 0)
	b, kb := sig(md, 150, 0, 150)
	c, _ := sig(md, 151, 0, 149)
	if md.CompareTypes(a, b) != 0 || ka != kb {
		t.Errorf("(0,300,0) vs (150,0,150): CompareTypes = %d, keys %.17g %.17g; want an exact tie with identical keys", md.CompareTypes(a, b), ka, kb)
	}
	if md.CompareTypes(c, a) != 1 || md.CompareTypes(a, c) != -1 {
		t.Errorf("(151,0,149) should beat (0,300,0) exactly (4/7·… > 2/7·2/7·…)")
	}
	nt := ratModel(t, naive.Rats(ex1P...), naive.Rats(nearTieQ...))
	for _, pair := range [][2][]uint16{
		{{1, 0, 0}, {0, 1, 0}}, // q_0 < q_1
		{{0, 1, 0}, {0, 0, 1}}, // q_1 < q_2
		{{2, 0, 1}, {1, 2, 0}}, // q_0² q_2 < q_0 q_1²  ⇔  q_0 q_2 < q_1²
		{{30, 0, 0}, {29, 1, 0}},
	} {
		lo, _ := sig(nt, pair[0]...)
		hi, _ := sig(nt, pair[1]...)
		if nt.CompareTypes(lo, hi) != -1 || nt.CompareTypes(hi, lo) != 1 {
			t.Errorf("near tie %v < %v: CompareTypes = %d, %d", pair[0], pair[1], nt.CompareTypes(lo, hi), nt.CompareTypes(hi, lo))
		}
	}
	// Truth for the third pair: q_0·q_2 = (10^34 + 2·10^17)/D² < q_1² = (D/3)²/D² = (10^17+1)²/D².
	lhs := new(big.Rat).Mul(naive.Rat(nearTieQ[0]), naive.Rat(nearTieQ[2]))
	rhs := new(big.Rat).Mul(naive.Rat(nearTieQ[1]), naive.Rat(nearTieQ[1]))
	if lhs.Cmp(rhs) >= 0 {
		t.Fatal("test arithmetic: q_0 q_2 should be below q_1²")
	}
}
