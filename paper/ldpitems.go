package paper

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/figures"
	"github.com/tiltkit/tiltkit/ldp"
)

// The reward-rate windows of the finite-m exponents: centres 0.5, 0.7, …,
// 2.1 inside Example 1's rate interval (log 1.5, log 9), half-width ldpW.
var ldpTs = []float64{0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9, 2.1}

const ldpW = 0.05

// ldpConvergenceC: the finite-m exponent must be within
// ldpConvergenceC·log(m)/m of the window's infimum of J at the largest m
// (the polynomial prefactor of Sanov's theorem gives an O(log m / m) error).
const ldpConvergenceC = 2.0

// finiteRow holds the finite-m exponents of one δ for every m.
type finiteRow struct {
	delta  float64
	rates  *ldp.Rates
	ms     []int
	phi    [][]float64 // [m][t] −(1/m) log P_{φ_δ^m}(window)
	bon    [][]float64 // [m][t] the same under best-of-N, N = exp(mδ)
	jCell  []float64   // inf of J_δ over each window
	bnCell []float64   // inf of J_BoN over each window
}

func (b *builder) finiteRows(deltas []float64) ([]*finiteRow, error) {
	ex := b.ex
	var rows []*finiteRow
	for _, d := range deltas {
		r, err := ldp.New(ex.p.Values, ex.logq, d)
		if err != nil {
			return nil, err
		}
		fr := &finiteRow{delta: d, rates: r, ms: b.par.ldpMs}
		for _, t := range ldpTs {
			jc, err := r.JDeltaCell(t, ldpW)
			if err != nil {
				return nil, err
			}
			bc, err := r.JBoNCell(t, ldpW)
			if err != nil {
				return nil, err
			}
			fr.jCell, fr.bnCell = append(fr.jCell, jc), append(fr.bnCell, bc)
		}
		for _, m := range b.par.ldpMs {
			en, err := b.cache.get(m)
			if err != nil {
				return nil, err
			}
			c, err := bon.CountFromLog(float64(m) * d)
			if err != nil {
				return nil, err
			}
			fm := r.FiniteM(en, c, ldpTs, ldpW)
			var ph, bn []float64
			for _, f := range fm {
				ph, bn = append(ph, f.Phi), append(bn, f.BoN)
			}
			fr.phi, fr.bon = append(fr.phi, ph), append(fr.bon, bn)
		}
		rows = append(rows, fr)
	}
	return rows, nil
}

// convergenceChecks adds, for each window, the check that the finite-m
// exponent approaches the window's infimum of J.
func convergenceChecks(ck *checks, label string, ms []int, finite [][]float64, cell []float64) (maxErr float64) {
	last := len(ms) - 1
	mm := float64(ms[last])
	tol := ldpConvergenceC * math.Log(mm) / mm
	bad := 0
	for i := range ldpTs {
		e0, e1 := math.Abs(finite[0][i]-cell[i]), math.Abs(finite[last][i]-cell[i])
		if math.IsInf(finite[last][i], 0) {
			bad++
			continue
		}
		maxErr = math.Max(maxErr, e1)
		if !(e1 <= tol && e1 <= e0) {
			bad++
		}
	}
	ck.add(fmt.Sprintf("%s: at every window the m = %d exponent is within %.3g of inf J and closer than at m = %d", label, ms[last], tol, ms[0]), bad == 0)
	return maxErr
}

// ldpTable tabulates finite-m exponents against the window infimum.
func ldpTable(caption string, fr *finiteRow, finite [][]float64, cell []float64, j func(float64) float64) Table {
	tab := Table{Caption: caption, Header: []string{"t", "J(t)", "inf J on window"}}
	for _, m := range fr.ms {
		tab.Header = append(tab.Header, fmt.Sprintf("m = %d", m))
	}
	for i, t := range ldpTs {
		row := []string{g(t), g(j(t)), g(cell[i])}
		for k := range fr.ms {
			row = append(row, g(finite[k][i]))
		}
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// rateCurve samples a rate function over the interval.
func rateCurve(r *ldp.Rates, f func(ldp.Point) float64, upto float64) (xs, ys []float64) {
	const capY = 1.3 // keep the figures readable: J grows steeply at the ends
	for i := 0; i <= 240; i++ {
		t := r.Lo + (r.Hi-r.Lo)*float64(i)/240
		if t > upto {
			break
		}
		pt, err := r.At(t)
		if err != nil {
			continue
		}
		v := f(pt)
		if math.IsInf(v, 0) || math.IsNaN(v) || v > capY {
			continue
		}
		xs, ys = append(xs, t), append(ys, v)
	}
	return xs, ys
}

// markerSeries returns one marker series per m of finite-m exponents,
// leaving out values above capY (and infinities).
func markerSeries(ms []int, finite [][]float64, capY float64, what string) []figures.Series {
	var out []figures.Series
	for k, m := range ms {
		if len(ms) > 3 && k != 0 && k != len(ms)/2 && k != len(ms)-1 {
			continue
		}
		var xs, ys []float64
		for i, t := range ldpTs {
			if v := finite[k][i]; v <= capY && !math.IsInf(v, 0) {
				xs, ys = append(xs, t), append(ys, v)
			}
		}
		if len(xs) > 0 {
			out = append(out, figures.Series{Name: fmt.Sprintf("%s m = %d", what, m), X: xs, Y: ys, NoLine: true})
		}
	}
	return out
}

// ldpItems reproduces Theorem 3, Theorem 1 and the conjecture.
func ldpItems(b *builder) ([]*Claim, error) {
	ex := b.ex
	rows0, err := b.finiteRows([]float64{0})
	if err != nil {
		return nil, err
	}
	r0 := rows0[0]
	// Theorem 3.
	var ck3 checks
	hpq := ex.fam.At(0).CrossEntropy
	pt, _ := r0.rates.At(hpq)
	ck3.add("J₀ vanishes at t = H(p‖q)", pt.J0 <= 1e-12)
	err3 := convergenceChecks(&ck3, "under p^m", r0.ms, r0.phi, r0.jCell)
	j0 := func(t float64) float64 { p, _ := r0.rates.At(t); return p.J0 }
	x0, y0 := rateCurve(r0.rates, func(p ldp.Point) float64 { return p.J0 }, math.Inf(1))
	series := append([]figures.Series{{Name: "J₀(t)", X: x0, Y: y0}}, markerSeries(r0.ms, r0.phi, 1.3, "exact")...)
	fig3 := &Figure{
		Name:    "theorem-3-rate",
		Caption: fmt.Sprintf("Theorem 3 on Example 1: the rate function J₀(t) = KL(T(q,p,β(t))‖p) of the reward rate t = −(1/m) log q^m(Y^m) under p^m, and the exact finite-m exponents −(1/m) log P(|t(Y^m) − t| < %g) (markers), which approach the infimum of J₀ over each window.", ldpW),
		Lines:   &figures.LinesOptions{Title: "Theorem 3: LDP of the reward rate under p", XLabel: "reward rate t = −(1/m) log q(Yᵐ) (nats/token)", YLabel: "rate (nats/token)", Series: series},
	}
	c3 := &Claim{
		ID: "theorem-3", Title: "Theorem 3 (LDP for mismatched information)",
		Statement: "For Y^m ~ p^m, −(1/m) log q^m(Y^m) satisfies an LDP with rate J₀(t) = KL(T(q, p, β(t))‖p), H(T(q,p,β(t))‖q) = t.",
		Paper:     "Proof via tilted typical sets and Sanov's theorem; no numbers.",
		Computed:  fmt.Sprintf("J₀ from package ldp; exact finite-m exponents −(1/m) log P_{p^m}(|t(Y^m) − t| < %g) over all types (ldp.Rates.FiniteM) for m ∈ %v at t ∈ %v.", ldpW, set(r0.ms), set(ldpTs)),
		Criterion: fmt.Sprintf("Reproduced if J₀(H(p‖q)) = 0 and at every window the largest-m exponent is within %g·log(m)/m of inf J₀ over the window and closer than the smallest m's.", ldpConvergenceC),
		Evidence:  map[string]any{"ms": r0.ms, "ts": ldpTs, "width": ldpW, "finite_m": r0.phi, "inf_j0_window": r0.jCell, "max_abs_error_largest_m": err3},
		Tables:    []Table{ldpTable("Example 1 under p^m: exact finite-m exponents against inf J₀ over the window |t(Y^m) − t| < 0.05", r0, r0.phi, r0.jCell, j0)},
		Figures:   []*Figure{fig3},
	}
	c3.Headline = fmt.Sprintf("finite-m exponents within %s of inf J₀ at m = %d", g(err3), r0.ms[len(r0.ms)-1])
	ck3.apply(c3)

	// Theorem 1.
	rows, err := b.finiteRows(b.par.deltas)
	if err != nil {
		return nil, err
	}
	var ck1 checks
	var ev1 []map[string]any
	maxErr1 := 0.0
	var tab1 Table
	var fig1 *Figure
	for _, fr := range rows {
		p, _ := fr.rates.At(fr.rates.TStar)
		ck1.add(fmt.Sprintf("δ = %g: J_δ vanishes at t* = H(φ_δ‖q)", fr.delta), p.JDelta <= 1e-12)
		e := convergenceChecks(&ck1, fmt.Sprintf("δ = %g, under φ_δ^m", fr.delta), fr.ms, fr.phi, fr.jCell)
		maxErr1 = math.Max(maxErr1, e)
		ev1 = append(ev1, map[string]any{"delta": fr.delta, "alpha": fr.rates.Alpha, "t_star": fr.rates.TStar, "finite_m": fr.phi, "inf_j_window": fr.jCell, "max_abs_error_largest_m": e})
		if fr.delta == 0.1 {
			jd := func(t float64) float64 { p, _ := fr.rates.At(t); return p.JDelta }
			tab1 = ldpTable("Example 1 under φ_δ^m, δ = 0.1: exact finite-m exponents against inf J_δ over the window", fr, fr.phi, fr.jCell, jd)
			xd, yd := rateCurve(fr.rates, func(p ldp.Point) float64 { return p.JDelta }, math.Inf(1))
			s := []figures.Series{{Name: "J_δ(t)", X: xd, Y: yd}, {Name: "J₀(t), for reference", X: x0, Y: y0}}
			s = append(s, markerSeries(fr.ms, fr.phi, 1.3, "exact")...)
			fig1 = &Figure{
				Name:    "theorem-1-rate",
				Caption: "Theorem 1 on Example 1, δ = 0.1: the rate function J_δ(t) = KL(T(q,p,β(t))‖φ_δ) of the reward rate under φ_δ^m (vanishing at t* = H(φ_δ‖q)), J₀ for reference, and the exact finite-m exponents under φ_δ^m (markers).",
				Lines:   &figures.LinesOptions{Title: "Theorem 1: LDP of the reward rate under φ_δ (δ = 0.1)", XLabel: "reward rate t (nats/token)", YLabel: "rate (nats/token)", Series: s},
			}
		}
	}
	c1 := &Claim{
		ID: "theorem-1", Title: "Theorem 1 (LDP for the aligned reward)",
		Statement: "For Y^m ~ φ_δ^m, −(1/m) log q^m(Y^m) satisfies an LDP with rate J_δ(t) = KL(T(q, p, β(t))‖φ_δ).",
		Paper:     "Proof from Theorem 3 by a change of measure along the aligned family (Lemma 9); no numbers.",
		Computed:  fmt.Sprintf("J_δ from package ldp for δ ∈ %v; exact finite-m exponents under φ_δ^m for m ∈ %v at the windows of Theorem 3.", set(b.par.deltas), set(b.par.ldpMs)),
		Criterion: fmt.Sprintf("Reproduced if J_δ(t*) = 0 and at every window the largest-m exponent is within %g·log(m)/m of inf J_δ and closer than the smallest m's, for every δ.", ldpConvergenceC),
		Evidence:  map[string]any{"ms": b.par.ldpMs, "ts": ldpTs, "width": ldpW, "deltas": ev1},
		Tables:    []Table{tab1},
		Figures:   []*Figure{fig1},
	}
	c1.Headline = fmt.Sprintf("finite-m exponents within %s of inf J_δ at m = %d (δ = %s)", g(maxErr1), b.par.ldpMs[len(b.par.ldpMs)-1], joinFloats(b.par.deltas))
	ck1.apply(c1)

	cc, err := conjecture(b, rows)
	if err != nil {
		return nil, err
	}
	return []*Claim{c3, c1, cc}, nil
}

// conjecture confronts the paper's conjecture (best-of-N with N = exp(mδ)
// has the rate function J_δ of Theorem 1) with the exact finite-m exponents
// of best-of-N and with the rate function tiltkit derives (package ldp):
// J_BoN(t) = J₀(t) − δ for t ≤ t*, +∞ above.
func conjecture(b *builder, rows []*finiteRow) (*Claim, error) {
	var ck checks // checks that the evidence favours J_BoN over J_δ
	var ev []map[string]any
	var tab Table
	var fig *Figure
	maxID := 0.0
	for _, fr := range rows {
		r := fr.rates
		last := len(fr.ms) - 1
		leftOK, leftN, rightOK, rightN := 0, 0, 0, 0
		for i, t := range ldpTs {
			fb := fr.bon[last][i]
			switch {
			case t+ldpW < r.TStar && math.Abs(fr.bnCell[i]-fr.jCell[i]) > 0.01:
				leftN++
				if math.Abs(fb-fr.bnCell[i]) < math.Abs(fb-fr.jCell[i]) {
					leftOK++
				}
			case t-ldpW > r.TStar:
				rightN++
				grows := true
				for k := 1; k < len(fr.ms); k++ {
					grows = grows && fr.bon[k][i] > fr.bon[k-1][i]
				}
				if grows && fb > fr.jCell[i] {
					rightOK++
				}
			}
		}
		for _, t := range ldpTs {
			pt, err := r.At(t)
			if err != nil {
				return nil, err
			}
			maxID = math.Max(maxID, math.Abs(r.Identity(pt)))
		}
		ck.add(fmt.Sprintf("δ = %g: below t*, the m = %d best-of-N exponent is closer to J_BoN than to J_δ at %d of %d windows", fr.delta, fr.ms[last], leftOK, leftN), leftOK == leftN && leftN > 0)
		ck.add(fmt.Sprintf("δ = %g: above t*, the best-of-N exponent increases with m (diverges) at %d of %d windows", fr.delta, rightOK, rightN), rightOK == rightN && rightN > 0)
		ev = append(ev, map[string]any{"delta": fr.delta, "t_star": r.TStar, "alpha": r.Alpha, "ms": fr.ms, "finite_m_bon": capInf(fr.bon), "inf_j_bon_window": fr.bnCell, "inf_j_delta_window": fr.jCell,
			"left_windows_closer_to_j_bon": leftOK, "left_windows": leftN, "right_windows_growing": rightOK, "right_windows": rightN})
		if fr.delta == 0.1 {
			tab = Table{Caption: "Example 1, δ = 0.1, t* = " + g(r.TStar) + ": best-of-N's exact finite-m exponents against inf J_δ (conjecture) and inf J_BoN (tiltkit) over the window", Header: []string{"t", "inf J_δ", "inf J_BoN"}}
			for _, m := range fr.ms {
				tab.Header = append(tab.Header, fmt.Sprintf("m = %d", m))
			}
			for i, t := range ldpTs {
				row := []string{g(t), g(fr.jCell[i]), g(fr.bnCell[i])}
				for k := range fr.ms {
					row = append(row, g(fr.bon[k][i]))
				}
				tab.Rows = append(tab.Rows, row)
			}
			xd, yd := rateCurve(r, func(p ldp.Point) float64 { return p.JDelta }, math.Inf(1))
			xb, yb := rateCurve(r, func(p ldp.Point) float64 { return p.JBoN }, r.TStar)
			s := []figures.Series{{Name: "J_δ (conjecture)", X: xd, Y: yd}, {Name: "J_BoN (tiltkit)", X: xb, Y: yb}}
			s = append(s, markerSeries(fr.ms, fr.bon, 1.3, "best-of-N")...)
			fig = &Figure{
				Name:    "conjecture-rate",
				Caption: "The conjecture on Example 1, δ = 0.1: J_δ (the conjecture) against J_BoN(t) = J₀(t) − δ for t ≤ t*, +∞ above (tiltkit). Best-of-N's exact finite-m exponents (markers; values above 1.3 not drawn: right of t* they grow without bound with m) follow J_BoN(t) = J₀(t) − δ on the left of t* and blow up on the right, not J_δ.",
				Lines:   &figures.LinesOptions{Title: "Conjecture: best-of-N's rate function is not J_δ (δ = 0.1)", XLabel: "reward rate t (nats/token)", YLabel: "rate (nats/token)", Series: s},
			}
		}
	}
	favours, why := ck.verdict()
	headline := ""
	for _, fr := range rows {
		if fr.delta == 0.1 {
			i := 3 // t = 1.1, left of t*
			headline = fmt.Sprintf("left of t*, best-of-N follows J₀ − δ, not J_δ: at t = %g, m = %d its exponent is %s vs inf J_BoN %s and inf J_δ %s; right of t* it diverges",
				ldpTs[i], fr.ms[len(fr.ms)-1], g(fr.bon[len(fr.ms)-1][i]), g(fr.bnCell[i]), g(fr.jCell[i]))
		}
	}
	c := &Claim{
		ID: "conjecture", Title: "Conjecture (best-of-N obeys an LDP with the rate function of Theorem 1)",
		Statement: "The paper conjectures that π_N^m with N = exp(mδ) satisfies an LDP with the same rate function J_δ as φ_δ^m.",
		Paper:     "Stated as a conjecture at the end of the main results; no numbers.",
		Computed: "tiltkit's derivation (package ldp): J_BoN(t) = J₀(t) − δ for t ≤ t* (P(best ≈ t) ≈ N·P_p(≈ t)) and +∞ for t > t* (all N candidates must fall below t: doubly exponential), " +
			"so J_BoN − J_δ = α(δ)(t* − t) > 0 for t < t* by the exponential-family identity; confronted with best-of-N's exact finite-m exponents over types for m ∈ " + set(b.par.ldpMs) + ".",
		Criterion: "The conjecture is 'not reproduced' if the exact exponents side with J_BoN: at the largest m they are closer to inf J_BoN than to inf J_δ at every window left of t* where the two differ by more than 0.01, and right of t* they increase strictly with m (J_BoN = +∞; under J_δ they would settle at inf J_δ); 'reproduced' if they side with J_δ on both sides; 'partly' otherwise.",
		Evidence:  map[string]any{"deltas": ev, "max_abs_identity_residual": maxID, "width": ldpW, "ts": ldpTs},
		Tables:    []Table{tab},
		Figures:   []*Figure{fig},
		Notes:     []string{"The identity J₀(t) − δ − J_δ(t) = α(δ)(t* − t) holds to " + g(maxID) + " at the tabulated t (ldp.Rates.Identity)."},
		Headline:  headline,
	}
	switch favours {
	case Reproduced:
		c.Status, c.Why = NotReproduced, "the exact exponents follow tiltkit's J_BoN, not J_δ ("+why+")"
	case NotReproduced:
		c.Status, c.Why = Reproduced, "the exact exponents follow J_δ, not J_BoN"
	default:
		c.Status, c.Why = Partly, why
	}
	return c, nil
}

// capInf replaces infinities by NaN (cleaned to null in claims.json).
func capInf(xs [][]float64) [][]float64 {
	out := make([][]float64, len(xs))
	for i, r := range xs {
		out[i] = make([]float64, len(r))
		for j, v := range r {
			if math.IsInf(v, 0) {
				v = math.NaN()
			}
			out[i][j] = v
		}
	}
	return out
}
