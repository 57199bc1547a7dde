package paper

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/memoryless"
	"github.com/tiltkit/tiltkit/tilt"
)

// params are the sizes of every computation, per Level.
type params struct {
	gridN          int       // the Lemma 1 grid has step 1/gridN on the 2-simplex
	contourPoints  int       // points of a traced KL contour
	randomPolicies int       // random feasible policies per case (Lemmas 1, 2)
	deltas         []float64 // δ values of the sequence and LDP items
	convMs         []int     // sequence lengths of the convergence tables
	ldpMs          []int     // sequence lengths of the finite-m exponents
	cumulantMs     []int     // sequence lengths of Corollary 1's finite-m check
	tradeoffNMax   int       // best-of-N for N = 1..tradeoffNMax (single token, K = 3)
	largeK         int       // the random large-alphabet case
	mcDraws        int       // Monte Carlo draws per point of the empirical figure
	sweepSmallK    []int     // K < 10
	sweepSmallT    int       // trials per (K, generator, budget)
	sweepBigK      []int     // K > 1000
	sweepBigT      int
	sweepNMax      int
}

func paramsFor(l Level) params {
	switch l {
	case Quick:
		return params{
			gridN: 150, contourPoints: 240, randomPolicies: 200,
			deltas: []float64{0.05, 0.1, 0.3}, convMs: []int{10, 50, 200, 500},
			ldpMs: []int{50, 100, 200}, cumulantMs: []int{10, 50},
			tradeoffNMax: 1000, largeK: 200, mcDraws: 200,
			sweepSmallK: []int{3, 5, 9}, sweepSmallT: 10,
			sweepBigK: []int{1024}, sweepBigT: 1, sweepNMax: 100,
		}
	case Full:
		return params{
			gridN: 3000, contourPoints: 1440, randomPolicies: 20000,
			deltas: []float64{0.05, 0.1, 0.3}, convMs: []int{10, 20, 50, 100, 200, 500, 1000, 2000, 5000},
			ldpMs: []int{50, 100, 200, 400, 800, 1600}, cumulantMs: []int{50, 100, 200, 400, 800},
			tradeoffNMax: 10000, largeK: 1000, mcDraws: 4000,
			sweepSmallK: []int{3, 5, 9}, sweepSmallT: 5000,
			sweepBigK: []int{1024, 2048}, sweepBigT: 50, sweepNMax: 1000,
		}
	}
	return params{
		gridN: 1000, contourPoints: 720, randomPolicies: 3000,
		deltas: []float64{0.05, 0.1, 0.3}, convMs: []int{10, 20, 50, 100, 200, 500, 1000, 2000},
		ldpMs: []int{50, 100, 200, 400, 800}, cumulantMs: []int{50, 100, 200, 400, 800},
		tradeoffNMax: 10000, largeK: 1000, mcDraws: 1000,
		sweepSmallK: []int{3, 5, 9}, sweepSmallT: 500,
		sweepBigK: []int{1024}, sweepBigT: 20, sweepNMax: 1000,
	}
}

// example is the paper's recurring ternary source (Example 1):
// p = (1/5, 3/10, 1/2), q = (2/3, 1/9, 2/9).
type example struct {
	p, q  dist.Vector
	logq  []float64
	fam   *tilt.Family
	sel   *bon.Selector
	model *memoryless.Model
}

const (
	exampleP = "1/5,3/10,1/2"
	exampleQ = "2/3,1/9,2/9"
)

func newExample() (*example, error) {
	pv, err := dist.ParseVector(exampleP)
	if err != nil {
		return nil, err
	}
	p, err := dist.Validate(pv, dist.Options{})
	if err != nil {
		return nil, err
	}
	qv, err := dist.ParseVector(exampleQ)
	if err != nil {
		return nil, err
	}
	q, err := dist.Validate(qv, dist.Options{Positive: true})
	if err != nil {
		return nil, err
	}
	ex := &example{p: p, q: q, logq: q.LogValues()}
	if ex.fam, err = tilt.NewFamily(p.Values, ex.logq); err != nil {
		return nil, err
	}
	if ex.sel, err = bon.New(p.Values, ex.logq); err != nil {
		return nil, err
	}
	ex.model, err = memoryless.NewModel(memoryless.Spec{P: p.Values, LogQ: ex.logq, Q: q.Values, PExact: p.Exact, QExact: q.Exact})
	if err != nil {
		return nil, err
	}
	return ex, nil
}

// phi returns φ_δ = T(q, p, α(δ)) of the example and α(δ).
func (ex *example) phi(delta float64) ([]float64, float64, error) {
	a, err := ex.fam.AlphaForKL(delta)
	if err != nil {
		return nil, 0, err
	}
	return ex.fam.Tilt(a), a, nil
}

// enumCache keeps the type enumerations of the example by m.
type enumCache struct {
	ex *example
	m  map[int]*memoryless.Enumeration
}

func newEnumCache(ex *example) *enumCache {
	return &enumCache{ex: ex, m: map[int]*memoryless.Enumeration{}}
}

func (c *enumCache) get(m int) (*memoryless.Enumeration, error) {
	if e, ok := c.m[m]; ok {
		return e, nil
	}
	e, err := c.ex.model.Enumerate(m, memoryless.Options{})
	if err != nil {
		return nil, err
	}
	c.m[m] = e
	return e, nil
}

// rng returns the fixed random stream of an item.
func rng(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(20240402, stream)) }

// checks collects the pass/fail checks of a criterion.
type checks struct {
	names []string
	ok    []bool
}

func (c *checks) add(name string, ok bool) {
	c.names = append(c.names, name)
	c.ok = append(c.ok, ok)
}

// verdict: all passed → reproduced; none → not reproduced; else partly.
func (c *checks) verdict() (Status, string) {
	var pass, fail []string
	for i, n := range c.names {
		if c.ok[i] {
			pass = append(pass, n)
		} else {
			fail = append(fail, n)
		}
	}
	switch {
	case len(fail) == 0:
		return Reproduced, fmt.Sprintf("all %d checks passed", len(pass))
	case len(pass) == 0:
		return NotReproduced, "failed: " + strings.Join(fail, "; ")
	}
	return Partly, fmt.Sprintf("%d of %d checks passed; failed: %s", len(pass), len(pass)+len(fail), strings.Join(fail, "; "))
}

func (c *checks) apply(cl *Claim) { cl.Status, cl.Why = c.verdict() }

// g formats a number with 6 significant digits (∞ for infinities).
func g(x float64) string { return gp(x, 6) }

// gp formats a number with prec significant digits.
func gp(x float64, prec int) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case math.IsNaN(x):
		return "NaN"
	}
	s := strconv.FormatFloat(x, 'g', prec, 64)
	if strings.Contains(s, "e") {
		mant, exp, _ := strings.Cut(s, "e")
		e, _ := strconv.Atoi(exp)
		return fmt.Sprintf("%s·10^%d", strings.Replace(mant, "-", "−", 1), e)
	}
	return strings.Replace(s, "-", "−", 1)
}

// vec formats a vector with 6 significant digits.
func vec(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = g(x)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func maxAbsDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

func itoa(i int) string { return strconv.Itoa(i) }

// logs returns log x elementwise.
func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

// bary converts a 3-vector to barycentric coordinates.
func bary(x []float64) [3]float64 { return [3]float64{x[0], x[1], x[2]} }

// randomPair draws p and q from Dirichlet(1) over k symbols (seeded).
func randomPair(k int, seed uint64) (p, logq []float64) {
	pv := dist.Dirichlet(k, seed, 1)
	qv := dist.Dirichlet(k, seed+1, 1)
	return pv.Values, qv.LogValues()
}

// exps returns exp x elementwise.
func exps(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Exp(v)
	}
	return out
}

// joinFloats formats xs as "a, b, c".
func joinFloats(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = g(x)
	}
	return strings.Join(parts, ", ")
}

// set formats xs as "{a, b, c}".
func set[T int | float64](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = g(float64(x))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
