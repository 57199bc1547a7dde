package cli

import (
	"math"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/montecarlo"
)

func newSampleCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var sf seqFlags
	var draws int
	var seed uint64
	var workers int
	cmd := &cobra.Command{
		Use:     "sample --p P --q Q --m M (--n N | --delta-rate d) --draws D --seed S",
		Short:   "Monte Carlo best-of-N over sequences (types drawn directly), deterministic for a seed",
		Example: `  tiltkit sample --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --m 100 --delta-rate 0.1 --draws 2000 --seed 1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(false)
			if err != nil {
				return err
			}
			ms, err := parseMs(sf.m, false)
			if err != nil {
				return err
			}
			cs, err := sf.parseCount(cmd)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("draws") {
				return usagef("--draws is required (the number of best-of-N draws)")
			}
			if draws < 1 {
				return usagef("--draws %d: expected at least 1", draws)
			}
			if !cmd.Flags().Changed("seed") {
				return usagef("--seed is required (results are deterministic for a seed)")
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			md, err := in.model()
			if err != nil {
				return err
			}
			m := ms[0]
			c, err := cs.count(m)
			if err != nil {
				return badInput("--n", err)
			}
			if c.N != math.Trunc(c.N) || c.N > montecarlo.MaxN {
				return usagef("Monte Carlo needs an integer N ≤ %d; got N = %v (use --n-rounding with --delta-rate, or `tiltkit seq` for exact results at any N)", montecarlo.MaxN, c.N)
			}
			bar := e.newBar(draws, "draws")
			res, err := montecarlo.Sample(md, montecarlo.Options{M: m, N: int64(c.N), Draws: draws, Seed: seed, Workers: workers, Progress: bar.Set})
			bar.Done()
			if err != nil {
				return badInput("", err)
			}
			if mode == "json" {
				return writeJSON(e.out, struct {
					Draws            int    `json:"draws"`
					M                int    `json:"m"`
					N                num    `json:"n"`
					LogN             num    `json:"log_n"`
					Seed             uint64 `json:"seed"`
					MeanType         []num  `json:"mean_type"`
					StderrType       []num  `json:"stderr_type"`
					MeanRewardRate   num    `json:"mean_reward_rate"`
					StderrRewardRate num    `json:"stderr_reward_rate"`
					MeanCERate       num    `json:"mean_cross_entropy_rate"`
				}{draws, m, num(c.N), num(c.LogN), seed, nums(res.MeanType), nums(res.StderrType),
					num(res.MeanRewardRate), num(res.StderrRewardRate), num(-res.MeanRewardRate)})
			}
			var t kv
			t.add("draws", strconv.Itoa(draws), "best-of-N draws")
			t.add("m", strconv.Itoa(m), "sequence length")
			t.num("n", c.N, "candidates per draw")
			t.add("mean_type", fmtVec(res.MeanType), "mean of t(Y^m)")
			t.add("stderr_type", fmtVec(res.StderrType), "")
			t.num("mean_reward_rate", res.MeanRewardRate, "mean of (1/m) r(Y^m) = −(1/m) H-rate")
			t.num("stderr_reward_rate", res.StderrRewardRate, "standard error of the mean")
			return t.write(e.out)
		},
	}
	pf.register(cmd)
	of.register(cmd, false)
	sf.register(cmd, "round")
	cmd.Flags().IntVar(&draws, "draws", 0, "number of best-of-N draws (≥ 1)")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "random seed (PCG; draw d uses stream d)")
	cmd.Flags().IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "worker goroutines (results do not depend on it)")
	return cmd
}
