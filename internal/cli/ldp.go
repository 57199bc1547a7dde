package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/ldp"
	"github.com/tiltkit/tiltkit/memoryless"
)

// parseGrid parses LO:HI:COUNT with LO and HI defaulting to the interval ends.
func parseGrid(s string, lo, hi float64) ([]float64, float64, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, 0, usagef("--grid %q: expected LO:HI:COUNT (LO and HI may be empty: ::101)", s)
	}
	a, b := lo, hi
	var err error
	if strings.TrimSpace(parts[0]) != "" {
		if a, err = floatFlag("--grid LO", parts[0]); err != nil {
			return nil, 0, err
		}
	}
	if strings.TrimSpace(parts[1]) != "" {
		if b, err = floatFlag("--grid HI", parts[1]); err != nil {
			return nil, 0, err
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(parts[2]))
	if err != nil || n < 1 || n > 1_000_000 {
		return nil, 0, usagef("--grid COUNT %q: expected an integer 1 ≤ COUNT ≤ 1000000", parts[2])
	}
	if n > 1 && !(b > a) {
		return nil, 0, usagef("--grid %q: expected LO < HI", s)
	}
	ts := make([]float64, n)
	if n == 1 {
		ts[0] = a
		return ts, 0, nil
	}
	step := (b - a) / float64(n-1)
	for i := range ts {
		ts[i] = a + step*float64(i)
	}
	ts[n-1] = b
	return ts, step, nil
}

type ldpPoint struct {
	T          num    `json:"t"`
	Beta       *num   `json:"beta"`
	BetaLimit  string `json:"beta_limit,omitempty"`
	JDelta     num    `json:"j_delta"`
	J0         num    `json:"j_0"`
	JBoN       *num   `json:"j_bon"`
	JDeltaCell *num   `json:"-"`
	JBoNCell   *num   `json:"-"`
	FiniteMPhi *num   `json:"-"`
	FiniteMBoN *num   `json:"-"`
	hasM       bool
}

// MarshalJSON writes the point; with --m the finite-m fields are always
// present, as null where the value is infinite (SPEC: `null` where the
// probability is 0), rather than omitted.
func (p ldpPoint) MarshalJSON() ([]byte, error) {
	type plain ldpPoint
	if !p.hasM {
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		plain
		JDeltaCell *num `json:"j_delta_cell"`
		JBoNCell   *num `json:"j_bon_cell"`
		FiniteMPhi *num `json:"finite_m_phi"`
		FiniteMBoN *num `json:"finite_m_bon"`
	}{plain(p), p.JDeltaCell, p.JBoNCell, p.FiniteMPhi, p.FiniteMBoN})
}

type varadhanJSON struct {
	Rho      num `json:"rho"`
	Sup      num `json:"sup_minus_rho_t_minus_j_delta"`
	Identity num `json:"minus_rho_renyi"`
}

func newLDPCmd(e *env) *cobra.Command {
	var pf pairFlags
	var of outputFlags
	var deltaS, tS, gridS, mS, widthS, rhoS string
	cmd := &cobra.Command{
		Use:   "ldp --p P --q Q --delta-rate d (--t T1,T2,... | --grid LO:HI:COUNT) [--m M] [--width W]",
		Short: "Rate functions of Theorems 1 and 3, best-of-N's own rate, and exact finite-m exponents",
		Example: `  tiltkit ldp --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta-rate 0.1 --grid ::41
  tiltkit ldp --p 1/5,3/10,1/2 --q 2/3,1/9,2/9 --delta-rate 0.1 --grid ::41 --m 400 --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := of.mode(true)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("delta-rate") {
				return usagef("--delta-rate is required (δ of φ_δ and of N = exp(m·δ))")
			}
			d, err := floatFlag("--delta-rate", deltaS)
			if err != nil {
				return err
			}
			hasT, hasG := cmd.Flags().Changed("t"), cmd.Flags().Changed("grid")
			if hasT == hasG {
				return usagef("give exactly one of --t and --grid")
			}
			in, err := pf.load(cmd)
			if err != nil {
				return err
			}
			r, err := ldp.New(in.p.Values, in.logq, d)
			if err != nil {
				return badInput("--delta-rate", err)
			}
			var ts []float64
			w := 0.01
			if hasG {
				var step float64
				if ts, step, err = parseGrid(gridS, r.Lo, r.Hi); err != nil {
					return err
				}
				if step > 0 {
					w = step / 2
				}
			} else {
				for i, f := range strings.Split(tS, ",") {
					t, err := floatFlag(fmt.Sprintf("--t entry %d", i), f)
					if err != nil {
						return err
					}
					ts = append(ts, t)
				}
			}
			if cmd.Flags().Changed("width") {
				if w, err = floatFlag("--width", widthS); err != nil {
					return err
				}
				if w <= 0 {
					return usagef("--width %v: expected W > 0", w)
				}
			}
			for i, t := range ts {
				if t < r.Lo || t > r.Hi {
					return usagef("reward rate t = %v (point %d) is outside [−log max q, −log min q] = [%v, %v]", t, i, r.Lo, r.Hi)
				}
			}
			var rhos []float64
			if cmd.Flags().Changed("rho") {
				for i, f := range strings.Split(rhoS, ",") {
					x, err := floatFlag(fmt.Sprintf("--rho entry %d", i), f)
					if err != nil {
						return err
					}
					if x <= 0 {
						return usagef("--rho entry %d is %v: expected ρ > 0", i, x)
					}
					rhos = append(rhos, x)
				}
			}
			points := make([]ldpPoint, len(ts))
			for i, t := range ts {
				pt, err := r.At(t)
				if err != nil {
					return internalf("rate at t = %v: %v", t, err)
				}
				lp := ldpPoint{T: num(t), Beta: nullable(pt.Beta), JDelta: num(pt.JDelta), J0: num(pt.J0), JBoN: nullable(pt.JBoN)}
				if math.IsInf(pt.Beta, 1) {
					lp.BetaLimit = "+inf"
				} else if math.IsInf(pt.Beta, -1) {
					lp.BetaLimit = "-inf"
				}
				points[i] = lp
			}
			var mInt int
			var prunedBound float64
			if cmd.Flags().Changed("m") {
				ms, err := parseMs(mS, false)
				if err != nil {
					return err
				}
				mInt = ms[0]
				md, err := in.model()
				if err != nil {
					return err
				}
				c, err := bon.CountFromLog(float64(mInt) * d)
				if err != nil {
					return badInput("--delta-rate", err)
				}
				// The exponents are about probabilities far below the e^{−60}
				// that pruning (beyond the memory budget) may drop, so every
				// type is needed: refuse instead of pruning.
				if tc := md.TypeCount(mInt); tc > memoryless.DefaultMaxTypes {
					return usagef("--m %d: %.4g types, beyond the memory budget of %d types; the finite-m exponents need every type (pruning would drop probabilities below e^-60): use a smaller m", mInt, tc, memoryless.DefaultMaxTypes)
				}
				en, err := md.Enumerate(mInt, memoryless.Options{LogN: c.LogN})
				if err != nil {
					return seqErr(err)
				}
				prunedBound = en.PrunedMassBound
				fm := r.FiniteM(en, c, ts, w)
				for i, t := range ts {
					jc, err := r.JDeltaCell(t, w)
					if err != nil {
						return internalf("%v", err)
					}
					bc, err := r.JBoNCell(t, w)
					if err != nil {
						return internalf("%v", err)
					}
					points[i].JDeltaCell, points[i].JBoNCell = nullable(jc), nullable(bc)
					points[i].FiniteMPhi, points[i].FiniteMBoN = nullable(fm[i].Phi), nullable(fm[i].BoN)
					points[i].hasM = true
				}
			}
			var vs []varadhanJSON
			for _, rho := range rhos {
				sup, err := r.VaradhanSup(rho)
				if err != nil {
					return internalf("%v", err)
				}
				vs = append(vs, varadhanJSON{Rho: num(rho), Sup: num(sup), Identity: num(-rho * dist.RenyiCrossEntropy(r.Phi(), in.logq, 1+rho))})
			}
			verdict := "best-of-N with N = exp(m·δ) does not share φ_δ's rate function: j_bon(t) = J₀(t) − δ = J_Δ(t) + α(δ)(t* − t) > J_Δ(t) for t < t*, and j_bon = +∞ for t > t* (doubly exponential decay); the paper's conjecture is false as stated"
			switch mode {
			case "json":
				out := struct {
					DeltaRate    num            `json:"delta_rate"`
					Alpha        num            `json:"alpha"`
					TStar        num            `json:"t_star"`
					RateInterval [2]num         `json:"rate_interval"`
					M            *int           `json:"m,omitempty"`
					Width        num            `json:"width"`
					Pruned       *num           `json:"pruned_mass_bound,omitempty"`
					Points       []ldpPoint     `json:"points"`
					Varadhan     []varadhanJSON `json:"varadhan,omitempty"`
					Conjecture   string         `json:"conjecture"`
				}{num(d), num(r.Alpha), num(r.TStar), [2]num{num(r.Lo), num(r.Hi)}, optInt(mInt), num(w), nil, points, vs, verdict}
				if mInt > 0 {
					out.Pruned = nullable(prunedBound)
				}
				return writeJSON(e.out, out)
			case "csv":
				header := []string{"t", "beta", "j_delta", "j_0", "j_bon"}
				if mInt > 0 {
					header = append(header, "j_delta_cell", "finite_m_phi", "j_bon_cell", "finite_m_bon")
				}
				var rows [][]string
				for _, p := range points {
					row := []string{csvNum(float64(p.T)), ptrCSV(p.Beta), csvNum(float64(p.JDelta)), csvNum(float64(p.J0)), ptrCSV(p.JBoN)}
					if p.hasM {
						row = append(row, ptrCSV(p.JDeltaCell), ptrCSV(p.FiniteMPhi), ptrCSV(p.JBoNCell), ptrCSV(p.FiniteMBoN))
					}
					rows = append(rows, row)
				}
				return writeCSV(e.out, header, rows)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "δ = %g, α(δ) = %.10g, t* = H(φ_δ‖q) = %.10g, rates in [%.10g, %.10g]", d, r.Alpha, r.TStar, r.Lo, r.Hi)
			if mInt > 0 {
				fmt.Fprintf(&b, "; m = %d, window ±%.4g", mInt, w)
			}
			b.WriteString("\n")
			fmt.Fprintf(&b, "%-12s %-12s %-12s %-12s %-12s", "t", "beta", "J_0", "J_Delta", "J_BoN")
			if mInt > 0 {
				fmt.Fprintf(&b, " %-12s %-12s %-12s %-12s", "J_Delta,cell", "finite_phi", "J_BoN,cell", "finite_bon")
			}
			b.WriteString("\n")
			for _, p := range points {
				beta := ptrStr(p.Beta)
				if p.BetaLimit != "" {
					beta = map[string]string{"+inf": "∞", "-inf": "−∞"}[p.BetaLimit]
				}
				fmt.Fprintf(&b, "%-12.6g %-12s %-12.6g %-12.6g %-12s", float64(p.T), beta, float64(p.J0), float64(p.JDelta), ptrStr(p.JBoN))
				if p.hasM {
					fmt.Fprintf(&b, " %-12s %-12s %-12s %-12s", ptrStr(p.JDeltaCell), ptrStr(p.FiniteMPhi), ptrStr(p.JBoNCell), ptrStr(p.FiniteMBoN))
				}
				b.WriteString("\n")
			}
			for _, v := range vs {
				fmt.Fprintf(&b, "Varadhan ρ = %g: sup_t{−ρt − J_Δ(t)} = %.12g, −ρ·H_{1+ρ}(φ_δ‖q) = %.12g\n", float64(v.Rho), float64(v.Sup), float64(v.Identity))
			}
			b.WriteString("conjecture: " + verdict + "\n")
			_, err = fmt.Fprint(e.out, b.String())
			return err
		},
	}
	pf.register(cmd)
	of.register(cmd, true)
	cmd.Flags().StringVar(&deltaS, "delta-rate", "", "δ: φ_δ and N = exp(m·δ)")
	cmd.Flags().StringVar(&tS, "t", "", "reward rates t1,t2,... in [−log max q, −log min q]")
	cmd.Flags().StringVar(&gridS, "grid", "", "LO:HI:COUNT grid of reward rates (LO, HI default to the interval ends: ::101)")
	cmd.Flags().StringVar(&mS, "m", "", "sequence length for the exact finite-m exponents")
	cmd.Flags().StringVar(&widthS, "width", "", "half-width W of the finite-m window |t(Y^m) − t| < W (default: half the grid step, or 0.01 with --t)")
	cmd.Flags().StringVar(&rhoS, "rho", "", "ρ1,ρ2,...: check Varadhan's lemma / Corollary 1 numerically")
	return cmd
}

func ptrStr(x *num) string {
	if x == nil {
		return "∞"
	}
	return strconv.FormatFloat(float64(*x), 'g', 6, 64)
}

func ptrCSV(x *num) string {
	if x == nil {
		return ""
	}
	return csvNum(float64(*x))
}
