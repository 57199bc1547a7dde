package cli

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/memoryless"
	"github.com/tiltkit/tiltkit/tilt"
)

func newTiltCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var alphaS, deltaS, rateS string
	cmd := &cobra.Command{
		Use:   "tilt --p P --q Q (--alpha A | --delta D | --rate T)",
		Short: "The mismatched tilt φ = T(q,p,α) ∝ p·q^α (Lemma 1) at α, at KL budget Δ, or at reward rate t",
		Example: `  tiltkit tilt --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta 0.5
  tiltkit tilt --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --rate 1.2 --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			set := 0
			for _, n := range []string{"alpha", "delta", "rate"} {
				if cmd.Flags().Changed(n) {
					set++
				}
			}
			if set != 1 {
				return usagef("give exactly one of --alpha, --delta, --rate (got %d)", set)
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			fam, err := tilt.NewFamily(in.p.Values, in.logq)
			if err != nil {
				return badInput("", err)
			}
			var alpha float64
			switch {
			case cmd.Flags().Changed("alpha"):
				if alpha, err = floatFlag("--alpha", alphaS); err != nil {
					return err
				}
			case cmd.Flags().Changed("delta"):
				d, err := floatFlag("--delta", deltaS)
				if err != nil {
					return err
				}
				if alpha, err = solveAlpha(fam, d); err != nil {
					return err
				}
			default:
				t, err := floatFlag("--rate", rateS)
				if err != nil {
					return err
				}
				if alpha, err = fam.BetaForRate(t); err != nil {
					return badInput("--rate", err)
				}
			}
			pt := fam.At(alpha)
			phi := fam.Tilt(alpha)
			lo, hi := fam.RateInterval()
			switch mode {
			case "json":
				return writeJSON(e.out, struct {
					Alpha          num    `json:"alpha"`
					Delta          num    `json:"delta"`
					Phi            []num  `json:"phi"`
					CrossEntropy   num    `json:"cross_entropy"`
					ExpectedReward num    `json:"expected_reward"`
					DeltaMax       num    `json:"delta_max"`
					RateInterval   [2]num `json:"rate_interval"`
					Variance       num    `json:"reward_variance"`
				}{num(alpha), num(pt.KL), nums(phi), num(pt.CrossEntropy), num(pt.ExpectedReward),
					num(fam.DeltaMax()), [2]num{num(lo), num(hi)}, num(pt.Variance)})
			case "csv":
				return writeSymbolCSV(e, in, []string{"phi"}, phi)
			}
			var t kv
			t.num("alpha", alpha, "tilt exponent")
			t.num("delta", pt.KL, "KL(φ‖p), nats")
			t.num("cross_entropy", pt.CrossEntropy, "H(φ‖q), nats")
			t.num("expected_reward", pt.ExpectedReward, "E_φ[log q]")
			t.num("delta_max", fam.DeltaMax(), "−log P_p(argmax q)")
			t.add("rate_interval", "("+fmtNum(lo)+", "+fmtNum(hi)+")", "reward rates t with a β(t)")
			t.add("phi", fmtVec(phi), "")
			return t.write(e.out)
		},
	}
	pf.register(cmd)
	of.register(cmd, true)
	cmd.Flags().StringVar(&alphaS, "alpha", "", "tilt exponent α (any real)")
	cmd.Flags().StringVar(&deltaS, "delta", "", "KL budget Δ, 0 ≤ Δ < delta_max: solve α(Δ)")
	cmd.Flags().StringVar(&rateS, "rate", "", "reward rate t inside (−log max q, −log min q): solve β(t) with H(φ‖q) = t")
	return cmd
}

// solveAlpha solves α(Δ), turning range errors into usage errors that name --delta.
func solveAlpha(fam *tilt.Family, d float64) (float64, error) {
	a, err := fam.AlphaForKL(d)
	if err != nil {
		if _, ok := err.(*tilt.DeltaRangeError); ok {
			return 0, badInput("--delta", err)
		}
		return 0, internalf("solving α(Δ): %v", err)
	}
	return a, nil
}

// writeSymbolCSV prints one row per symbol: index, p, q and extra columns.
func writeSymbolCSV(e *env, in pair, names []string, cols ...[]float64) error {
	header := append([]string{"symbol", "p", "q", "log_q"}, names...)
	rows := make([][]string, len(in.p.Values))
	for i := range rows {
		row := []string{strconv.Itoa(i), csvNum(in.p.Values[i]), csvNum(in.q.Values[i]), csvNum(in.logq[i])}
		for _, c := range cols {
			row = append(row, csvNum(c[i]))
		}
		rows[i] = row
	}
	return writeCSV(e.out, header, rows)
}

// countFlag parses --n as a real N ≥ 1.
func countFlag(s string) (bon.Count, error) {
	n, err := floatFlag("--n", s)
	if err != nil {
		return bon.Count{}, err
	}
	c, err := bon.NewCount(n)
	if err != nil {
		return bon.Count{}, badInput("--n", err)
	}
	return c, nil
}

func newBonCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var nS string
	cmd := &cobra.Command{
		Use:   "bon --p P --q Q --n N",
		Short: "Exact best-of-N policy π_N for real N ≥ 1, ties broken uniformly (Definition 3)",
		Example: `  tiltkit bon --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --n 4
  tiltkit bon --p dirichlet:100000:1 --q dirichlet:100000:2 --n 1e12 --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("n") {
				return usagef("--n is required (the number of candidates N ≥ 1)")
			}
			c, err := countFlag(nS)
			if err != nil {
				return err
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			sel, err := bon.New(in.p.Values, in.logq)
			if err != nil {
				return badInput("", err)
			}
			r := sel.BestOfN(c)
			switch mode {
			case "json":
				return writeJSON(e.out, struct {
					N              num   `json:"n"`
					Pi             []num `json:"pi"`
					KL             num   `json:"kl"`
					KLBound        num   `json:"kl_bound"`
					LogN           num   `json:"log_n"`
					CrossEntropy   num   `json:"cross_entropy"`
					ExpectedReward num   `json:"expected_reward"`
					DeltaMax       num   `json:"delta_max"`
				}{num(c.N), nums(r.Pi), num(r.KL), num(r.KLBound), num(c.LogN), num(r.CrossEntropy), num(r.ExpectedReward), num(sel.DeltaMax())})
			case "csv":
				return writeSymbolCSV(e, in, []string{"pi"}, r.Pi)
			}
			var t kv
			t.num("n", c.N, "candidates")
			t.num("kl", r.KL, "KL(π_N‖p), exact, nats")
			t.num("kl_bound", r.KLBound, "log N − (N−1)/N")
			t.num("log_n", c.LogN, "Lemma 6: KL ≤ log N")
			t.num("cross_entropy", r.CrossEntropy, "H(π_N‖q), nats")
			t.num("expected_reward", r.ExpectedReward, "E_π[log q]")
			t.add("pi", fmtVec(r.Pi), "")
			return t.write(e.out)
		},
	}
	pf.register(cmd)
	of.register(cmd, true)
	cmd.Flags().StringVar(&nS, "n", "", "number of candidates N (real, ≥ 1)")
	return cmd
}

func newCompareCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var nS, budgetS string
	cmd := &cobra.Command{
		Use:   "compare --p P --q Q --n N [--budget exact|bound|logn]",
		Short: "Best-of-N against the optimal KL-constrained policy φ_Δ at the same budget (Lemma 2)",
		Example: `  tiltkit compare --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --n 4
  tiltkit compare --p dirichlet:2000:1 --q dirichlet:2000:2 --n 100 --budget bound --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("n") {
				return usagef("--n is required (the number of candidates N ≥ 1)")
			}
			c, err := countFlag(nS)
			if err != nil {
				return err
			}
			b, err := bon.ParseBudget(budgetS)
			if err != nil {
				return badInput("--budget", err)
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			sel, err := bon.New(in.p.Values, in.logq)
			if err != nil {
				return badInput("", err)
			}
			r, err := sel.Compare(c, b)
			if err != nil {
				return internalf("comparing: %v", err)
			}
			switch mode {
			case "json":
				var alpha *num
				if !r.AlphaInfinite {
					alpha = nullable(r.Alpha)
				}
				return writeJSON(e.out, struct {
					N                num    `json:"n"`
					Budget           string `json:"budget"`
					Delta            num    `json:"delta"`
					Alpha            *num   `json:"alpha"`
					AlphaInfinite    bool   `json:"alpha_infinite"`
					KLBonP           num    `json:"kl_bon_p"`
					RewardBon        num    `json:"reward_bon"`
					RewardPhi        num    `json:"reward_phi"`
					KLBonPhi         *num   `json:"kl_bon_phi"`
					KLBonPhiInfinite bool   `json:"kl_bon_phi_infinite"`
					RewardGap        num    `json:"reward_gap"`
					Lemma2Bound      *num   `json:"lemma2_bound"`
					Lemma2Infinite   bool   `json:"lemma2_bound_infinite"`
					LogN             num    `json:"log_n"`
					DeltaMax         num    `json:"delta_max"`
					MassOutsideTop   num    `json:"bon_mass_outside_argmax"`
					Pi               []num  `json:"pi"`
					Phi              []num  `json:"phi"`
				}{num(c.N), b.String(), num(r.Delta), alpha, r.AlphaInfinite, num(r.KLBonP), num(r.RewardBon), num(r.RewardPhi),
					nullable(r.KLBonPhi), r.KLBonPhiInfinite, num(r.RewardGap), nullable(r.Lemma2Bound), r.Lemma2BoundInfinite,
					num(c.LogN), num(r.DeltaMax), num(r.MassOutsideTop), nums(r.Pi), nums(r.Phi)})
			case "csv":
				return writeSymbolCSV(e, in, []string{"pi", "phi"}, r.Pi, r.Phi)
			}
			var t kv
			t.num("n", c.N, "candidates")
			t.add("budget", b.String(), budgetNote(b))
			t.num("delta", r.Delta, "KL budget Δ, nats")
			if r.AlphaInfinite {
				t.add("alpha", fmtNum(math.Inf(1)), "Δ reaches delta_max: φ is p conditioned on argmax q")
			} else {
				t.num("alpha", r.Alpha, "α(Δ)")
			}
			t.num("kl_bon_p", r.KLBonP, "KL(π_N‖p)")
			t.num("reward_bon", r.RewardBon, "E_π[log q]")
			t.num("reward_phi", r.RewardPhi, "E_φ[log q]")
			t.num("kl_bon_phi", r.KLBonPhi, "KL(π_N‖φ_Δ)")
			t.num("reward_gap", r.RewardGap, "ε = H(π_N‖q) − H(φ_Δ‖q)")
			t.num("lemma2_bound", r.Lemma2Bound, "α(Δ)·ε ≥ KL(π_N‖φ_Δ) (Lemma 2)")
			t.num("delta_max", r.DeltaMax, "−log P_p(argmax q)")
			return t.write(e.out)
		},
	}
	pf.register(cmd)
	of.register(cmd, true)
	cmd.Flags().StringVar(&nS, "n", "", "number of candidates N (real, ≥ 1)")
	cmd.Flags().StringVar(&budgetS, "budget", "exact", "KL budget: exact (KL(π_N‖p)), bound (log N − (N−1)/N) or logn (log N)")
	return cmd
}

func budgetNote(b bon.Budget) string {
	switch b {
	case bon.BudgetBound:
		return "Δ = log N − (N−1)/N"
	case bon.BudgetLogN:
		return "Δ = log N"
	}
	return "Δ = KL(π_N‖p)"
}

func newCumulantCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var deltaS, rhoS, mS string
	cmd := &cobra.Command{
		Use:     "cumulant --p P --q Q --delta D --rho R [--m M]",
		Short:   "Scaled cumulants of the reward under φ_Δ and the Rényi cross-entropy (Lemma 3, Corollary 1)",
		Example: `  tiltkit cumulant --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta 0.5 --rho 1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(false)
			if err != nil {
				return err
			}
			for _, n := range []string{"delta", "rho"} {
				if !cmd.Flags().Changed(n) {
					return usagef("--%s is required", n)
				}
			}
			d, err := floatFlag("--delta", deltaS)
			if err != nil {
				return err
			}
			rho, err := floatFlag("--rho", rhoS)
			if err != nil {
				return err
			}
			if rho <= -1 {
				return usagef("--rho %v: expected ρ > −1 (the Rényi order 1+ρ must be > 0)", rho)
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			fam, err := tilt.NewFamily(in.p.Values, in.logq)
			if err != nil {
				return badInput("", err)
			}
			alpha, err := solveAlpha(fam, d)
			if err != nil {
				return err
			}
			phi := fam.Tilt(alpha)
			renyi := dist.RenyiCrossEntropy(phi, in.logq, 1+rho)
			sc := dist.ScaledCumulant(phi, in.logq, rho)
			if math.IsInf(renyi, 0) || math.IsNaN(renyi) {
				return internalf("Rényi cross-entropy is not finite")
			}
			var finite *num
			var m int
			if cmd.Flags().Changed("m") {
				ms, err := parseMs(mS, false)
				if err != nil {
					return err
				}
				m = ms[0]
				md, err := memoryless.NewModel(memoryless.Spec{P: phi, LogQ: in.logq, Q: in.q.Values})
				if err != nil {
					return internalf("%v", err)
				}
				fm, err := md.ScaledCumulant(m, rho, 0)
				if err != nil {
					return seqErr(err)
				}
				finite = nullable(fm)
			}
			if mode == "json" {
				return writeJSON(e.out, struct {
					Rho            num  `json:"rho"`
					Delta          num  `json:"delta"`
					Alpha          num  `json:"alpha"`
					Renyi          num  `json:"renyi_cross_entropy"`
					ScaledCumulant num  `json:"scaled_cumulant"`
					M              *int `json:"m,omitempty"`
					FiniteM        *num `json:"finite_m,omitempty"`
				}{num(rho), num(d), num(alpha), num(renyi), num(sc), optInt(m), finite})
			}
			var t kv
			t.num("rho", rho, "")
			t.num("delta", d, "KL budget Δ")
			t.num("alpha", alpha, "α(Δ)")
			t.num("renyi_cross_entropy", renyi, "H_{1+ρ}(φ_Δ‖q), nats")
			t.num("scaled_cumulant", sc, "(1/ρ) log E_φ[q^ρ] = −H_{1+ρ}(φ_Δ‖q) (Lemma 3)")
			if finite != nil {
				t.num("finite_m", float64(*finite), fmt.Sprintf("(1/(mρ)) log E_{φ^m}[e^{ρ r(Y^m)}] at m = %d, exact over types", m))
			}
			return t.write(e.out)
		},
	}
	pf.register(cmd)
	of.register(cmd, false)
	cmd.Flags().StringVar(&deltaS, "delta", "", "KL budget Δ of φ_Δ, 0 ≤ Δ < delta_max")
	cmd.Flags().StringVar(&rhoS, "rho", "", "cumulant order ρ (ρ > −1; Lemma 3 states ρ ≥ 0)")
	cmd.Flags().StringVar(&mS, "m", "", "sequence length m: the exact finite-m cumulant over types")
	return cmd
}

// optInt returns nil for 0, else &m.
func optInt(m int) *int {
	if m == 0 {
		return nil
	}
	return &m
}
