package bigref

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "regenerate the reference files in testdata/reference (takes minutes)")

// refDir is the directory of the reference files, relative to this package.
const refDir = "../../testdata/reference"

// makeInput builds a named input, computing logq = math.Log(q) and the
// checksums.
func makeInput(name, note string, gen *Gen, p, q []float64) *Input {
	lq := make([]float64, len(q))
	for i, v := range q {
		lq[i] = math.Log(v)
	}
	return &Input{
		Name: name, Note: note, K: len(p), Gen: gen, P: p, Q: q, LogQ: lq,
		SHA256: map[string]string{"p": Checksum(p), "q": Checksum(q), "logq": Checksum(lq)},
	}
}

// referenceInputs returns every input of the reference files.
func referenceInputs() []*Input {
	var ins []*Input
	ins = append(ins, makeInput("example1",
		"Example 1 of the paper: p = (1/5, 3/10, 1/2), q = (2/3, 1/9, 2/9), as float64 of the fractions",
		nil, []float64{1.0 / 5, 3.0 / 10, 1.0 / 2}, []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}))
	for _, k := range []int{2, 3, 10, 100, 1000, 10000} {
		sp, sq := uint64(10*k+1), uint64(10*k+2)
		ins = append(ins, makeInput(fmt.Sprintf("dir_k%d", k),
			fmt.Sprintf("p = GenDirichlet1(%d, %d), q = GenDirichlet1(%d, %d)", k, sp, k, sq),
			&Gen{PKind: "dirichlet1", SeedP: sp, QKind: "dirichlet1", SeedQ: sq},
			GenDirichlet1(k, sp), GenDirichlet1(k, sq)))
	}
	ins = append(ins, makeInput("ties4",
		"q with ties, including a tie at the top: q = (0.3, 0.3, 0.2, 0.2)",
		nil, []float64{0.1, 0.2, 0.3, 0.4}, []float64{0.3, 0.3, 0.2, 0.2}))
	// K = 50 with many ties: q_i = L_i / 150, L_i = 1 + (7 i mod 5), five
	// levels of ten entries each (float64 division, so equal levels give
	// bit-identical q and logq).
	q50 := make([]float64, 50)
	for i := range q50 {
		q50[i] = float64(1+(7*i)%5) / 150
	}
	ins = append(ins, makeInput("ties50",
		"p = GenDirichlet1(50, 501); q_i = (1 + (7 i mod 5)) / 150 in float64: five tied levels of ten entries",
		&Gen{PKind: "dirichlet1", SeedP: 501}, GenDirichlet1(50, 501), q50))
	ins = append(ins, makeInput("pzeros",
		"p with zeros, one at the global argmax of q (so the support argmax is index 3) and one inside a tie",
		nil, []float64{0, 0.25, 0, 0.5, 0.25, 0}, []float64{0.35, 0.1, 0.05, 0.2, 0.15, 0.15}))
	ins = append(ins, makeInput("tinyq",
		"q with entries 1e-150 and 2e-150 (logq about -345)",
		nil, []float64{0.3, 0.1, 0.2, 0.15, 0.25}, []float64{1e-150, 0.5, 0.3, 0.2, 2e-150}))
	ins = append(ins, makeInput("raretop",
		"the top of q has p = 1e-12 (delta_max about 27.6): best-of-N with N = 1e12 is far from both p and the top",
		nil, []float64{1e-12, 0.5, 0.3, 0.2}, []float64{0.4, 0.3, 0.2, 0.1}))
	return ins
}

// inputFacts are float64 summaries used to derive the parameters of cases.
type inputFacts struct {
	deltaMax float64 // Δ_max rounded to float64
	ce       float64 // H(p̂‖q) = -E_p̂[logq] rounded to float64
	lmax     float64 // max logq over the support
	lmin     float64 // min logq over the support
}

func factsOf(in *Input) inputFacts {
	m := newModel(def, in.P, in.LogQ)
	dm, _ := m.deltaMax().Float64()
	ce, _ := m.tilt(def.f()).el.Float64()
	return inputFacts{deltaMax: dm, ce: -ce, lmax: m.lmax, lmin: m.lmin}
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// referenceCases returns the cases of every family, with Case.In set.
func referenceCases(ins []*Input) map[string][]*Case {
	cases := map[string][]*Case{}
	add := func(fam string, in *Input, mode string, params map[string]float64, budget, note string) {
		name := in.Name + "/" + mode
		for _, k := range []string{"alpha", "delta", "rate", "n", "log_n", "t", "rho"} {
			if v, ok := params[k]; ok {
				name += fmt.Sprintf("/%s=%s", k, g(v))
			}
		}
		if budget != "" {
			name += "/" + budget
		}
		cases[fam] = append(cases[fam], &Case{
			Name: name, Input: in.Name, Mode: mode, Params: params, Budget: budget, Note: note, In: in,
		})
	}
	for _, in := range ins {
		large := in.K >= 10000
		f := factsOf(in)

		// measures
		add("measures", in, "basic", nil, "", "")
		for _, t := range []float64{0.1, 0.5, 0.999999, 1, 1.000001, 2, 10} {
			add("measures", in, "renyi", map[string]float64{"t": t}, "", "")
		}

		// tilt: given alpha
		alphas := []float64{-1, 0, 0.5, 1, 2.5, 10}
		if large {
			alphas = []float64{-1, 0.5, 2.5}
		}
		for _, a := range alphas {
			add("tilt", in, "alpha", map[string]float64{"alpha": a}, "", "")
		}
		// tilt: given delta
		type dspec struct {
			d    float64
			note string
		}
		deltas := []dspec{
			{0, ""}, {1e-10, ""}, {1e-6, ""}, {0.01, ""}, {0.1, ""}, {1, ""},
			{f.deltaMax * 0.5, "delta = float64(delta_max) * 0.5"},
			{f.deltaMax * (1 - 1e-6), "delta = float64(delta_max) * (1 - 1e-6)"},
			{f.deltaMax * (1 - 1e-9), "delta = float64(delta_max) * (1 - 1e-9)"},
		}
		if large {
			deltas = []dspec{{1e-10, ""}, {0.1, ""}, deltas[6], deltas[8]}
		}
		for _, d := range deltas {
			if d.d < f.deltaMax {
				add("tilt", in, "delta", map[string]float64{"delta": d.d}, "", d.note)
			}
		}
		// tilt: given rate t in (-lmax, -lmin); beta > 0 below H(p̂‖q).
		lo, hi := -f.lmax, -f.lmin
		us := []float64{1e-6, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-6}
		if large {
			us = []float64{1e-6, 0.5, 1 - 1e-6}
		}
		for _, u := range us {
			t := lo + u*(hi-lo)
			add("tilt", in, "rate", map[string]float64{"rate": t}, "",
				fmt.Sprintf("rate = t_lo + %s*(t_hi - t_lo), t_lo = -max logq = %s, t_hi = -min logq = %s (float64)", g(u), g(lo), g(hi)))
		}
		add("tilt", in, "rate", map[string]float64{"rate": f.ce}, "",
			"rate = float64(H(p̂‖q)): beta is tiny, its sign set by the rounding of the rate")

		// bon
		ns := []float64{1, 2, 3.5, 10, 1000, 1e6, 1e12}
		for _, n := range ns {
			add("bon", in, "n", map[string]float64{"n": n}, "", "")
		}
		for _, ln := range []float64{50, 1000} {
			add("bon", in, "log_n", map[string]float64{"log_n": ln}, "", "")
		}

		// compare
		cns := []float64{2, 3.5, 10, 1000, 1e6, 1e12}
		if large {
			cns = []float64{2, 1000, 1e6}
		}
		add("compare", in, "n", map[string]float64{"n": 1}, "exact", "")
		for _, n := range cns {
			for _, b := range []Budget{BudgetExact, BudgetBound, BudgetLogN} {
				add("compare", in, "n", map[string]float64{"n": n}, string(b), "")
			}
		}

		// cumulant
		cds := []dspec{{f.deltaMax * 0.1, "delta = float64(delta_max) * 0.1"}, {f.deltaMax * 0.5, "delta = float64(delta_max) * 0.5"}}
		if large {
			cds = cds[1:]
		}
		for _, d := range cds {
			for _, rho := range []float64{0, 1e-8, 0.5, 1, 3} {
				add("cumulant", in, "delta", map[string]float64{"delta": d.d, "rho": rho}, "", d.note)
			}
		}
	}
	return cases
}

var familyDescriptions = map[string]string{
	"measures": "Information measures of the float64 vectors p and q of the input exactly as given (no normalisation; logs of q computed exactly from the float64 q). mode basic: entropy_p = H(p) = -sum p log p, entropy_q, kl_pq = KL(p||q) = sum p log(p/q) (0 log 0 = 0, +Inf if p>0=q), kl_qp, cross_entropy_pq = H(p||q) = -sum p log q, cross_entropy_qp. mode renyi (param t): renyi_pq = H_t(p||q) = 1/(1-t) log sum p q^(t-1), = H(p||q) at t = 1.",
	"tilt":     "Mismatched tilt phi = T(q,p,alpha)_i = p_i q_i^alpha / sum_j p_j q_j^alpha with q^alpha = exp(alpha*logq) (Lemma 1), p normalised exactly by its sum (p^ below), logq as given. mode alpha: param alpha. mode delta: param delta, alpha = alpha(delta) >= 0 with KL(phi||p^) = delta. mode rate: param rate t, alpha = beta(t) (real) with H(phi||q) = t. Outputs: alpha, delta = KL(phi||p^), cross_entropy = H(phi||q) = -E_phi[logq], expected_reward = E_phi[logq], log_z = log sum p^ q^alpha, reward_var = Var_phi[logq], delta_max = -log P_p^(argmax of logq over the support, ties included); vector phi.",
	"bon":      "Best-of-N (Definition 3, real N >= 1, ties in logq broken uniformly): pi(y) = p^(y)/P_eq(y) (F+(y)^N - F-(y)^N), F+ = P_p^(logq <= logq_y), F- = P_p^(logq < logq_y), p^ = p normalised exactly. mode n: param n; mode log_n: param log_n (N = e^log_n). Outputs: n, log_n, kl = KL(pi||p^), kl_bound = log N - (N-1)/N, cross_entropy = H(pi||q) = -E_pi[logq], expected_reward = E_pi[logq]; vector pi.",
	"compare":  "Best-of-N against the optimal policy phi = T(q,p,alpha(delta)) at the budget delta = KL(pi||p^) (budget exact), log N - (N-1)/N (bound) or log N (logn); params n, budget. Outputs: n, log_n, delta, delta_max, kl_bon_p = KL(pi||p^), reward_bon = E_pi[logq], and unless skip is set (delta >= delta_max; or, budget exact, delta_max - delta below 2^-2147483648 so that alpha is not representable): alpha, reward_phi = E_phi[logq], kl_bon_phi = KL(pi||phi), reward_gap = H(pi||q) - H(phi||q), lemma2_bound = alpha*reward_gap; vectors pi and phi. Cases with prec_bits were computed at that precision; outputs listed under unresolved (tiny second-order quantities at huge N) could not be resolved and are absent from out, the value given being an upper bound on their magnitude.",
	"cumulant": "Scaled cumulant of the reward under phi = T(q,p,alpha(delta)) (Lemma 3): params delta, rho. Outputs: alpha, delta_max, scaled_cumulant = (1/rho) log sum phi q^rho (= E_phi[logq] at rho = 0), renyi_cross_entropy = H_{1+rho}(phi||q) = -scaled_cumulant, expected_reward = E_phi[logq].",
}

type job struct {
	family string
	cs     *Case
}

// TestGenerate writes the reference files. It runs only with -update:
//
//	go test ./internal/bigref -run TestGenerate -update -timeout 60m
func TestGenerate(t *testing.T) {
	if !*update {
		t.Skip("reference files are regenerated only with -update")
	}
	start := time.Now()
	ins := referenceInputs()
	cases := referenceCases(ins)
	var jobs []job
	for _, fam := range families {
		for _, cs := range cases[fam] {
			jobs = append(jobs, job{fam, cs})
		}
	}
	// Largest inputs first so that the workers finish together.
	type res struct {
		digits float64
		err    error
	}
	results := make([]res, len(jobs))
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	sortByK(order, jobs)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				rs, err := computeResolved(j.family, j.cs)
				if err != nil {
					results[i].err = err
					continue
				}
				results[i].digits = rs.digits
				fill(j.cs, rs.r)
				if rs.prec != Prec {
					j.cs.PrecBits = int(rs.prec)
				}
				if len(rs.unresolved) > 0 {
					j.cs.Unresolved = map[string]string{}
					for k, v := range rs.unresolved {
						j.cs.Unresolved[k] = formatDigits(v, 3)
					}
				}
				mu.Lock()
				done++
				if j.cs.In.K >= 1000 {
					t.Logf("[%s] %d/%d %s %s", time.Since(start).Round(time.Second), done, len(jobs), j.family, j.cs.Name)
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()

	verified := map[string]float64{}
	for i, r := range results {
		j := jobs[i]
		if r.err != nil {
			t.Fatalf("%s %s: %v", j.family, j.cs.Name, r.err)
		}
		if v, ok := verified[j.family]; !ok || r.digits < v {
			verified[j.family] = r.digits
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if err := os.MkdirAll(refDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeInputs(filepath.Join(refDir, InputsFile), ins); err != nil {
		t.Fatal(err)
	}
	for _, fam := range families {
		f := &File{
			Family:         fam,
			Description:    familyDescriptions[fam],
			PrecBits:       Prec,
			CheckBits:      checkPrec,
			Digits:         Digits,
			VerifiedDigits: math.Floor(verified[fam]*10) / 10,
			Generator:      "go test ./internal/bigref -run TestGenerate -update (package github.com/tiltkit/tiltkit/internal/bigref)",
		}
		for _, cs := range cases[fam] {
			f.Cases = append(f.Cases, *cs)
		}
		if err := writeFamily(filepath.Join(refDir, fam+".json"), f); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d cases, verified to %.1f digits", fam, len(f.Cases), f.VerifiedDigits)
	}
	t.Logf("generated %d cases in %s", len(jobs), time.Since(start).Round(time.Second))
}

func sortByK(order []int, jobs []job) {
	// stable: larger K first, otherwise generation order
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && jobs[order[j]].cs.In.K > jobs[order[j-1]].cs.In.K; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}

// writeFamily writes f with its header fields one per line and one case per
// line.
func writeFamily(path string, f *File) error {
	var b bytes.Buffer
	header := []struct {
		k string
		v any
	}{
		{"family", f.Family}, {"description", f.Description}, {"prec_bits", f.PrecBits},
		{"check_bits", f.CheckBits}, {"digits", f.Digits}, {"verified_digits", f.VerifiedDigits},
		{"generator", f.Generator},
	}
	b.WriteString("{\n")
	for _, h := range header {
		v, err := marshal(h.v)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%q: %s,\n", h.k, v)
	}
	b.WriteString("\"cases\": [\n")
	for i, cs := range f.Cases {
		v, err := marshal(cs)
		if err != nil {
			return err
		}
		b.Write(v)
		if i < len(f.Cases)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n}\n")
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// writeInputs writes the inputs, one per line.
func writeInputs(path string, ins []*Input) error {
	var b bytes.Buffer
	desc, _ := marshal("Named inputs of the reference files. p: reference model (float64, >= 0, need not sum to exactly 1: the tilt, bon, compare and cumulant families normalise it exactly). q: alignment distribution (float64). logq = math.Log(q) in float64: the reward used by the tilt, bon, compare and cumulant families. Vectors are written with strconv.FormatFloat(x, 'g', -1, 64) and round-trip exactly; sha256 = bigref.Checksum of each vector (SHA-256 of the little-endian IEEE-754 bits). gen: p and/or q = bigref.GenDirichlet1(k, seed).")
	fmt.Fprintf(&b, "{\n\"description\": %s,\n\"inputs\": [\n", desc)
	for i, in := range ins {
		v, err := marshal(*in)
		if err != nil {
			return err
		}
		b.Write(v)
		if i < len(ins)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n}\n")
	return os.WriteFile(path, b.Bytes(), 0o644)
}
