package frontier

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/internal/xmath"
)

// Synthetic describes a data set with a known truth: every prompt's samples
// are i.i.d. draws y from one reference distribution p over K symbols, with
// reward r(y) = log q(y); p ~ Dirichlet(Conc) and q ~ Dirichlet(RewardConc),
// both drawn from Seed. The exact single-token frontier of (p, q) — what
// the estimates converge to as the samples per prompt grow — is Truth.
// Samples of the same symbol have equal rewards and log-probabilities, so
// the data carry ties and duplicates as real samplers produce them.
type Synthetic struct {
	// K is the number of symbols (≥ 2).
	K int
	// Prompts is the number of prompts; Samples the samples per prompt.
	Prompts, Samples int
	// Seed fixes p, q and every draw.
	Seed uint64
	// Conc and RewardConc are the Dirichlet concentrations of p and q
	// (0 means 1).
	Conc, RewardConc float64
}

// ParseSynthetic parses "K:PROMPTS:SAMPLES:SEED[:CONC]" (CONC, the
// concentration of p, defaults to 1; q is always Dirichlet(1)).
func ParseSynthetic(spec string) (Synthetic, error) {
	parts := strings.Split(strings.TrimSpace(spec), ":")
	if len(parts) != 4 && len(parts) != 5 {
		return Synthetic{}, fmt.Errorf("synthetic spec %q: expected K:PROMPTS:SAMPLES:SEED[:CONC], e.g. 1000:200:16:1", spec)
	}
	names := [...]string{"K", "PROMPTS", "SAMPLES", "SEED"}
	var v [4]uint64
	for i := range 4 {
		x, err := strconv.ParseUint(strings.TrimSpace(parts[i]), 10, 64)
		if err != nil {
			return Synthetic{}, fmt.Errorf("synthetic spec %q: %s = %q: expected a non-negative integer", spec, names[i], parts[i])
		}
		v[i] = x
	}
	s := Synthetic{K: int(min(v[0], math.MaxInt32)), Prompts: int(min(v[1], math.MaxInt32)), Samples: int(min(v[2], math.MaxInt32)), Seed: v[3]}
	if len(parts) == 5 {
		c, err := strconv.ParseFloat(strings.TrimSpace(parts[4]), 64)
		if err != nil || !(c > 0) || math.IsInf(c, 0) {
			return Synthetic{}, fmt.Errorf("synthetic spec %q: CONC = %q: expected a positive number", spec, parts[4])
		}
		s.Conc = c
	}
	return s, s.Validate()
}

// Validate checks the sizes: 2 ≤ K ≤ 10⁷, Prompts ≥ 1, Samples ≥ 1
// (Samples = 1 makes single-sample prompts, which Group skips), and
// Prompts·Samples ≤ 10¹⁰.
func (s Synthetic) Validate() error {
	switch {
	case s.K < 2 || s.K > 10_000_000:
		return fmt.Errorf("synthetic: K = %d: expected 2 ≤ K ≤ 10000000", s.K)
	case s.Prompts < 1:
		return fmt.Errorf("synthetic: PROMPTS = %d: expected at least 1", s.Prompts)
	case s.Samples < 1:
		return fmt.Errorf("synthetic: SAMPLES = %d: expected at least 1", s.Samples)
	case float64(s.Prompts)*float64(s.Samples) > 1e10:
		return fmt.Errorf("synthetic: %d prompts × %d samples is more than 10¹⁰ lines", s.Prompts, s.Samples)
	case s.Conc < 0 || s.RewardConc < 0:
		return fmt.Errorf("synthetic: negative concentration")
	}
	return nil
}

func orOne(c float64) float64 {
	if c == 0 {
		return 1
	}
	return c
}

// Model returns p and the reward log q over the K symbols: p =
// dist.Dirichlet(K, 2·Seed, Conc) and q = dist.Dirichlet(K, 2·Seed+1,
// RewardConc), with log q exact (from the draws' logs).
func (s Synthetic) Model() (p, logq []float64) {
	pv := dist.Dirichlet(s.K, 2*s.Seed, orOne(s.Conc))
	qv := dist.Dirichlet(s.K, 2*s.Seed+1, orOne(s.RewardConc))
	return pv.Values, qv.Log
}

// WriteJSONL writes the samples, one JSON object per line, prompt by
// prompt: {"prompt":"p0","reward":R,"logprob":L} with R = log q(y) and
// L = log p(y) printed exactly (shortest round-trip form). Prompt x draws
// its samples from rand.NewPCG(Seed, x+1) by inversion of the cumulative
// distribution, so any prompt's samples can be regenerated alone.
func (s Synthetic) WriteJSONL(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	p, logq := s.Model()
	logp := make([]float64, len(p))
	cum := make([]float64, len(p))
	var acc float64
	for i, pi := range p {
		logp[i] = math.Log(pi)
		acc += pi
		cum[i] = acc
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var line []byte
	for x := range s.Prompts {
		rng := rand.New(rand.NewPCG(s.Seed, uint64(x)+1))
		for range s.Samples {
			y := drawSymbol(cum, rng)
			line = append(line[:0], `{"prompt":"p`...)
			line = strconv.AppendInt(line, int64(x), 10)
			line = append(line, `","reward":`...)
			line = strconv.AppendFloat(line, logq[y], 'g', -1, 64)
			line = append(line, `,"logprob":`...)
			line = strconv.AppendFloat(line, logp[y], 'g', -1, 64)
			line = append(line, "}\n"...)
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// Draw returns the prompts of the data set in memory, as Group would read
// them from WriteJSONL's output (same draws).
func (s Synthetic) Draw() ([]Prompt, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	p, logq := s.Model()
	cum := make([]float64, len(p))
	var acc float64
	for i, pi := range p {
		acc += pi
		cum[i] = acc
	}
	out := make([]Prompt, s.Prompts)
	for x := range out {
		rng := rand.New(rand.NewPCG(s.Seed, uint64(x)+1))
		r := make([]float64, s.Samples)
		for j := range r {
			r[j] = logq[drawSymbol(cum, rng)]
		}
		out[x] = Prompt{Key: "p" + strconv.Itoa(x), Rewards: r}
	}
	return out, nil
}

// drawSymbol returns the symbol y with cum[y−1] ≤ u < cum[y] for u uniform on
// [0, cum[K−1]).
func drawSymbol(cum []float64, rng *rand.Rand) int {
	u := rng.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, u)
	for i < len(cum)-1 && cum[i] <= u {
		i++
	}
	return i
}

// TruthRow is the exact single-token frontier of (p, q) at one N: what a
// Row estimates (bon and tilt on the true p, q).
type TruthRow struct {
	N float64
	// KLBon = KL(π_N‖p), KLBound = log N − (N−1)/N.
	KLBon, KLBound float64
	// RewardBon = E_{π_N}[log q]; RewardTilt = E_φ[log q] for the tilt φ
	// with KL(φ‖p) = KLBon; Alpha its exponent.
	RewardBon, RewardTilt, Alpha float64
	// Efficiency = (RewardBon − Base)/(RewardTilt − Base), NaN where
	// KLBon = 0 (N = 1).
	Efficiency float64
	// KLBonTilt = KL(π_N‖φ) (Lemma 2).
	KLBonTilt float64
}

// Truth returns the exact frontier of (p, q) at every N of grid, and the
// base reward E_p[log q], from bon.Selector.Compare with the exact budget.
func (s Synthetic) Truth(grid []float64) (base float64, rows []TruthRow, err error) {
	if err := s.Validate(); err != nil {
		return 0, nil, err
	}
	p, logq := s.Model()
	return TruthOf(p, logq, grid)
}

// TruthOf returns the exact frontier of any (p, log q) at every N of grid,
// and the base reward E_p[log q].
func TruthOf(p, logq []float64, grid []float64) (base float64, rows []TruthRow, err error) {
	sel, err := bon.New(p, logq)
	if err != nil {
		return 0, nil, err
	}
	base = -dist.CrossEntropy(p, logq)
	for _, N := range grid {
		c, err := bon.NewCount(N)
		if err != nil {
			return 0, nil, err
		}
		cmp, err := sel.Compare(c, bon.BudgetExact)
		if err != nil {
			return 0, nil, err
		}
		eff := math.NaN()
		if d := cmp.RewardPhi - base; d > 0 && cmp.KLBonP > 0 {
			eff = (cmp.RewardBon - base) / d
		}
		rows = append(rows, TruthRow{N: N, KLBon: cmp.KLBonP, KLBound: xmath.BoNKLBound(c.LogN),
			RewardBon: cmp.RewardBon, RewardTilt: cmp.RewardPhi, Alpha: cmp.Alpha,
			Efficiency: eff, KLBonTilt: cmp.KLBonPhi})
	}
	return base, rows, nil
}
