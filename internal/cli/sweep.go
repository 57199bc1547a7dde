package cli

import (
	"context"
	"fmt"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/sweep"
)

// sweepJSON is the JSON of `tiltkit sweep` (SPEC: k, trials, n_max,
// max_kl_bon_phi, worst {trial, n}, quantiles {p50, p90, p99}; the rest are
// additions).
type sweepJSON struct {
	K                  int            `json:"k"`
	Trials             int            `json:"trials"`
	NMax               int            `json:"n_max"`
	Seed               uint64         `json:"seed"`
	Gen                string         `json:"gen"`
	Budget             string         `json:"budget"`
	MaxKLBonPhi        num            `json:"max_kl_bon_phi"`
	Worst              sweepWorstJSON `json:"worst"`
	Quantiles          sweepQuantJSON `json:"quantiles"`
	FracOver001        num            `json:"frac_trials_over_0_01"`
	FracOver05         num            `json:"frac_trials_over_0_5"`
	LimitCases         int            `json:"limit_cases"`
	InfiniteCases      int            `json:"infinite_cases"`
	TrialsWithInfinite int            `json:"trials_with_infinite"`
	PaperThreshold     *num           `json:"paper_threshold"`
	PaperClaimHolds    *bool          `json:"paper_claim_holds"`
	Note               string         `json:"note"`
}

type sweepWorstJSON struct {
	Trial    int  `json:"trial"`
	N        int  `json:"n"`
	KL       num  `json:"kl_bon_phi"`
	Delta    num  `json:"delta"`
	Alpha    *num `json:"alpha"`
	DeltaMax num  `json:"delta_max"`
	TopGap   *num `json:"top_reward_gap"`
}

type sweepQuantJSON struct {
	P50 num `json:"p50"`
	P90 num `json:"p90"`
	P99 num `json:"p99"`
}

// sweepThreshold is the paper's bound for alphabet size k: 0.01 for
// K > 1000, 0.5 for K < 10, none otherwise.
func sweepThreshold(k int) (float64, bool) {
	switch {
	case k > 1000:
		return 0.01, true
	case k < 10:
		return 0.5, true
	}
	return 0, false
}

const sweepNote = "statistics are over finite values; pairs (trial, N) whose budget reached delta_max (alpha = inf, limit_cases) and whose KL(pi_N||phi_Delta) is +inf (infinite_cases) are counted separately, and such trials count as exceeding every threshold"

func newSweepCmd(e *env) *cobra.Command {
	var of outputFlags
	var k, trials, nmax, workers int
	var seed uint64
	var genS, budgetS string
	cmd := &cobra.Command{
		Use:   "sweep --k K --trials T --n-max NMAX --seed S [--gen dirichlet|uniform] [--budget exact|bound]",
		Short: "The paper's closing experiment: max over random p, q and N ≤ NMAX of KL(π_N‖φ_Δ)",
		Long: `The paper's closing experiment: for random p and q over K symbols and every
integer N in [1, NMAX], the KL divergence KL(π_N‖φ_Δ) between best-of-N and the
optimal KL-constrained policy at the same budget Δ.

--gen dirichlet draws p and q from Dirichlet(1); --gen uniform normalises K
i.i.d. Uniform(0,1] entries. --budget exact uses Δ = KL(π_N‖p); --budget bound
uses Δ = log N − (N−1)/N (and logn, Δ = log N, is also accepted). With bound
(or logn) on a small alphabet Δ can reach delta_max; φ_Δ is then p conditioned
on argmax q and KL(π_N‖φ_Δ) = +∞: such cases are counted (limit_cases,
infinite_cases) and left out of the maximum and quantiles, never printed as Inf.
Quantiles are nearest-rank, over the per-trial maxima. Trial i uses the PCG
stream (SEED, i): results do not depend on --workers.`,
		Example: `  tiltkit sweep --k 1024 --trials 20 --n-max 1000 --seed 1
  tiltkit sweep --k 5 --trials 1000 --n-max 1000 --seed 1 --gen uniform --budget bound --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			for _, f := range []string{"k", "trials", "n-max", "seed"} {
				if !cmd.Flags().Changed(f) {
					return usagef("--%s is required", f)
				}
			}
			if k < 2 || k > sweep.MaxK {
				return usagef("--k %d: expected an alphabet size 2 ≤ K ≤ %d", k, sweep.MaxK)
			}
			if trials < 1 || trials > sweep.MaxTrials {
				return usagef("--trials %d: expected 1 ≤ T ≤ %d", trials, sweep.MaxTrials)
			}
			if nmax < 1 || nmax > sweep.MaxNMax {
				return usagef("--n-max %d: expected 1 ≤ NMAX ≤ %d", nmax, sweep.MaxNMax)
			}
			if workers < 1 {
				return usagef("--workers %d: expected at least 1", workers)
			}
			gen, err := sweep.ParseGenerator(genS)
			if err != nil {
				return usagef("--gen %q: expected dirichlet or uniform", genS)
			}
			budget, err := bon.ParseBudget(budgetS)
			if err != nil {
				return usagef("--budget %q: expected exact or bound (or logn)", budgetS)
			}
			bar := e.newBar(trials, "trials")
			res, err := sweep.Run(context.Background(), sweep.Options{
				K: k, Trials: trials, NMax: nmax, Seed: seed, Gen: gen, Budget: budget,
				Workers: workers, Progress: bar.Set,
			})
			bar.Done()
			if err != nil {
				return internalf("sweep: %v", err)
			}
			out := sweepOutput(res)
			switch mode {
			case "json":
				return writeJSON(e.out, out)
			case "csv":
				header := []string{"trial", "max_kl_bon_phi", "arg_n", "delta_max", "top_reward_gap", "limit_cases", "infinite_cases"}
				rows := make([][]string, len(res.Trials))
				for i, tr := range res.Trials {
					mx := csvNum(tr.Max)
					if tr.ArgN == 0 {
						mx = ""
					}
					rows[i] = []string{strconv.Itoa(tr.Index), mx, strconv.Itoa(tr.ArgN), csvNum(tr.DeltaMax), csvNum(tr.TopGap),
						strconv.Itoa(tr.LimitCases), strconv.Itoa(tr.InfiniteCases)}
				}
				return writeCSV(e.out, header, rows)
			}
			var t kv
			t.add("k", strconv.Itoa(k), "alphabet size")
			t.add("trials", strconv.Itoa(trials), fmt.Sprintf("random (p, q), generator %s, seed %d", gen, seed))
			t.add("n_max", strconv.Itoa(nmax), "every integer N in [1, n_max]")
			t.add("budget", budget.String(), "Δ of φ_Δ")
			t.num("max_kl_bon_phi", res.Max, fmt.Sprintf("max KL(π_N‖φ_Δ) (finite values), trial %d, N = %d", res.Worst.Trial, res.Worst.N))
			t.add("quantiles", fmt.Sprintf("%s / %s / %s", fmtNum(res.Quantiles.P50), fmtNum(res.Quantiles.P90), fmtNum(res.Quantiles.P99)), "p50 / p90 / p99 of the per-trial maxima")
			t.num("frac_over_0.01", res.FracOver[0], "fraction of trials with KL > 0.01 for some N")
			t.num("frac_over_0.5", res.FracOver[1], "fraction of trials with KL > 0.5 for some N")
			t.add("limit_cases", strconv.Itoa(res.LimitCases), "(trial, N) with Δ ≥ delta_max (α = ∞)")
			t.add("infinite_cases", strconv.Itoa(res.InfiniteCases), fmt.Sprintf("(trial, N) with KL = +∞, in %d trials", res.TrialsWithInfinite))
			if out.PaperClaimHolds != nil {
				verdict := "does not hold"
				if *out.PaperClaimHolds {
					verdict = "holds"
				}
				t.add("paper_claim", verdict, fmt.Sprintf("the paper's KL ≤ %g for this K", float64(*out.PaperThreshold)))
			}
			return t.write(e.out)
		},
	}
	of.register(cmd, true)
	fl := cmd.Flags()
	fl.IntVar(&k, "k", 0, "alphabet size K ≥ 2")
	fl.IntVar(&trials, "trials", 0, "number of random (p, q) pairs ≥ 1")
	fl.IntVar(&nmax, "n-max", 0, "largest N (every integer N in [1, NMAX])")
	fl.Uint64Var(&seed, "seed", 0, "random seed (trial i uses PCG stream (SEED, i))")
	fl.StringVar(&genS, "gen", "dirichlet", "how p and q are drawn: dirichlet (Dirichlet(1)) or uniform (i.i.d. Uniform(0,1], normalised)")
	fl.StringVar(&budgetS, "budget", "exact", "KL budget Δ: exact (KL(π_N‖p)) or bound (log N − (N−1)/N)")
	fl.IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "worker goroutines (results do not depend on it)")
	return cmd
}

// sweepOutput converts a sweep result to its JSON form.
func sweepOutput(res *sweep.Result) sweepJSON {
	o := res.Options
	out := sweepJSON{
		K: o.K, Trials: o.Trials, NMax: o.NMax, Seed: o.Seed, Gen: o.Gen.String(), Budget: o.Budget.String(),
		MaxKLBonPhi: num(res.Max),
		Worst: sweepWorstJSON{Trial: res.Worst.Trial, N: res.Worst.N, KL: num(res.Worst.KL), Delta: num(res.Worst.Delta),
			Alpha: nullable(res.Worst.Alpha), DeltaMax: num(res.Worst.DeltaMax), TopGap: nullable(res.Worst.TopGap)},
		Quantiles:          sweepQuantJSON{num(res.Quantiles.P50), num(res.Quantiles.P90), num(res.Quantiles.P99)},
		FracOver001:        num(res.FracOver[0]),
		FracOver05:         num(res.FracOver[1]),
		LimitCases:         res.LimitCases,
		InfiniteCases:      res.InfiniteCases,
		TrialsWithInfinite: res.TrialsWithInfinite,
		Note:               sweepNote,
	}
	if th, ok := sweepThreshold(o.K); ok {
		holds := res.InfiniteCases == 0 && res.Max <= th
		if th == 0.5 {
			holds = res.InfiniteCases == 0 && res.Max < th
		}
		out.PaperThreshold, out.PaperClaimHolds = nullable(th), &holds
	}
	return out
}
