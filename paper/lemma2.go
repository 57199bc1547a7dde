package paper

import (
	"fmt"
	"math"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/dist"
	"github.com/tiltkit/tiltkit/figures"
	"github.com/tiltkit/tiltkit/tilt"
)

// Tolerances of Lemma 2's checks.
const (
	// lemma2Slack: KL(ψ‖φ_Δ) ≤ α·ε + lemma2Slack.
	lemma2Slack = 1e-12
	// lemma2EqTol: with the exact budget, |KL(π_N‖φ_Δ) − α·ε| ≤
	// lemma2EqTol·max(KL, α·ε) + 1e-15 (the proof's equality).
	lemma2EqTol = 1e-8
	// lemma2EqAbs is the absolute floor of that comparison: near delta_max
	// both sides fall below 1e-10 while Δ and the rewards keep an absolute
	// resolution of ~1e-16, so the relative agreement degrades.
	lemma2EqAbs = 1e-14
)

// lemma2 checks KL(ψ‖φ_Δ) ≤ α(Δ)·ε for random feasible ψ and for best-of-N.
func lemma2(b *builder) ([]*Claim, error) {
	type pcase struct {
		name    string
		p, logq []float64
		deltas  []float64
	}
	kp, klq := randomPair(10, 21)
	famK, err := tilt.NewFamily(kp, klq)
	if err != nil {
		return nil, err
	}
	cases := []pcase{
		{"Example 1", b.ex.p.Values, b.ex.logq, append(append([]float64{}, b.par.deltas...), 1.0)},
		{"random K = 10", kp, klq, []float64{0.1 * famK.DeltaMax(), 0.3 * famK.DeltaMax(), 0.7 * famK.DeltaMax()}},
	}
	var ck checks
	tab := Table{
		Caption: "Random feasible policies ψ (KL(ψ‖p) ≤ Δ): the bound KL(ψ‖φ_Δ) ≤ α(Δ)·ε, ε = H(ψ‖q) − H(φ_Δ‖q)",
		Header:  []string{"case", "Δ", "α(Δ)", "policies", "min slack α·ε − KL(ψ‖φ_Δ)", "max |identity residual|", "max KL(ψ‖φ_Δ)"},
	}
	r := rng(4)
	var ev []map[string]any
	var sx, sy []float64
	minAll := math.Inf(1)
	for _, pc := range cases {
		fam, err := tilt.NewFamily(pc.p, pc.logq)
		if err != nil {
			return nil, err
		}
		for _, d := range pc.deltas {
			a, err := fam.AlphaForKL(d)
			if err != nil {
				return nil, err
			}
			phi := fam.Tilt(a)
			hPhi := dist.CrossEntropy(phi, pc.logq)
			minSlack, maxRes, maxKL := math.Inf(1), 0.0, 0.0
			for i := range b.par.randomPolicies {
				psi := randomFeasible(r, pc.p, d)
				eps := dist.CrossEntropy(psi, pc.logq) - hPhi
				kl := dist.KL(psi, phi)
				minSlack = math.Min(minSlack, a*eps-kl)
				// The proof's identity: KL(ψ‖φ) = KL(ψ‖p) − Δ + α·ε.
				maxRes = math.Max(maxRes, math.Abs(kl-(dist.KL(psi, pc.p)-d+a*eps)))
				maxKL = math.Max(maxKL, kl)
				if pc.name == "Example 1" && i < 150 && a*eps > 1e-6 && kl > 1e-6 {
					sx, sy = append(sx, a*eps), append(sy, kl)
				}
			}
			ck.add(fmt.Sprintf("%s, Δ = %.4g: bound holds", pc.name, d), minSlack >= -lemma2Slack)
			minAll = math.Min(minAll, minSlack)
			tab.Rows = append(tab.Rows, []string{pc.name, g(d), g(a), itoa(b.par.randomPolicies), g(minSlack), g(maxRes), g(maxKL)})
			ev = append(ev, map[string]any{"case": pc.name, "delta": d, "alpha": a, "policies": b.par.randomPolicies, "min_slack": minSlack, "max_identity_residual": maxRes, "max_kl_psi_phi": maxKL})
		}
	}
	// Best-of-N, N = 1..1000.
	tabB := Table{
		Caption: "Best-of-N, N = 1…1000: KL(π_N‖φ_Δ) against α(Δ)·ε (Compare with the exact budget Δ = KL(π_N‖p), and with Δ = log N − (N−1)/N)",
		Header:  []string{"case", "budget", "N checked", "max KL(π_N‖φ_Δ)", "min slack α·ε − KL", "max |KL − α·ε| / tolerance"},
	}
	var bx, by []float64
	var evB []map[string]any
	k100p, k100q := randomPair(100, 23)
	for _, pc := range []pcase{{"Example 1", b.ex.p.Values, b.ex.logq, nil}, {"random K = 100", k100p, k100q, nil}} {
		sel, err := bon.New(pc.p, pc.logq)
		if err != nil {
			return nil, err
		}
		for _, bud := range []bon.Budget{bon.BudgetExact, bon.BudgetBound} {
			minSlack, maxRel, maxKL, checked := math.Inf(1), 0.0, 0.0, 0
			for n := 1; n <= 1000; n++ {
				c, _ := bon.NewCount(float64(n))
				cmp, err := sel.Compare(c, bud)
				if err != nil {
					return nil, err
				}
				if cmp.AlphaInfinite {
					continue // Δ ≥ delta_max: Lemma 2 needs a finite α(Δ)
				}
				checked++
				minSlack = math.Min(minSlack, cmp.Lemma2Bound-cmp.KLBonPhi)
				maxKL = math.Max(maxKL, cmp.KLBonPhi)
				if bud == bon.BudgetExact {
					den := lemma2EqTol*math.Max(cmp.KLBonPhi, cmp.Lemma2Bound) + lemma2EqAbs
					maxRel = math.Max(maxRel, math.Abs(cmp.KLBonPhi-cmp.Lemma2Bound)/den)
					if (n <= 40 || n%20 == 0) && cmp.KLBonPhi > 1e-6 {
						bx, by = append(bx, cmp.Lemma2Bound), append(by, cmp.KLBonPhi)
					}
				}
			}
			ck.add(fmt.Sprintf("%s, %s budget: best-of-N satisfies the bound", pc.name, bud), minSlack >= -lemma2Slack)
			rel := "—"
			if bud == bon.BudgetExact {
				ck.add(fmt.Sprintf("%s: equality KL(π_N‖φ_Δ) = α·ε with the exact budget", pc.name), maxRel <= 1)
				rel = g(maxRel)
			}
			tabB.Rows = append(tabB.Rows, []string{pc.name, bud.String(), itoa(checked), g(maxKL), g(minSlack), rel})
			evB = append(evB, map[string]any{"case": pc.name, "budget": bud.String(), "n_checked": checked, "max_kl_bon_phi": maxKL, "min_slack": minSlack, "max_equality_residual_over_tolerance": maxRel})
		}
	}
	lo := math.Min(minOf(sx), minOf(bx))
	hi := math.Max(maxOf(sy), math.Max(maxOf(sx), maxOf(by)))
	fig := &Figure{
		Name:    "lemma-2-bound",
		Caption: "Lemma 2: KL(ψ‖φ_Δ) against the bound α(Δ)·ε for random feasible policies on Example 1 (on or below the diagonal) and for best-of-N with the exact budget on Example 1 and a random K = 100 pair (on the diagonal: equality).",
		Lines: &figures.LinesOptions{
			Title:  "Lemma 2: KL(ψ‖φ_Δ) ≤ α(Δ)·ε",
			XLabel: "bound α(Δ)·ε (nats)",
			YLabel: "KL(ψ‖φ_Δ) (nats)",
			LogX:   true, LogY: true,
			Legend: figures.LegendTopLeft,
			Series: []figures.Series{
				{Name: "equality KL = α·ε", X: []float64{lo, hi}, Y: []float64{lo, hi}},
				{Name: "random feasible ψ", X: sx, Y: sy, NoLine: true},
				{Name: "best-of-N, exact budget", X: bx, Y: by, NoLine: true},
			},
		},
	}
	c := &Claim{
		ID: "lemma-2", Title: "Lemma 2 (closeness of models given closeness of expected rewards)",
		Statement: "If KL(ψ‖p) ≤ Δ and H(ψ‖q) ≤ H(φ_Δ‖q) + ε, then KL(ψ‖φ_Δ) ≤ α(Δ)·ε.",
		Paper:     "Proof by the identity KL(ψ‖φ_Δ) = KL(ψ‖p) − KL(φ_Δ‖p) + α(Δ)(H(ψ‖q) − H(φ_Δ‖q)); no numbers.",
		Computed: fmt.Sprintf("%d random feasible policies per (case, Δ) for Example 1 and a random K = 10 pair, with ε = H(ψ‖q) − H(φ_Δ‖q) (≥ 0 by Lemma 1); "+
			"best-of-N for every N = 1…1000 on Example 1 and a random K = 100 pair via bon.Selector.Compare (exact and bound budgets; pairs whose budget reaches delta_max are skipped, as α = ∞ there).", b.par.randomPolicies),
		Criterion: fmt.Sprintf("Reproduced if every checked pair has α·ε − KL(ψ‖φ_Δ) ≥ −%g, and with the exact budget |KL(π_N‖φ_Δ) − α·ε| ≤ %g·max(KL, α·ε) + %g (the proof's equality, since then KL(π_N‖p) = Δ).", lemma2Slack, lemma2EqTol, lemma2EqAbs),
		Evidence:  map[string]any{"random_policies": ev, "best_of_n": evB},
		Tables:    []Table{tab, tabB},
		Figures:   []*Figure{fig},
		Notes:     []string{"The proof's identity holds with equality whenever KL(ψ‖p) = Δ; the bound is loose by Δ − KL(ψ‖p) otherwise (column 'max |identity residual|' checks the identity itself)."},
	}
	c.Headline = fmt.Sprintf("worst slack α·ε − KL = %s over %d random policies; best-of-N: equality with the exact budget", g(minAll), len(ev)*b.par.randomPolicies)
	ck.apply(c)
	return []*Claim{c}, nil
}

func minOf(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
