package paper

import (
	"context"
	"math"
	"math/big"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/figures"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/ldp"
	"github.com/tiltkit/tiltkit/tilt"
)

var (
	quickOnce sync.Once
	quickRep  *Report
	quickErr  error
)

// quick builds the Quick report once for every test.
func quick(t *testing.T) *Report {
	t.Helper()
	quickOnce.Do(func() {
		quickRep, quickErr = Build(context.Background(), Options{Level: Quick, Version: "test", Command: "tiltkit paper --out x --quick"})
	})
	if quickErr != nil {
		t.Fatal(quickErr)
	}
	return quickRep
}

func figure(t *testing.T, r *Report, name string) *Figure {
	t.Helper()
	for _, f := range r.Figures() {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no figure %s", name)
	return nil
}

func series(t *testing.T, f *Figure, name string) figures.Series {
	t.Helper()
	for _, s := range f.Lines.Series {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("figure %s has no series %q", f.Name, name)
	return figures.Series{}
}

func curve(t *testing.T, f *Figure, name string) figures.SimplexCurve {
	t.Helper()
	for _, c := range f.Simplex.Curves {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("figure %s has no curve %q", f.Name, name)
	return figures.SimplexCurve{}
}

// Example 1 of the paper, written out independently of the report.
var (
	exP    = []float64{0.2, 0.3, 0.5}
	exLogQ = []float64{math.Log(2.0 / 3), math.Log(1.0 / 9), math.Log(2.0 / 9)}
)

func naiveH(a, logq []float64) float64 {
	s := 0.0
	for i := range a {
		s -= a[i] * logq[i]
	}
	return s
}

func TestRequiredClaims(t *testing.T) {
	r := quick(t)
	for _, id := range RequiredIDs {
		c := r.Claim(id)
		if c == nil {
			t.Errorf("missing claim %s", id)
			continue
		}
		switch c.Status {
		case Reproduced, Partly, NotReproduced:
		default:
			t.Errorf("%s: status %q", id, c.Status)
		}
		if c.Statement == "" || c.Criterion == "" || c.Computed == "" || c.Why == "" {
			t.Errorf("%s: incomplete section", id)
		}
	}
}

// TestFigure1Data: the KL contour satisfies KL(φ‖p) = δ, the reward line has
// constant cross-entropy through φ_δ, and every aligned-family point is a
// tilt of p towards q (log(φ/p) is affine in log q).
func TestFigure1Data(t *testing.T) {
	const tol = 1e-10
	f := figure(t, quick(t), "figure-1")
	for _, pt := range curve(t, f, "KL contour KL(φ‖p) = 0.1").Points {
		if d := naive.KL(pt[:], exP) - figure1Delta; math.Abs(d) > tol {
			t.Fatalf("contour point %v: KL − δ = %g", pt, d)
		}
	}
	var phi []float64
	for _, p := range f.Simplex.Points {
		if p.Label == "φ_δ" {
			phi = p.P[:]
		}
	}
	if math.Abs(naive.KL(phi, exP)-figure1Delta) > tol {
		t.Errorf("φ_δ has KL %g", naive.KL(phi, exP))
	}
	line := curve(t, f, "reward contour H(φ‖q) = H(φ_δ‖q)").Points
	for _, pt := range line {
		if d := naiveH(pt[:], exLogQ) - naiveH(phi, exLogQ); math.Abs(d) > 1e-12 {
			t.Errorf("reward line point %v: H − H(φ_δ) = %g", pt, d)
		}
	}
	for _, name := range []string{"aligned family φ_δ (α ≥ 0)", "continuation α < 0"} {
		pts := curve(t, f, name).Points
		for _, pt := range pts[1 : len(pts)-1] { // the last is the limit α = ±∞
			if min(pt[0], pt[1], pt[2]) < 1e-290 {
				continue // underflowed near a vertex: no logarithm to check
			}
			// α from coordinates 0 and 2, then coordinate 1 must agree.
			a := (math.Log(pt[0]/exP[0]) - math.Log(pt[2]/exP[2])) / (exLogQ[0] - exLogQ[2])
			want := math.Log(pt[2]/exP[2]) + a*(exLogQ[1]-exLogQ[2])
			if d := math.Log(pt[1]/exP[1]) - want; math.Abs(d) > 1e-9 {
				t.Fatalf("%s: %v is not a tilt (residual %g)", name, pt, d)
			}
		}
	}
}

// TestTradeoffData: every best-of-N marker is bon's (KL, reward) at some N,
// and every frontier point is the tilt at its own KL.
func TestTradeoffData(t *testing.T) {
	f := figure(t, quick(t), "tradeoff-example-1")
	sel, err := bon.New(exP, exLogQ)
	if err != nil {
		t.Fatal(err)
	}
	var ref [][2]float64
	for n := 1; n <= paramsFor(Quick).tradeoffNMax; n++ {
		c, _ := bon.NewCount(float64(n))
		r := sel.BestOfN(c)
		ref = append(ref, [2]float64{r.KL, r.ExpectedReward})
	}
	s := series(t, f, "best-of-N (exact)")
	for i := range s.X {
		best := math.Inf(1)
		for _, rr := range ref {
			best = math.Min(best, math.Abs(rr[0]-s.X[i])+math.Abs(rr[1]-s.Y[i]))
		}
		if best > 1e-12 {
			t.Errorf("marker (%g, %g) is no best-of-N point", s.X[i], s.Y[i])
		}
	}
	fam, _ := tilt.NewFamily(exP, exLogQ)
	fr := series(t, f, "optimal tilt φ_Δ")
	for i := range fr.X {
		a, err := fam.AlphaForKL(fr.X[i])
		if err != nil {
			t.Fatal(err)
		}
		if d := -naiveH(fam.Tilt(a), exLogQ) - fr.Y[i]; math.Abs(d) > 1e-9 {
			t.Errorf("frontier point %d: reward off by %g", i, d)
		}
	}
}

// TestKLBoundData: the bound curves are log N and log N − (N−1)/N, and the
// exact curve lies under them.
func TestKLBoundData(t *testing.T) {
	f := figure(t, quick(t), "lemma-6-kl-bound")
	ln := series(t, f, "log N (Lemma 6)")
	bd := series(t, f, "log N − (N−1)/N")
	ex := series(t, f, "exact KL(π_N‖p), Example 1")
	for i, n := range ln.X {
		if math.Abs(ln.Y[i]-math.Log(n)) > 1e-15 || math.Abs(bd.Y[i]-(math.Log(n)-(n-1)/n)) > 1e-12 {
			t.Fatalf("N = %g: bound curves wrong", n)
		}
		if ex.X[i] != n || ex.Y[i] > bd.Y[i]+1e-12 || ex.Y[i] > math.Log(5)+1e-12 {
			t.Fatalf("N = %g: exact KL %g above a bound", n, ex.Y[i])
		}
	}
}

// TestTheorem2Golden pins (1/m)KL(π_N^m‖φ_δ^m) at m = 10, δ = 0.1, which
// `tiltkit seq --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta-rate 0.1 --m 10`
// prints as 0.0269992 (exact over the 66 types).
func TestTheorem2Golden(t *testing.T) {
	f := figure(t, quick(t), "theorem-2-kl-rate")
	s := series(t, f, "δ = 0.1")
	if want := klRateByTypes(10, 0.1); s.X[0] != 10 || math.Abs(s.Y[0]-want) > 1e-12 {
		t.Errorf("m = %g: %.15g, want %.15g (textbook type sum)", s.X[0], s.Y[0], want)
	}
	for i := 1; i < len(s.Y); i++ {
		if !(s.Y[i] < s.Y[i-1]) {
			t.Errorf("not decreasing at m = %g", s.X[i])
		}
	}
}

// klRateByTypes returns (1/m)·KL(π_N^m‖φ_δ^m) for Example 1 with N = e^{mδ},
// summed type by type from the definitions: types grouped by their exact
// reward Π q_k^{n_k} (big.Rat), π(level) = F⁺^N − F⁻^N, φ_δ by bisection.
func klRateByTypes(m int, delta float64) float64 {
	p := []float64{0.2, 0.3, 0.5}
	q := naive.Rats("2/3", "1/9", "2/9")
	lq := make([]float64, 3)
	for i, r := range q {
		f, _ := r.Float64()
		lq[i] = math.Log(f)
	}
	phi, _ := naive.TiltTo(p, lq, delta)
	type typ struct {
		reward   *big.Rat
		lp, lphi float64
	}
	var ts []typ
	naive.Compositions(m, 3, func(n []int) {
		r := big.NewRat(1, 1)
		for k, c := range n {
			for j := 0; j < c; j++ {
				r.Mul(r, q[k])
			}
		}
		ts = append(ts, typ{r, naive.LogMultinomial(n, p), naive.LogMultinomial(n, phi)})
	})
	sort.Slice(ts, func(i, j int) bool { return ts[i].reward.Cmp(ts[j].reward) > 0 })
	n := math.Exp(float64(m) * delta)
	var kl, above float64
	for a := 0; a < len(ts); {
		b, level := a, 0.0
		for ; b < len(ts) && ts[b].reward.Cmp(ts[a].reward) == 0; b++ {
			level += math.Exp(ts[b].lp)
		}
		ratio := (math.Pow(1-above, n) - math.Pow(1-above-level, n)) / level
		for _, tp := range ts[a:b] {
			pi := math.Exp(tp.lp) * ratio
			kl += pi * (math.Log(pi) - tp.lphi)
		}
		above += level
		a = b
	}
	return kl / float64(m)
}

// TestConjectureData: the J_BoN curve is J₀(t) − δ, the J_δ curve is
// Theorem 1's, both recomputed from package ldp.
func TestConjectureData(t *testing.T) {
	f := figure(t, quick(t), "conjecture-rate")
	r, err := ldp.New(exP, exLogQ, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	jb := series(t, f, "J_BoN (tiltkit)")
	for i, x := range jb.X {
		pt, err := r.At(x)
		if err != nil {
			t.Fatal(err)
		}
		if x > r.TStar || math.Abs(jb.Y[i]-math.Max(0, pt.J0-0.1)) > 1e-12 {
			t.Fatalf("J_BoN at t = %g: %g, want %g", x, jb.Y[i], pt.J0-0.1)
		}
	}
	jd := series(t, f, "J_δ (conjecture)")
	for i, x := range jd.X {
		pt, _ := r.At(x)
		if math.Abs(jd.Y[i]-pt.JDelta) > 1e-12 {
			t.Fatalf("J_δ at t = %g", x)
		}
	}
}

// TestTable2Evidence: the nine cells of Table 2 equal the paper's exactly.
func TestTable2Evidence(t *testing.T) {
	c := quick(t).Claim("table-2")
	if c.Status != Reproduced || c.Evidence["matches"] != 9 {
		t.Errorf("table-2: %s, %v matches", c.Status, c.Evidence["matches"])
	}
}

// TestFigureSVGTitles writes every figure and checks each SVG parses and
// carries its title and axis labels.
func TestFigureSVGTitles(t *testing.T) {
	r := quick(t)
	dir := t.TempDir()
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Figures() {
		path := filepath.Join(dir, f.Name+".svg")
		want := []string{f.Title()}
		if f.Lines != nil {
			want = append(want, f.Lines.XLabel, f.Lines.YLabel)
		} else {
			want = append(want, f.Simplex.VertexLabels[:]...)
		}
		if err := figures.CheckSVGTexts(path, want...); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
}

// TestDeterministic: two builds give the same claims.json.
func TestDeterministic(t *testing.T) {
	a, err := quick(t).JSON()
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Build(context.Background(), Options{Level: Quick, Workers: 1, Version: "test", Command: "tiltkit paper --out x --quick"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r2.JSON()
	if string(a) != string(b) {
		t.Error("claims.json differs between two builds (workers GOMAXPROCS vs 1)")
	}
}
