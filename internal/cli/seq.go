package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/memoryless"
)

// seqFlags are the flags shared by seq and sample.
type seqFlags struct {
	m, n, deltaRate, rounding string
}

func (f *seqFlags) register(cmd *cobra.Command, roundingDefault string) {
	fl := cmd.Flags()
	fl.StringVar(&f.m, "m", "", "sequence length m ≥ 1")
	fl.StringVar(&f.n, "n", "", "number of candidates N ≥ 1")
	fl.StringVar(&f.deltaRate, "delta-rate", "", "δ ≥ 0: use N = exp(m·δ) (the paper's N = exp(mδ)), handled in log space")
	fl.StringVar(&f.rounding, "n-rounding", roundingDefault, "with --delta-rate: none (real N), floor, round or ceil (integer N)")
}

// parseMs parses --m as one length or a comma list.
func parseMs(s string, list bool) ([]int, error) {
	if s == "" {
		return nil, usagef("--m is required (the sequence length)")
	}
	parts := strings.Split(s, ",")
	if len(parts) > 1 && !list {
		return nil, usagef("--m %q: expected one length", s)
	}
	var ms []int
	for i, p := range parts {
		m, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, usagef("--m: entry %d (%q) is not an integer", i, p)
		}
		if m < 1 || m > memoryless.MaxM {
			return nil, usagef("--m: entry %d is %d; expected 1 ≤ m ≤ %d", i, m, memoryless.MaxM)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// countSpec yields N for each m: fixed (--n) or exp(m·δ) (--delta-rate).
type countSpec struct {
	fixed    bool
	n        float64
	delta    float64
	rounding string
}

func (f *seqFlags) parseCount(cmd *cobra.Command) (countSpec, error) {
	hasN, hasD := cmd.Flags().Changed("n"), cmd.Flags().Changed("delta-rate")
	switch {
	case hasN && hasD:
		return countSpec{}, usagef("give either --n or --delta-rate, not both")
	case !hasN && !hasD:
		return countSpec{}, usagef("--n or --delta-rate is required")
	}
	switch f.rounding {
	case "none", "floor", "round", "ceil":
	default:
		return countSpec{}, usagef("--n-rounding %q: expected none, floor, round or ceil", f.rounding)
	}
	if hasN {
		n, err := floatFlag("--n", f.n)
		if err != nil {
			return countSpec{}, err
		}
		if n < 1 {
			return countSpec{}, usagef("--n %v: expected N ≥ 1", n)
		}
		return countSpec{fixed: true, n: n}, nil
	}
	d, err := floatFlag("--delta-rate", f.deltaRate)
	if err != nil {
		return countSpec{}, err
	}
	if d < 0 {
		return countSpec{}, usagef("--delta-rate %v: expected δ ≥ 0", d)
	}
	return countSpec{delta: d, rounding: f.rounding}, nil
}

// count returns N for length m.
func (cs countSpec) count(m int) (bon.Count, error) {
	if cs.fixed {
		return bon.NewCount(cs.n)
	}
	logN := float64(m) * cs.delta
	if cs.rounding == "none" || logN > 36 { // e^36 > 2^52: already an integer in float64
		return bon.CountFromLog(logN)
	}
	x := math.Exp(logN)
	switch cs.rounding {
	case "floor":
		x = math.Floor(x)
	case "round":
		x = math.Round(x)
	case "ceil":
		x = math.Ceil(x)
	}
	return bon.NewCount(math.Max(x, 1))
}

func (in pair) model() (*memoryless.Model, error) {
	spec := memoryless.Spec{P: in.p.Values, LogQ: in.logq, Q: in.q.Values, PExact: in.p.Exact, QExact: in.q.Exact}
	md, err := memoryless.NewModel(spec)
	if err != nil {
		return nil, badInput("", err)
	}
	return md, nil
}

// seqErr maps library errors to exit codes.
func seqErr(err error) error {
	var dr *memoryless.DeltaRangeError
	var tm *memoryless.TooManyTypesError
	var el *memoryless.ExactLimitError
	switch {
	case errors.As(err, &dr):
		return badInput("--delta-rate/--n", err)
	case errors.As(err, &tm), errors.As(err, &el):
		return badInput("", err)
	case errors.Is(err, memoryless.ErrNotRational):
		return badInput("--exact", err)
	}
	return internalf("%v", err)
}

// seqRow is one m of `tiltkit seq` in JSON.
type seqRow struct {
	M                   int          `json:"m"`
	N                   *num         `json:"n"`
	LogN                num          `json:"log_n"`
	DeltaRate           num          `json:"delta_rate"`
	Types               int64        `json:"types"`
	TypesTotal          num          `json:"types_total"`
	Levels              int          `json:"levels"`
	PrunedMassBound     num          `json:"pruned_mass_bound"`
	KLBonPRate          num          `json:"kl_bon_p_rate"`
	KLBoundRate         num          `json:"kl_bound_rate"`
	KLBonPhiRate        num          `json:"kl_bon_phi_rate"`
	CrossEntropyRateBon num          `json:"cross_entropy_rate_bon"`
	CrossEntropyPhi     num          `json:"cross_entropy_phi"`
	Alpha               num          `json:"alpha"`
	MeanType            []num        `json:"mean_type"`
	Phi                 []num        `json:"phi"`
	Eps                 num          `json:"eps"`
	ProbWithinEps       num          `json:"prob_within_eps"`
	Exact               *exactJSON   `json:"exact,omitempty"`
	Sequences           []seqJSON    `json:"sequences,omitempty"`
	MarginalFirst       any          `json:"marginal_first,omitempty"`
	Exchangeable        *bool        `json:"exchangeable,omitempty"`
	ProductForm         *bool        `json:"product_form,omitempty"`
	ProductWitness      *witnessJSON `json:"product_witness,omitempty"`
}

type exactJSON struct {
	N        int64           `json:"n"`
	MeanType []string        `json:"mean_type"`
	Types    []exactTypeJSON `json:"types"`
}

type exactTypeJSON struct {
	Counts []int  `json:"counts"`
	P      string `json:"p"`
	Pi     string `json:"pi"`
}

type seqJSON struct {
	Y    []int `json:"y"`
	Prob any   `json:"prob"`
}

type witnessJSON struct {
	Y               []int  `json:"y"`
	Prob            string `json:"prob"`
	ProductMarginal string `json:"product_of_marginals"`
}

func newSeqCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var sf seqFlags
	var eps float64
	var exact, sequences bool
	var maxTypes int64
	cmd := &cobra.Command{
		Use:   "seq --p P --q Q --m M[,M2,...] (--n N | --delta-rate d) [--eps E] [--exact] [--sequences]",
		Short: "Exact best-of-N over sequences of length m, over types (Lemma 4–7, Theorem 2)",
		Example: `  tiltkit seq --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --m 2 --n 2 --exact --sequences   # Table 2
  tiltkit seq --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta-rate 0.1 --m 10,100,1000,2000`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			ms, err := parseMs(sf.m, true)
			if err != nil {
				return err
			}
			cs, err := sf.parseCount(cmd)
			if err != nil {
				return err
			}
			if !(eps > 0) || eps > 1 {
				return usagef("--eps %v: expected 0 < ε ≤ 1", eps)
			}
			if sequences && len(ms) > 1 {
				return usagef("--sequences lists one m at a time; got %d values of --m", len(ms))
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			if exact {
				if err := requireRational(&pf, in); err != nil {
					return err
				}
			}
			md, err := in.model()
			if err != nil {
				return err
			}
			if !cs.fixed && cs.delta >= md.Family().DeltaMax() {
				return usagef("--delta-rate %v is not below delta_max = %v (= −log P_p(argmax q)); φ_δ does not exist", cs.delta, md.Family().DeltaMax())
			}
			bar := e.newBar(len(ms), "seq")
			defer bar.Done()
			rows := make([]seqRow, 0, len(ms))
			for i, m := range ms {
				row, err := seqOne(md, m, cs, eps, exact, sequences, maxTypes)
				if err != nil {
					return err
				}
				rows = append(rows, row)
				bar.Set(i + 1)
			}
			bar.Done()
			switch mode {
			case "json":
				if len(ms) == 1 && !strings.Contains(sf.m, ",") {
					return writeJSON(e.out, rows[0])
				}
				return writeJSON(e.out, struct {
					Rows []seqRow `json:"rows"`
				}{rows})
			case "csv":
				return seqCSV(e, rows)
			}
			if len(rows) == 1 {
				return seqTable(e, rows[0])
			}
			return seqRowsTable(e, rows)
		},
	}
	pf.register(cmd)
	of.register(cmd, true)
	sf.register(cmd, "none")
	cmd.Flags().Float64Var(&eps, "eps", memoryless.DefaultEps, "ε of P(max_k |t_k − φ_k| ≤ ε)")
	cmd.Flags().BoolVar(&exact, "exact", false, "exact rational arithmetic (rational p and q, small m, integer N)")
	cmd.Flags().BoolVar(&sequences, "sequences", false, "list every sequence with its probability and the marginal of y_1")
	cmd.Flags().Int64Var(&maxTypes, "max-types", memoryless.DefaultMaxTypes, "memory budget in types; beyond it types below e^-60/N are pruned (bounded, reported)")
	return cmd
}

// requireRational names the first entry that is not a fraction.
func requireRational(pf *pairFlags, in pair) error {
	if in.p.Exact == nil {
		return usagef("--exact: --p must be written as fractions or decimals (e.g. 1/5,3/10,1/2); %s", notRational(pf.p))
	}
	if in.q.Exact == nil {
		if pf.reward != "" {
			return usagef("--exact: --reward gives q = softmax(r), which is not rational; write --q as fractions or decimals (e.g. 2/3,1/9,2/9)")
		}
		return usagef("--exact: --q must be written as fractions or decimals (e.g. 2/3,1/9,2/9); %s", notRational(pf.q))
	}
	return nil
}

// notRational says which entry of a distribution spelling is not a decimal
// or a fraction (hexadecimal floats are not), or that the spelling is a
// random draw.
func notRational(spec string) string {
	s := strings.TrimSpace(spec)
	switch {
	case strings.HasPrefix(s, "dirichlet:"):
		return fmt.Sprintf("%q is a random draw, not a list of fractions", s)
	case strings.HasPrefix(s, "@"):
		return fmt.Sprintf("an entry of the file %s is not a decimal or a fraction", s[1:])
	}
	for i, f := range strings.Split(s, ",") {
		if v, err := dist.ParseVector(f); err == nil && v.Exact == nil {
			return fmt.Sprintf("entry %d (%q) is not a decimal or a fraction", i, strings.TrimSpace(f))
		}
	}
	return "an entry is not a decimal or a fraction"
}

func seqOne(md *memoryless.Model, m int, cs countSpec, eps float64, exact, sequences bool, maxTypes int64) (seqRow, error) {
	c, err := cs.count(m)
	if err != nil {
		return seqRow{}, badInput("--n", err)
	}
	if c.LogN/float64(m) >= md.Family().DeltaMax() {
		return seqRow{}, usagef("m = %d: δ = log(N)/m = %v is not below delta_max = %v; use a larger m or a smaller N", m, c.LogN/float64(m), md.Family().DeltaMax())
	}
	en, err := md.Enumerate(m, memoryless.Options{MaxTypes: maxTypes, LogN: c.LogN})
	if err != nil {
		return seqRow{}, seqErr(err)
	}
	r, err := en.BestOfN(c, eps)
	if err != nil {
		return seqRow{}, seqErr(err)
	}
	row := seqRow{
		M: m, N: nullable(c.N), LogN: num(c.LogN), DeltaRate: num(r.Delta), Types: r.Types, TypesTotal: num(en.Total),
		Levels: len(en.Levels.Reward), PrunedMassBound: num(r.PrunedMassBound),
		KLBonPRate: num(r.KLBonPRate), KLBoundRate: num(r.KLBoundRate), KLBonPhiRate: num(r.KLBonPhiRate),
		CrossEntropyRateBon: num(r.CrossEntropyRateBon), CrossEntropyPhi: num(r.CrossEntropyPhi), Alpha: num(r.Alpha),
		MeanType: nums(r.MeanType), Phi: nums(r.Phi), Eps: num(eps), ProbWithinEps: num(r.ProbWithinEps),
	}
	if exact {
		if c.N != math.Trunc(c.N) || math.IsInf(c.N, 0) {
			return seqRow{}, usagef("--exact needs an integer N, got N = %v (use --n-rounding floor|round|ceil with --delta-rate)", c.N)
		}
		if c.N > memoryless.ExactMaxN {
			return seqRow{}, usagef("--exact: N = %v exceeds the exact-mode limit of %d", c.N, memoryless.ExactMaxN)
		}
		ex, err := md.Exact(m, int64(c.N), sequences)
		if err != nil {
			return seqRow{}, seqErr(err)
		}
		ej := &exactJSON{N: ex.N}
		for _, v := range ex.MeanType {
			ej.MeanType = append(ej.MeanType, v.RatString())
		}
		for _, t := range ex.Types {
			ej.Types = append(ej.Types, exactTypeJSON{Counts: t.Counts, P: t.P.RatString(), Pi: t.Pi.RatString()})
		}
		row.Exact = ej
		if sequences {
			var mf []string
			for _, v := range ex.MarginalFirst {
				mf = append(mf, v.RatString())
			}
			row.MarginalFirst = mf
			for _, sq := range ex.Sequences {
				row.Sequences = append(row.Sequences, seqJSON{Y: sq.Y, Prob: sq.Prob.RatString()})
			}
			exch, prod := ex.Exchangeable, ex.Product
			row.Exchangeable, row.ProductForm = &exch, &prod
			if ex.Witness != nil {
				row.ProductWitness = &witnessJSON{Y: ex.Witness.Y, Prob: ex.Witness.Prob.RatString(), ProductMarginal: ex.WitnessProduct.RatString()}
			}
		}
		return row, nil
	}
	if sequences {
		sqs, marg, err := en.Sequences(en.Levels.LogRatios(c))
		if err != nil {
			return seqRow{}, seqErr(err)
		}
		row.MarginalFirst = nums(marg)
		for _, sq := range sqs {
			row.Sequences = append(row.Sequences, seqJSON{Y: sq.Y, Prob: num(sq.Prob)})
		}
	}
	return row, nil
}

func seqTable(e *env, r seqRow) error {
	var t kv
	t.add("m", strconv.Itoa(r.M), "sequence length")
	if r.N != nil {
		t.num("n", float64(*r.N), "candidates")
	}
	t.num("log_n", float64(r.LogN), "")
	t.num("delta_rate", float64(r.DeltaRate), "δ = log(N)/m, nats per token")
	t.add("types", fmt.Sprintf("%d of %.0f", r.Types, float64(r.TypesTotal)), fmt.Sprintf("%d reward levels", r.Levels))
	if r.PrunedMassBound > 0 {
		t.num("pruned_mass_bound", float64(r.PrunedMassBound), "mass of pruned types under p^m and π_N^m is below this")
	}
	t.num("kl_bon_p_rate", float64(r.KLBonPRate), "(1/m) KL(π_N^m‖p^m), nats/token")
	t.num("kl_bon_phi_rate", float64(r.KLBonPhiRate), "(1/m) KL(π_N^m‖φ_δ^m) → 0 (Theorem 2)")
	t.num("cross_entropy_rate_bon", float64(r.CrossEntropyRateBon), "(1/m) H(π_N^m‖q^m)")
	t.num("cross_entropy_phi", float64(r.CrossEntropyPhi), "H(φ_δ‖q) (Lemma 7's limit)")
	t.add("mean_type", fmtVec(unnum(r.MeanType)), "E[t(Y^m)]")
	t.add("phi", fmtVec(unnum(r.Phi)), "φ_δ")
	t.num("prob_within_eps", float64(r.ProbWithinEps), fmt.Sprintf("P(max_k |t_k − φ_k| ≤ %g)", float64(r.Eps)))
	if err := t.write(e.out); err != nil {
		return err
	}
	if r.Exact != nil {
		fmt.Fprintf(e.out, "\nexact (N = %d): mean type %s\n", r.Exact.N, strings.Join(r.Exact.MeanType, " "))
	}
	if len(r.Sequences) > 0 {
		fmt.Fprintln(e.out, "\nsequence  probability")
		for _, s := range r.Sequences {
			fmt.Fprintf(e.out, "%-9s %v\n", fmt.Sprint(s.Y), s.Prob)
		}
		fmt.Fprintf(e.out, "P(y_1 = k): %v\n", r.MarginalFirst)
		if r.Exchangeable != nil {
			fmt.Fprintf(e.out, "exchangeable (Lemma 5): %v; product of marginals: %v", *r.Exchangeable, *r.ProductForm)
			if w := r.ProductWitness; w != nil {
				fmt.Fprintf(e.out, " (π%v = %s ≠ %s)", w.Y, w.Prob, w.ProductMarginal)
			}
			fmt.Fprintln(e.out)
		}
	}
	return nil
}

func unnum(xs []num) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

func seqRowsTable(e *env, rows []seqRow) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %-9s %-10s %-14s %-14s %-14s %-12s %-8s %s\n", "m", "types", "log_n", "kl_bon_p_rate", "kl_bon_phi_rate", "ce_rate_bon", "ce_phi", "P(|t−φ|≤ε)", "mean_type")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-6d %-9d %-10.4g %-14.6g %-14.6g %-14.8g %-12.8g %-8.4g %s\n", r.M, r.Types, float64(r.LogN),
			float64(r.KLBonPRate), float64(r.KLBonPhiRate), float64(r.CrossEntropyRateBon), float64(r.CrossEntropyPhi), float64(r.ProbWithinEps), fmtVecShort(unnum(r.MeanType)))
	}
	if len(rows) > 0 {
		fmt.Fprintf(&b, "φ_δ = %s (δ = %.6g at the last m)\n", fmtVecShort(unnum(rows[len(rows)-1].Phi)), float64(rows[len(rows)-1].DeltaRate))
	}
	_, err := fmt.Fprint(e.out, b.String())
	return err
}

func fmtVecShort(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x, 'f', 6, 64)
	}
	return strings.Join(parts, " ")
}

func seqCSV(e *env, rows []seqRow) error {
	if len(rows) == 0 {
		return nil
	}
	k := len(rows[0].MeanType)
	header := []string{"m", "n", "log_n", "delta_rate", "types", "pruned_mass_bound", "kl_bon_p_rate", "kl_bound_rate", "kl_bon_phi_rate", "cross_entropy_rate_bon", "cross_entropy_phi", "alpha", "eps", "prob_within_eps"}
	for i := 0; i < k; i++ {
		header = append(header, fmt.Sprintf("mean_type_%d", i))
	}
	for i := 0; i < k; i++ {
		header = append(header, fmt.Sprintf("phi_%d", i))
	}
	var out [][]string
	for _, r := range rows {
		n := ""
		if r.N != nil {
			n = csvNum(float64(*r.N))
		}
		row := []string{strconv.Itoa(r.M), n, csvNum(float64(r.LogN)), csvNum(float64(r.DeltaRate)), strconv.FormatInt(r.Types, 10),
			csvNum(float64(r.PrunedMassBound)), csvNum(float64(r.KLBonPRate)), csvNum(float64(r.KLBoundRate)), csvNum(float64(r.KLBonPhiRate)),
			csvNum(float64(r.CrossEntropyRateBon)), csvNum(float64(r.CrossEntropyPhi)), csvNum(float64(r.Alpha)), csvNum(float64(r.Eps)), csvNum(float64(r.ProbWithinEps))}
		for _, x := range r.MeanType {
			row = append(row, csvNum(float64(x)))
		}
		for _, x := range r.Phi {
			row = append(row, csvNum(float64(x)))
		}
		out = append(out, row)
	}
	return writeCSV(e.out, header, out)
}
