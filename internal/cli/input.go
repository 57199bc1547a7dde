package cli

import (
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/dist"
)

// pairFlags are the distribution flags shared by every command.
type pairFlags struct {
	p, q, reward string
	normalize    bool
}

func (f *pairFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.p, "p", "", "reference model p: list (0.2,0.3,0.5 or 1/5,3/10,1/2), @FILE, dirichlet:K:SEED[:CONC] or uniform:K")
	fl.StringVar(&f.q, "q", "", "alignment distribution q (entries > 0; reward r = log q), same spellings as --p")
	fl.StringVar(&f.reward, "reward", "", "rewards r0,r1,... (finite reals) instead of --q; q = softmax(r)")
	fl.BoolVar(&f.normalize, "normalize", false, "rescale p and q to sum to 1 instead of rejecting sums off by more than 1e-9")
}

// pair is a validated (p, q).
type pair struct {
	p, q dist.Vector
	logq []float64
}

func (f *pairFlags) load(cmd *cobra.Command) (pair, error) {
	if !cmd.Flags().Changed("p") {
		return pair{}, usagef("--p is required (the reference model p)")
	}
	hasQ, hasR := cmd.Flags().Changed("q"), cmd.Flags().Changed("reward")
	switch {
	case hasQ && hasR:
		return pair{}, usagef("give either --q or --reward, not both")
	case !hasQ && !hasR:
		return pair{}, usagef("--q (or --reward) is required (the alignment distribution q)")
	}
	pv, err := dist.ParseVector(f.p)
	if err != nil {
		return pair{}, badInput("--p", err)
	}
	p, err := dist.Validate(pv, dist.Options{Normalize: f.normalize})
	if err != nil {
		return pair{}, badInput("--p", err)
	}
	var q dist.Vector
	name := "--q"
	if hasR {
		name = "--reward"
		rv, err := dist.ParseVector(f.reward)
		if err != nil {
			return pair{}, badInput(name, err)
		}
		if strings.HasPrefix(strings.TrimSpace(f.reward), "dirichlet:") || strings.HasPrefix(strings.TrimSpace(f.reward), "uniform:") {
			return pair{}, usagef("--reward takes finite reals (a list or @FILE), not %q", f.reward)
		}
		q, err = dist.Softmax(rv.Values)
		if err != nil {
			return pair{}, badInput(name, err)
		}
	} else {
		qv, err := dist.ParseVector(f.q)
		if err != nil {
			return pair{}, badInput(name, err)
		}
		q, err = dist.Validate(qv, dist.Options{Positive: true, Normalize: f.normalize})
		if err != nil {
			return pair{}, badInput(name, err)
		}
	}
	if len(p.Values) != len(q.Values) {
		return pair{}, usagef("--p has K = %d entries but %s has K = %d; both must have the same K", len(p.Values), name, len(q.Values))
	}
	return pair{p: p, q: q, logq: q.LogValues()}, nil
}

// floatFlag parses a finite float flag value.
func floatFlag(name, s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, usagef("%s %q: expected a number", name, s)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, usagef("%s %q: expected a finite number", name, s)
	}
	return x, nil
}
