package cli

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/frontier"
)

type frontierFlags struct {
	of                       outputFlags
	in, inputFormat          string
	promptF, rewardF, logpF  string
	nList, nMax              string
	bootstrap                int
	seed                     uint64
	strict                   bool
	plot, synthetic, outPath string
}

func newFrontierCmd(e *env) *cobra.Command {
	var f frontierFlags
	cmd := &cobra.Command{
		Use:   "frontier --in FILE [--prompt-field F] [--reward-field F] [--n N1,N2,... | --n-max NMAX] [--bootstrap B] [--seed S]",
		Short: "Reward–KL frontier of best-of-N and the optimal tilt from reward-scored samples (JSONL or CSV)",
		Long: `frontier reads samples of a reference model, one per line, each with a prompt
and a reward (JSONL objects, or CSV with a header; .gz read transparently;
'-' is stdin), groups them by prompt (lines of a prompt need not be adjacent)
and treats each prompt's n samples as draws from p(·|x). For each N it reports,
averaged over prompts with 95% bootstrap intervals over prompts:

  reward_bon           best-of-N expected reward, plug-in: best-of-N on the
                       empirical distribution (uniform over the n samples,
                       equal rewards tied), any real N
  reward_bon_unbiased  the unbiased order-statistic estimate of E[max of N]
                       Σ_i r_(i)·C(i−1,N−1)/C(n,N) (integer N ≤ every n)
  kl_bon, kl_bound     KL(best-of-N ‖ empirical p), exact with ties, and
                       log N − (N−1)/N
  reward_tilt, alpha   the optimal policy φ ∝ p·exp(α·r) at the same KL
                       (Lemma 1), per prompt, and the median α
  efficiency           mean(reward_bon − base) / mean(reward_tilt − base);
                       null where the tilt gains nothing (N = 1)
  ess, unreliable      the tilt's effective sample size 1/Σφ²; a row is
                       unreliable when more than 10% of prompts have N > n,
                       KL ≥ 0.9·log n, or ESS < 5

Default grid: 1, 2, 4, ... up to the median samples per prompt. Prompts with a
single sample are skipped and counted (--strict: exit 2). Bad lines stop the
run with exit 2 and a message naming the line and field.

--synthetic K:PROMPTS:SAMPLES:SEED[:CONC] --out FILE writes a synthetic data
set with a known truth instead (p ~ Dirichlet(CONC) over K symbols, reward
log q with q ~ Dirichlet(1), SAMPLES draws per prompt; FILE.gz is gzipped)
and prints the exact single-token frontier of (p, q) that the estimates
converge to.`,
		Example: `  tiltkit frontier --in samples.jsonl
  tiltkit frontier --in scored.csv.gz --prompt-field prompt_id --reward-field score --n 1,2,4,8,16,32 --json
  tiltkit frontier --in samples.jsonl --plot frontier.png
  tiltkit frontier --synthetic 1000:200:16:1 --out samples.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := f.of.mode(true)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("synthetic") {
				return runSynthetic(e, cmd, &f, mode)
			}
			return runFrontier(e, cmd, &f, mode)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.in, "in", "", "input file: JSONL or CSV with a header, optionally .gz; '-' reads stdin")
	fl.StringVar(&f.inputFormat, "input-format", "", "jsonl or csv (default: from the extension, else from the content)")
	fl.StringVar(&f.promptF, "prompt-field", "prompt", "field identifying the prompt (any JSON scalar)")
	fl.StringVar(&f.rewardF, "reward-field", "reward", "field holding the reward (a finite number)")
	fl.StringVar(&f.logpF, "logprob-field", "", "optional field holding the sample's reference log-probability (duplicate diagnostics)")
	fl.StringVar(&f.nList, "n", "", "candidate counts N1,N2,... (reals ≥ 1)")
	fl.StringVar(&f.nMax, "n-max", "", "grid 1, 2, 4, ... up to NMAX (and NMAX itself)")
	fl.IntVar(&f.bootstrap, "bootstrap", frontier.DefaultBootstrap, "bootstrap resamples over prompts for the 95% intervals (≥ 2)")
	fl.Uint64Var(&f.seed, "seed", 1, "bootstrap seed (results are the same whatever the number of threads)")
	fl.BoolVar(&f.strict, "strict", false, "a prompt with a single sample is an error instead of being skipped")
	fl.StringVar(&f.plot, "plot", "", "write the reward–KL figure to FILE.svg or FILE.png")
	fl.StringVar(&f.synthetic, "synthetic", "", "write a synthetic data set K:PROMPTS:SAMPLES:SEED[:CONC] to --out and print its exact frontier")
	fl.StringVar(&f.outPath, "out", "", "output file of --synthetic (.jsonl, or .jsonl.gz to gzip)")
	f.of.register(cmd, true)
	return cmd
}

// grid returns the grid from --n or --n-max, or nil for the default.
func (f *frontierFlags) grid(cmd *cobra.Command) ([]float64, error) {
	hasN, hasMax := cmd.Flags().Changed("n"), cmd.Flags().Changed("n-max")
	switch {
	case hasN && hasMax:
		return nil, usagef("give either --n or --n-max, not both")
	case hasN:
		parts := strings.Split(f.nList, ",")
		grid := make([]float64, 0, len(parts))
		for i, s := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 1 {
				return nil, usagef("--n entry %d (%q): expected a finite number ≥ 1", i, strings.TrimSpace(s))
			}
			grid = append(grid, x)
		}
		slices.Sort(grid)
		return slices.Compact(grid), nil
	case hasMax:
		x, err := floatFlag("--n-max", f.nMax)
		if err != nil {
			return nil, err
		}
		if x < 1 || x > 1e15 {
			return nil, usagef("--n-max %q: expected a number between 1 and 1e15", f.nMax)
		}
		return frontier.PowersOfTwo(x), nil
	}
	return nil, nil
}

func runFrontier(e *env, cmd *cobra.Command, f *frontierFlags, mode string) error {
	if cmd.Flags().Changed("out") {
		return usagef("--out goes with --synthetic; the frontier is printed on stdout (use --plot for the figure)")
	}
	if !cmd.Flags().Changed("in") || f.in == "" {
		return usagef("--in FILE is required (JSONL or CSV samples with a prompt and a reward; '-' reads stdin)")
	}
	format, err := frontier.ParseFormat(f.inputFormat)
	if err != nil {
		return badInput("--input-format", err)
	}
	grid, err := f.grid(cmd)
	if err != nil {
		return err
	}
	if f.bootstrap < 2 {
		return usagef("--bootstrap %d: expected at least 2 resamples", f.bootstrap)
	}
	if f.plot != "" {
		if ext := strings.ToLower(filepath.Ext(f.plot)); ext != ".svg" && ext != ".png" {
			return usagef("--plot %q: expected a file name ending in .svg or .png", f.plot)
		}
	}
	for _, fl := range []struct{ name, val string }{{"--prompt-field", f.promptF}, {"--reward-field", f.rewardF}} {
		if fl.val == "" {
			return usagef("%s: expected a field name", fl.name)
		}
	}
	if f.promptF == f.rewardF || (f.logpF != "" && (f.logpF == f.promptF || f.logpF == f.rewardF)) {
		return usagef("--prompt-field, --reward-field and --logprob-field must name different fields")
	}

	rd, err := frontier.Open(f.in, frontier.ReaderOptions{Format: format,
		PromptField: f.promptF, RewardField: f.rewardF, LogprobField: f.logpF})
	if err != nil {
		return badInput("--in", err)
	}
	defer rd.Close()
	size := 0 // bytes, for the progress bar; unknown for stdin
	if f.in != "-" {
		if st, err := os.Stat(f.in); err == nil && st.Mode().IsRegular() && st.Size() <= math.MaxInt {
			size = int(st.Size())
		}
	}
	bar := e.newBar(size, "reading "+filepath.Base(f.in))
	ds, err := frontier.Group(rd, frontier.GroupOptions{Strict: f.strict, Progress: func(off int64, rows int) {
		bar.Set(int(off))
	}})
	bar.Done()
	if err != nil {
		var se *frontier.SyntaxError
		if errors.As(err, &se) {
			return badInput("", err)
		}
		return badInput("--in", err)
	}
	var curve []float64
	if f.plot != "" {
		curve = curveGrid(grid, ds.Prompts)
	}
	var bar2 *progressBar // one bar per stage ("prompts", then "bootstrap")
	stage2 := ""
	res, err := frontier.Estimate(ds.Prompts, frontier.Options{N: grid, Bootstrap: f.bootstrap, Seed: f.seed, CurveN: curve,
		Progress: func(stage string, done, total int) {
			if stage != stage2 {
				if bar2 != nil {
					bar2.Done()
				}
				bar2, stage2 = e.newBar(total, stage), stage
			}
			bar2.Set(done)
		}})
	if bar2 != nil {
		bar2.Done()
	}
	if errors.Is(err, frontier.ErrRewardRange) {
		return badInput("--in", err)
	}
	if err != nil {
		return internalf("%v", err)
	}
	w := ds.Warnings
	if !e.quiet {
		if w.SingleSamplePrompts > 0 {
			fmt.Fprintf(e.errw, "tiltkit: warning: skipped %d prompts with a single sample (first at line %d); --strict makes this an error\n", w.SingleSamplePrompts, w.SingleSampleLine)
		}
		if w.DuplicateSamples > 0 {
			fmt.Fprintf(e.errw, "tiltkit: warning: %d duplicated samples (equal %s and %s) in %d prompts; kept\n", w.DuplicateSamples, f.logpF, f.rewardF, w.DuplicatePrompts)
		}
	}
	if f.plot != "" {
		if err := frontier.SavePlot(res, frontier.PlotOptions{
			Title:       fmt.Sprintf("Best-of-N vs the optimal tilt: %s (%d prompts)", filepath.Base(ds.Name), res.Prompts),
			RewardLabel: rewardLabel(f.rewardF),
		}, f.plot); err != nil {
			return internalf("writing --plot %s: %v", f.plot, err)
		}
	}
	switch mode {
	case "json":
		return writeJSON(e.out, frontierJSON(ds, res, rd.Format()))
	case "csv":
		return writeFrontierCSV(e.out, res)
	}
	return writeFrontierTable(e.out, ds, res)
}

func rewardLabel(field string) string {
	if field == "reward" {
		return "expected reward"
	}
	return "expected reward (" + field + ")"
}

// curveGrid is the grid of the plotted curves: N = 1.05, 1.1, 1.2 (the
// frontier rises like √KL near 0), then three points per doubling of N
// (1, 2^⅓, 2^⅔, 2, ...) up to the largest N of the grid. Grid points are
// shared with the rows, so this adds about twice the work of the rows.
func curveGrid(grid []float64, prompts []frontier.Prompt) []float64 {
	if grid == nil {
		grid = frontier.DefaultGrid(prompts)
	}
	top := grid[len(grid)-1]
	c := []float64{1}
	for _, n := range []float64{1.05, 1.1, 1.18} {
		if n < top {
			c = append(c, n)
		}
	}
	for k := 1; ; k++ {
		n := math.Exp2(float64(k) / 3)
		if n >= top*(1-1e-12) {
			break
		}
		c = append(c, n)
	}
	return append(c, top)
}

// frontierRow is one row of the JSON output. The first seven fields are
// the SPEC's.
type frontierRow struct {
	N            num  `json:"n"`
	KLBon        num  `json:"kl_bon"`
	RewardBon    num  `json:"reward_bon"`
	RewardBonLo  num  `json:"reward_bon_lo"`
	RewardBonHi  num  `json:"reward_bon_hi"`
	RewardTilt   num  `json:"reward_tilt"`
	Efficiency   *num `json:"efficiency"`
	LogN         num  `json:"log_n"`
	KLBound      num  `json:"kl_bound"`
	KLBonLo      *num `json:"kl_bon_lo"`
	KLBonHi      *num `json:"kl_bon_hi"`
	Unbiased     *num `json:"reward_bon_unbiased"`
	UnbiasedLo   *num `json:"reward_bon_unbiased_lo"`
	UnbiasedHi   *num `json:"reward_bon_unbiased_hi"`
	UnbiasedN    int  `json:"unbiased_prompts"`
	RewardTiltLo *num `json:"reward_tilt_lo"`
	RewardTiltHi *num `json:"reward_tilt_hi"`
	EfficiencyLo *num `json:"efficiency_lo"`
	EfficiencyHi *num `json:"efficiency_hi"`
	Alpha        *num `json:"alpha"`
	ESS          num  `json:"ess"`
	KLBonTilt    *num `json:"kl_bon_tilt"`
	Unreliable   bool `json:"unreliable"`
	UnreliableN  int  `json:"unreliable_prompts"`
}

type frontierOut struct {
	Input      string         `json:"input"`
	Format     string         `json:"format"`
	Prompts    int            `json:"prompts"`
	Samples    int            `json:"samples"`
	RowsRead   int            `json:"samples_read"`
	PerPrompt  map[string]int `json:"samples_per_prompt"`
	Base       num            `json:"reward_base"`
	BaseLo     num            `json:"reward_base_lo"`
	BaseHi     num            `json:"reward_base_hi"`
	Bootstrap  int            `json:"bootstrap"`
	Seed       uint64         `json:"seed"`
	Skipped    skippedJSON    `json:"skipped"`
	Warnings   warningsJSON   `json:"warnings"`
	Unreliable string         `json:"unreliable_rule"`
	Rows       []frontierRow  `json:"rows"`
}

type skippedJSON struct {
	SingleSample    int `json:"single_sample_prompts"`
	Samples         int `json:"samples"`
	FirstSingleLine int `json:"first_single_sample_line"`
}

type warningsJSON struct {
	DuplicateSamples int `json:"duplicate_samples"`
	DuplicatePrompts int `json:"duplicate_prompts"`
	ConstantPrompts  int `json:"constant_reward_prompts"`
}

func unreliableRule() string {
	return fmt.Sprintf("more than %g%% of prompts with N above n, kl_bon ≥ %g·log n, or a tilt ESS below %d",
		100*frontier.UnreliableShare, frontier.UnreliableKLFraction, frontier.UnreliableESS)
}

func frontierJSON(ds *frontier.Dataset, res *frontier.Result, format frontier.Format) frontierOut {
	out := frontierOut{
		Input: ds.Name, Format: format.String(), Prompts: res.Prompts, Samples: res.Samples, RowsRead: ds.Rows,
		PerPrompt: map[string]int{"min": res.SamplesMin, "median": res.SamplesMedian, "max": res.SamplesMax},
		Base:      num(res.Base.Value), BaseLo: num(res.Base.Lo), BaseHi: num(res.Base.Hi),
		Bootstrap: res.Bootstrap, Seed: res.Seed,
		Skipped: skippedJSON{SingleSample: ds.Warnings.SingleSamplePrompts, Samples: ds.Warnings.SingleSamplePrompts,
			FirstSingleLine: ds.Warnings.SingleSampleLine},
		Warnings: warningsJSON{DuplicateSamples: ds.Warnings.DuplicateSamples, DuplicatePrompts: ds.Warnings.DuplicatePrompts,
			ConstantPrompts: ds.Warnings.ConstantPrompts},
		Unreliable: unreliableRule(),
		Rows:       []frontierRow{},
	}
	for _, r := range res.Rows {
		out.Rows = append(out.Rows, frontierRow{
			N: num(r.N), KLBon: num(r.KLBon.Value),
			RewardBon: num(r.RewardBon.Value), RewardBonLo: num(r.RewardBon.Lo), RewardBonHi: num(r.RewardBon.Hi),
			RewardTilt: num(r.RewardTilt.Value), Efficiency: nullable(r.Efficiency.Value),
			LogN: num(r.LogN), KLBound: num(r.KLBound), KLBonLo: nullable(r.KLBon.Lo), KLBonHi: nullable(r.KLBon.Hi),
			Unbiased: nullable(r.RewardUnbiased.Value), UnbiasedLo: nullable(r.RewardUnbiased.Lo),
			UnbiasedHi: nullable(r.RewardUnbiased.Hi), UnbiasedN: r.UnbiasedPrompts,
			RewardTiltLo: nullable(r.RewardTilt.Lo), RewardTiltHi: nullable(r.RewardTilt.Hi),
			EfficiencyLo: nullable(r.Efficiency.Lo), EfficiencyHi: nullable(r.Efficiency.Hi),
			Alpha: nullable(r.AlphaMedian), ESS: num(r.ESS), KLBonTilt: nullable(r.KLBonTilt),
			Unreliable: r.Unreliable, UnreliableN: r.UnreliablePrompts,
		})
	}
	return out
}

var frontierCSVHeader = []string{"n", "kl_bon", "reward_bon", "reward_bon_lo", "reward_bon_hi", "reward_tilt", "efficiency",
	"log_n", "kl_bound", "kl_bon_lo", "kl_bon_hi", "reward_bon_unbiased", "reward_bon_unbiased_lo", "reward_bon_unbiased_hi",
	"unbiased_prompts", "reward_tilt_lo", "reward_tilt_hi", "efficiency_lo", "efficiency_hi", "alpha", "ess", "kl_bon_tilt",
	"unreliable", "unreliable_prompts"}

func writeFrontierCSV(w io.Writer, res *frontier.Result) error {
	var rows [][]string
	for _, r := range res.Rows {
		rows = append(rows, []string{csvNum(r.N), csvNum(r.KLBon.Value), csvNum(r.RewardBon.Value), csvNum(r.RewardBon.Lo),
			csvNum(r.RewardBon.Hi), csvNum(r.RewardTilt.Value), csvNum(r.Efficiency.Value), csvNum(r.LogN), csvNum(r.KLBound),
			csvNum(r.KLBon.Lo), csvNum(r.KLBon.Hi), csvNum(r.RewardUnbiased.Value), csvNum(r.RewardUnbiased.Lo),
			csvNum(r.RewardUnbiased.Hi), strconv.Itoa(r.UnbiasedPrompts), csvNum(r.RewardTilt.Lo), csvNum(r.RewardTilt.Hi),
			csvNum(r.Efficiency.Lo), csvNum(r.Efficiency.Hi), csvNum(r.AlphaMedian), csvNum(r.ESS), csvNum(r.KLBonTilt),
			strconv.FormatBool(r.Unreliable), strconv.Itoa(r.UnreliablePrompts)})
	}
	return writeCSV(w, frontierCSVHeader, rows)
}

// fmtShort formats a table number with 4 significant digits ("—" for NaN).
func fmtShort(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	if math.IsInf(x, 0) {
		return fmtNum(x)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func fmtCI(v frontier.Interval) string {
	if math.IsNaN(v.Value) {
		return "—"
	}
	s := fmtShort(v.Value)
	if !math.IsNaN(v.Lo) {
		s += " [" + fmtShort(v.Lo) + ", " + fmtShort(v.Hi) + "]"
	}
	return s
}

func writeFrontierTable(w io.Writer, ds *frontier.Dataset, res *frontier.Result) error {
	fmt.Fprintf(w, "input %s: %d prompts, %d samples (per prompt: min %d, median %d, max %d)\n",
		ds.Name, res.Prompts, res.Samples, res.SamplesMin, res.SamplesMedian, res.SamplesMax)
	if ws := ds.Warnings; ws.SingleSamplePrompts+ws.DuplicateSamples+ws.ConstantPrompts > 0 {
		fmt.Fprintf(w, "skipped %d single-sample prompts; warnings: %d duplicated samples in %d prompts, %d constant-reward prompts\n",
			ws.SingleSamplePrompts, ws.DuplicateSamples, ws.DuplicatePrompts, ws.ConstantPrompts)
	}
	fmt.Fprintf(w, "base reward (mean) %s; 95%% bootstrap intervals over prompts, B = %d, seed %d\n\n",
		fmtCI(res.Base), res.Bootstrap, res.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N\tkl_bon\tkl_bound\treward_bon [95% CI]\tunbiased [95% CI]\treward_tilt\tefficiency [95% CI]\talpha\tess\t")
	for _, r := range res.Rows {
		flag := ""
		if r.Unreliable {
			flag = "unreliable"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", fmtShort(r.N), fmtShort(r.KLBon.Value), fmtShort(r.KLBound),
			fmtCI(r.RewardBon), fmtCI(r.RewardUnbiased), fmtShort(r.RewardTilt.Value), fmtCI(r.Efficiency),
			fmtShort(r.AlphaMedian), fmtShort(r.ESS), flag)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nreward_bon: best-of-N on the empirical distribution (plug-in); unbiased: order-statistic estimate (— where some prompt has n < N);\n")
	fmt.Fprintf(w, "reward_tilt: optimal policy at the same KL; efficiency = gain of best-of-N / gain of the tilt; unreliable: %s.\n", unreliableRule())
	return nil
}

// runSynthetic writes a synthetic data set and prints its exact frontier.
func runSynthetic(e *env, cmd *cobra.Command, f *frontierFlags, mode string) error {
	for _, name := range []string{"in", "input-format", "prompt-field", "reward-field", "logprob-field", "strict", "plot"} {
		if cmd.Flags().Changed(name) {
			return usagef("--%s does not go with --synthetic (which writes a data set to --out)", name)
		}
	}
	s, err := frontier.ParseSynthetic(f.synthetic)
	if err != nil {
		return badInput("--synthetic", err)
	}
	if f.outPath == "" {
		return usagef("--synthetic needs --out FILE (.jsonl or .jsonl.gz) to write the samples to")
	}
	grid, err := f.grid(cmd)
	if err != nil {
		return err
	}
	if grid == nil {
		grid = frontier.PowersOfTwo(float64(s.Samples))
	}
	base, truth, err := s.Truth(grid)
	if err != nil {
		return internalf("exact frontier: %v", err)
	}
	file, err := os.Create(f.outPath)
	if err != nil {
		return badInput("--out", err)
	}
	var w io.Writer = file
	var zw *gzip.Writer
	if strings.HasSuffix(strings.ToLower(f.outPath), ".gz") {
		zw = gzip.NewWriter(file)
		w = zw
	}
	err = s.WriteJSONL(w)
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return internalf("writing %s: %v", f.outPath, err)
	}
	type truthRow struct {
		N          num  `json:"n"`
		KLBon      num  `json:"kl_bon"`
		KLBound    num  `json:"kl_bound"`
		RewardBon  num  `json:"reward_bon"`
		RewardTilt num  `json:"reward_tilt"`
		Efficiency *num `json:"efficiency"`
		Alpha      *num `json:"alpha"`
		KLBonTilt  *num `json:"kl_bon_tilt"`
	}
	rows := []truthRow{}
	for _, t := range truth {
		rows = append(rows, truthRow{num(t.N), num(t.KLBon), num(t.KLBound), num(t.RewardBon), num(t.RewardTilt),
			nullable(t.Efficiency), nullable(t.Alpha), nullable(t.KLBonTilt)})
	}
	conc := s.Conc
	if conc == 0 {
		conc = 1
	}
	switch mode {
	case "json":
		return writeJSON(e.out, struct {
			Out     string     `json:"out"`
			K       int        `json:"k"`
			Prompts int        `json:"prompts"`
			Samples int        `json:"samples_per_prompt"`
			Seed    uint64     `json:"seed"`
			Conc    num        `json:"conc"`
			Lines   int        `json:"lines"`
			Base    num        `json:"reward_base"`
			Rows    []truthRow `json:"rows"`
		}{f.outPath, s.K, s.Prompts, s.Samples, s.Seed, num(conc), s.Prompts * s.Samples, num(base), rows})
	case "csv":
		var out [][]string
		for _, t := range truth {
			out = append(out, []string{csvNum(t.N), csvNum(t.KLBon), csvNum(t.KLBound), csvNum(t.RewardBon),
				csvNum(t.RewardTilt), csvNum(t.Efficiency), csvNum(t.Alpha), csvNum(t.KLBonTilt)})
		}
		return writeCSV(e.out, []string{"n", "kl_bon", "kl_bound", "reward_bon", "reward_tilt", "efficiency", "alpha", "kl_bon_tilt"}, out)
	}
	fmt.Fprintf(e.out, "wrote %s: %d prompts × %d samples from p ~ Dirichlet(%g) over K = %d symbols, reward log q, q ~ Dirichlet(1), seed %d\n",
		f.outPath, s.Prompts, s.Samples, conc, s.K, s.Seed)
	fmt.Fprintf(e.out, "exact single-token frontier of (p, q) (what 'tiltkit frontier --in %s' estimates); base reward E_p[log q] = %s\n\n",
		f.outPath, fmtShort(base))
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N\tkl_bon\tkl_bound\treward_bon\treward_tilt\tefficiency\talpha\tkl_bon_tilt")
	for _, t := range truth {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", fmtShort(t.N), fmtShort(t.KLBon), fmtShort(t.KLBound),
			fmtShort(t.RewardBon), fmtShort(t.RewardTilt), fmtShort(t.Efficiency), fmtShort(t.Alpha), fmtShort(t.KLBonTilt))
	}
	return tw.Flush()
}
