package paper

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// PaperTable2 is Table 2 of the paper: π_N^m(y1, y2) for m = 2, N = 2,
// p = (1/5, 3/10, 1/2), r = (log 6, 0, log 2), indexed [y2][y1].
var PaperTable2 = [3][3]string{
	{"49/625", "21/250", "43/250"},
	{"21/250", "81/10000", "9/125"},
	{"43/250", "9/125", "103/400"},
}

// table2 reproduces Example 2, Table 2 and Lemma 5 in exact rational
// arithmetic (memoryless.Model.Exact).
func table2(b *builder) ([]*Claim, error) {
	md := b.ex.model
	res, err := md.Exact(2, 2, true)
	if err != nil {
		return nil, err
	}
	got := map[[2]int]*big.Rat{}
	for _, s := range res.Sequences {
		got[[2]int{s.Y[0], s.Y[1]}] = s.Prob
	}
	var ck checks
	tab := Table{Caption: "Table 2: π_N^m(y1, y2) for m = 2, N = 2 (tiltkit, exact / paper)", Header: []string{"", "y1 = 0", "y1 = 1", "y1 = 2"}}
	matches := 0
	var cells []map[string]any
	for y2 := range 3 {
		row := []string{fmt.Sprintf("y2 = %d", y2)}
		for y1 := range 3 {
			v := got[[2]int{y1, y2}]
			want, _ := new(big.Rat).SetString(PaperTable2[y2][y1])
			ok := v != nil && want != nil && v.Cmp(want) == 0
			mark := "✓"
			if ok {
				matches++
			} else {
				mark = "✗"
			}
			s := "missing"
			if v != nil {
				s = v.RatString()
			}
			row = append(row, fmt.Sprintf("%s / %s %s", s, PaperTable2[y2][y1], mark))
			cells = append(cells, map[string]any{"y1": y1, "y2": y2, "tiltkit": s, "paper": PaperTable2[y2][y1], "equal": ok})
		}
		tab.Rows = append(tab.Rows, row)
	}
	total := new(big.Rat)
	for _, v := range got {
		total.Add(total, v)
	}
	ck.add(fmt.Sprintf("%d of 9 cells equal the paper's fractions exactly", matches), matches == 9)
	ck.add("the table sums to 1 exactly", total.Cmp(big.NewRat(1, 1)) == 0)
	ct := &Claim{
		ID: "table-2", Title: "Table 2 (π_N^m for m = 2, N = 2)",
		Statement: "The nine probabilities π_2^2(y1, y2) of Example 2, as exact fractions.",
		Paper:     "49/625, 21/250, 43/250 / 21/250, 81/10000, 9/125 / 43/250, 9/125, 103/400 (rows y2 = 0, 1, 2).",
		Computed:  "Best-of-2 over the 9 sequences of length 2 in math/big.Rat (memoryless.Model.Exact: types, exact tails F⁺, F⁻, uniform tie breaking, spread over the sequences of each type).",
		Criterion: "Reproduced if all nine fractions equal the paper's exactly (big.Rat comparison).",
		Evidence:  map[string]any{"cells": cells, "matches": matches, "sum": total.RatString()},
		Tables:    []Table{tab},
	}
	ct.Headline = fmt.Sprintf("%d of 9 fractions equal the paper's exactly", matches)
	ck.apply(ct)

	// Example 2.
	var ck2 checks
	m0 := res.MarginalFirst[0]
	p00 := got[[2]int{0, 0}]
	prod := new(big.Rat).Mul(m0, m0)
	ck2.add("π(y1 = 0) = 209/625", m0.Cmp(big.NewRat(209, 625)) == 0)
	ck2.add("π(y1 = 0, y2 = 0) = 49/625", p00 != nil && p00.Cmp(big.NewRat(49, 625)) == 0)
	ck2.add("π(0, 0) ≠ π(y1 = 0)·π(y2 = 0): not memoryless", p00 != nil && p00.Cmp(prod) != 0 && !res.Product)
	var marg []string
	for _, r := range res.MarginalFirst {
		marg = append(marg, r.RatString())
	}
	c2 := &Claim{
		ID: "example-2", Title: "Example 2 (memoryless sources are not closed under best-of-N)",
		Statement: "For m = 2, N = 2, p = (0.2, 0.3, 0.5), r = (log 6, 0, log 2): π(y1 = 0) = π(y2 = 0) = 209/625 but π(0, 0) = 49/625 ≠ (209/625)².",
		Paper:     "π(y1 = 0) = 209/625, π(0, 0) = 49/625. (The text calls p 'a uniform distribution' but gives (0.2, 0.3, 0.5), the p of Example 1; q ∝ e^r = (2/3, 1/9, 2/9) is Example 1's q.)",
		Computed:  "The exact marginal of y1 and the joint pmf (memoryless.Model.Exact with sequences).",
		Criterion: "Reproduced if the marginal is 209/625, π(0, 0) = 49/625, and the joint differs from the product of its marginals.",
		Evidence: map[string]any{"marginal_first": marg, "pi_00": p00.RatString(), "product_of_marginals": prod.RatString(),
			"product_of_marginals_float": ratFloat(prod), "pi_00_float": ratFloat(p00)},
		Tables: []Table{{Caption: "Example 2", Header: []string{"quantity", "tiltkit (exact)", "paper"}, Rows: [][]string{
			{"π(y1 = 0) = π(y2 = 0)", m0.RatString(), "209/625"},
			{"π(y1 = 0, y2 = 0)", p00.RatString(), "49/625"},
			{"π(y1 = 0)·π(y2 = 0)", prod.RatString() + " ≈ " + g(ratFloat(prod)), "≠ 49/625"},
			{"marginal of y1", strings.Join(marg, ", "), "—"},
		}}},
	}
	c2.Headline = fmt.Sprintf("π(y1 = 0) = %s, π(0, 0) = %s ≠ %s", m0.RatString(), p00.RatString(), prod.RatString())
	ck2.apply(c2)

	// Lemma 5: exchangeability, over every permutation of positions.
	var ck5 checks
	tab5 := Table{Caption: "Lemma 5: best-of-N over sequences in exact arithmetic, every permutation of positions", Header: []string{"m", "N", "sequences", "permutations checked", "unequal", "product form"}}
	var ev5 []map[string]any
	for _, mn := range [][2]int{{2, 2}, {3, 3}, {4, 2}, {4, 5}} {
		m, n := mn[0], mn[1]
		r, err := md.Exact(m, int64(n), true)
		if err != nil {
			return nil, err
		}
		probs := map[string]*big.Rat{}
		for _, s := range r.Sequences {
			probs[fmt.Sprint(s.Y)] = s.Prob
		}
		perms := permutations(m)
		checked, bad := 0, 0
		for _, s := range r.Sequences {
			for _, pm := range perms {
				y := make([]int, m)
				for i, j := range pm {
					y[i] = s.Y[j]
				}
				checked++
				if o := probs[fmt.Sprint(y)]; o == nil || o.Cmp(s.Prob) != 0 {
					bad++
				}
			}
		}
		ck5.add(fmt.Sprintf("m = %d, N = %d: exchangeable", m, n), bad == 0)
		tab5.Rows = append(tab5.Rows, []string{itoa(m), itoa(n), itoa(len(r.Sequences)), itoa(checked), itoa(bad), fmt.Sprint(r.Product)})
		ev5 = append(ev5, map[string]any{"m": m, "n": n, "sequences": len(r.Sequences), "checked": checked, "unequal": bad, "product_form": r.Product})
	}
	c5 := &Claim{
		ID: "lemma-5", Title: "Lemma 5 (best-of-N is exchangeable)",
		Statement: "With uniform tie breaking, π_N^m is exchangeable: permuting positions does not change the probability of a sequence.",
		Paper:     "Proof by a coupling that swaps two positions; no numbers.",
		Computed:  "Exact best-of-N (math/big.Rat) on Example 1 for (m, N) ∈ {(2,2), (3,3), (4,2), (4,5)}: every sequence against every permutation of its positions.",
		Criterion: "Reproduced if every permuted sequence has exactly the same probability.",
		Evidence:  map[string]any{"cases": ev5},
		Tables:    []Table{tab5},
		Notes:     []string{"The last column shows that π_N^m is nevertheless not a product measure (Example 2)."},
	}
	c5.Headline = "every permutation of positions has exactly the same probability, 4 cases; not a product measure"
	ck5.apply(c5)
	return []*Claim{c2, ct, c5}, nil
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// permutations returns every permutation of 0..m−1.
func permutations(m int) [][]int {
	if m == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(m - 1) {
		for i := 0; i <= len(p); i++ {
			q := slices.Insert(slices.Clone(p), i, m-1)
			out = append(out, q)
		}
	}
	return out
}
