package paper

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/figures"
)

// figure1Delta is the KL budget of the contour drawn in Figure 1 (the paper
// does not state it).
const figure1Delta = 0.1

// Tolerances of Figure 1's data.
const (
	contourTol = 1e-10 // |KL(φ‖p) − δ| on the traced contour
	lineTol    = 1e-12 // |H(φ‖q) − H(φ_δ‖q)| on the reward line
)

// familyCurve samples the aligned family T(q, p, α) for α from 0 to ±∞
// (sign s = ±1): α = s·x/(1 − x) on a grid of x in [0, 1), then the limit
// point (p conditioned on argmax q, resp. argmin q).
func familyCurve(b *builder, sign float64) [][3]float64 {
	var out [][3]float64
	for i := 0; i < 400; i++ {
		x := float64(i) / 400
		a := sign * 8 * x / (1 - x)
		out = append(out, bary(b.ex.fam.Tilt(a)))
	}
	out = append(out, bary(b.ex.fam.Tilt(math.Inf(int(sign)))))
	return out
}

// rewardLine returns the two ends, on the simplex boundary, of the line
// {φ : H(φ‖q) = H(φ0‖q)} through φ0 (a reward contour: H(φ‖q) is linear in φ).
func rewardLine(phi0, logq []float64) [][3]float64 {
	// Direction v with Σv = 0 and Σ v·log q = 0: v = (1,1,1) × log q.
	v := []float64{logq[2] - logq[1], logq[0] - logq[2], logq[1] - logq[0]}
	// Extent: s with phi0 + s·v ≥ 0.
	lo, hi := math.Inf(-1), math.Inf(1)
	for i := range v {
		if v[i] > 0 {
			lo = math.Max(lo, -phi0[i]/v[i])
		} else if v[i] < 0 {
			hi = math.Min(hi, -phi0[i]/v[i])
		}
	}
	return [][3]float64{bary(along(phi0, v, lo)), bary(along(phi0, v, hi))}
}

// example1 reproduces Example 1 and Figure 1.
func example1(b *builder) ([]*Claim, error) {
	ex := b.ex
	p, q, logq := ex.p.Values, ex.q.Values, ex.logq
	var ck checks
	tab := Table{Caption: "Example 1: the aligned family at a few budgets (delta_max = −log p(y=1) = " + g(ex.fam.DeltaMax()) + ")", Header: []string{"δ", "α(δ)", "φ_δ", "KL(φ_δ‖p) − δ", "H(φ_δ‖q)", "E_φδ[r]"}}
	var ev []map[string]any
	maxRes := 0.0
	for _, d := range []float64{0, 0.05, 0.1, 0.3, 0.5, 1, 1.5} {
		phi, a, err := ex.phi(d)
		if err != nil {
			return nil, err
		}
		res := dist.KL(phi, p) - d
		maxRes = math.Max(maxRes, math.Abs(res)/math.Max(d, 0.01))
		h := dist.CrossEntropy(phi, logq)
		tab.Rows = append(tab.Rows, []string{g(d), g(a), vec(phi), g(res), gp(h, 8), gp(-h, 8)})
		ev = append(ev, map[string]any{"delta": d, "alpha": a, "phi": phi, "kl_minus_delta": res, "cross_entropy": h})
	}
	ck.add("KL(φ_δ‖p) = δ to 1e-13·max(δ, 0.01)", maxRes <= 1e-13)
	ck.add("delta_max = log 5", math.Abs(ex.fam.DeltaMax()-math.Log(5)) <= 1e-15)
	c1 := &Claim{
		ID: "example-1", Title: "Example 1 (ternary memoryless source)",
		Statement: "p = (1/5, 3/10, 1/2) and q = (2/3, 1/9, 2/9) on Y = {1, 2, 3}; the recurring example, drawn in Figure 1.",
		Paper:     "p = (1/5, 3/10, 1/2), q = (2/3, 1/9, 2/9); no δ is stated for the figure.",
		Computed:  "The aligned family φ_δ = T(q, p, α(δ)) at several δ (package tilt), with KL(φ_δ‖p), H(φ_δ‖q) and delta_max.",
		Criterion: "Reproduced if |KL(φ_δ‖p) − δ| ≤ 1e-13·max(δ, 0.01) for every δ and delta_max = −log P_p(argmax q) = log 5.",
		Evidence:  map[string]any{"p": p, "q": q, "delta_max": ex.fam.DeltaMax(), "family": ev},
		Tables:    []Table{tab},
	}
	c1.Headline = fmt.Sprintf("φ_0.1 = (0.3796, 0.1693, 0.4511), α(0.1) = %s, delta_max = log 5", g(ev[2]["alpha"].(float64)))
	ck.apply(c1)

	// Figure 1.
	phi, alpha, err := ex.phi(figure1Delta)
	if err != nil {
		return nil, err
	}
	cont, clipped := klContour(p, figure1Delta, b.par.contourPoints)
	maxKL, nClipped := 0.0, 0
	var contour [][3]float64
	minH := math.Inf(1)
	for i, c := range cont {
		contour = append(contour, bary(c))
		if clipped[i] {
			nClipped++
			continue
		}
		maxKL = math.Max(maxKL, math.Abs(dist.KL(c, p)-figure1Delta))
		minH = math.Min(minH, dist.CrossEntropy(c, logq))
	}
	hPhi := dist.CrossEntropy(phi, logq)
	line := rewardLine(phi, logq)
	maxLine := 0.0
	for _, l := range line {
		maxLine = math.Max(maxLine, math.Abs(dist.CrossEntropy(l[:], logq)-hPhi))
	}
	famPos, famNeg := familyCurve(b, 1), familyCurve(b, -1)
	var ckF checks
	ckF.add(fmt.Sprintf("KL contour: |KL(φ‖p) − δ| ≤ %g at every point", contourTol), maxKL <= contourTol && nClipped == 0)
	ckF.add(fmt.Sprintf("reward line: |H(φ‖q) − H(φ_δ‖q)| ≤ %g", lineTol), maxLine <= lineTol)
	ckF.add("the reward line touches the KL ball at φ_δ: no contour point has higher reward", minH >= hPhi-optSlack)
	ckF.add("the aligned family runs from p (α = 0) to the vertex argmax q (α = ∞)", maxAbsDiff(famPos[0][:], p) <= 1e-15 && math.Abs(famPos[len(famPos)-1][0]-1) <= 1e-15)
	fig := &Figure{
		Name: "figure-1",
		Caption: fmt.Sprintf("Figure 1 (Example 1): the reference model p, the alignment distribution q, the KL contour {φ : KL(φ‖p) = %g} (green), the reward contour through φ_δ "+
			"(black: the line {φ : H(φ‖q) = H(φ_δ‖q)}, tangent to the KL contour at φ_δ), and the aligned family {φ_δ}: α ≥ 0 solid from p to the vertex y = 1 (argmax q), α < 0 dashed to the vertex y = 2 (argmin q).", figure1Delta),
		Simplex: &figures.SimplexOptions{
			Title:        "Figure 1: Example 1 on the probability simplex",
			VertexLabels: [3]string{"y = 1", "y = 2", "y = 3"},
			AxisLabels:   [3]string{"φ(1)", "φ(2)", "φ(3)"},
			TickStep:     0.2,
			Curves: []figures.SimplexCurve{
				{Name: "aligned family φ_δ (α ≥ 0)", Points: famPos, Color: figures.Blue},
				{Name: "continuation α < 0", Points: famNeg, Color: figures.SkyBlue},
				{Name: fmt.Sprintf("KL contour KL(φ‖p) = %g", figure1Delta), Points: contour, Closed: true, Color: figures.BluishGreen},
				{Name: "reward contour H(φ‖q) = H(φ_δ‖q)", Points: line, Color: figures.Black},
			},
			Points: []figures.SimplexPoint{
				{Name: "reference model p", Label: "p", P: bary(p), Color: figures.Black},
				{Name: "alignment distribution q", Label: "q", P: bary(q), Color: figures.Vermillion},
				{Name: fmt.Sprintf("φ_δ, δ = %g", figure1Delta), Label: "φ_δ", P: bary(phi), Color: figures.Blue, LabelAt: figures.LabelE},
			},
		},
	}
	cf := &Claim{
		ID: "figure-1", Title: "Figure 1 (p, q, a KL contour, a reward contour and the aligned family)",
		Statement: "On the simplex, the aligned family {φ_δ} passes through the point where a reward contour touches the KL contour {KL(φ‖p) = δ}.",
		Paper:     "Green KL contour, black reward contour, blue aligned family; the text writes the reward contour as {φ : H(φ‖p) = c}, which should read H(φ‖q).",
		Computed: fmt.Sprintf("The KL contour traced by angle from p with a 1-D root solve per angle (%d angles, δ = %g); the reward contour as the exact line of constant H(φ‖q) through φ_δ; the family for α from −∞ to ∞ (package tilt).",
			b.par.contourPoints, figure1Delta),
		Criterion: "Reproduced if the contour satisfies KL = δ to 1e-10, the line has constant H(φ‖q) to 1e-12, no contour point beats φ_δ's reward by more than 1e-12 (tangency), and the family runs from p to the vertex of argmax q.",
		Evidence: map[string]any{"delta": figure1Delta, "alpha": alpha, "phi": phi, "contour_points": len(cont), "contour_max_abs_kl_error": maxKL,
			"reward_line_max_abs_error": maxLine, "contour_min_cross_entropy_minus_phi": minH - hPhi},
		Figures: []*Figure{fig},
	}
	cf.Headline = fmt.Sprintf("contour |KL − δ| ≤ %s; the reward line touches it at φ_δ (no contour point has a higher reward; closest %s nats below)", g(maxKL), g(minH-hPhi))
	ckF.apply(cf)
	return []*Claim{c1, cf}, nil
}
