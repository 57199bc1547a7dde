package paper

import (
	"slices"

	"github.com/tiltkit/tiltkit/sweep"
)

// claimOrder is the order of the report: the paper's order of appearance
// (appendix items last).
var claimOrder = []string{
	"definition-3", "lemma-1", "lemma-2", "definition-5", "lemma-3", "lemma-4",
	"example-1", "figure-1", "theorem-1", "corollary-1", "example-2", "table-2",
	"lemma-5", "lemma-6", "type-convergence", "lemma-7", "theorem-2", "empirical-figure",
	"tradeoff", "conjecture", "closing-experiment", "theorem-3", "lemma-8", "lemma-9",
}

// trialCost estimates one sweep trial in milliseconds (NMax Compare calls
// of cost Θ(K); measured on the project machine).
func trialCost(o sweep.Options) int {
	return max(1, int(float64(o.NMax)*float64(max(o.K, 6))*0.00047))
}

// items lists the computations, weighted for the progress bar by their
// estimated cost in milliseconds at the chosen level.
func (b *builder) items() []item {
	sweepCost := 0
	for _, o := range b.sweepConfigs() {
		sweepCost += o.Trials * trialCost(o)
	}
	seqCost := 0.0
	for _, m := range b.par.convMs {
		seqCost += 0.8e-3 * float64(m) * float64(m)
	}
	grid := 1.5e-3 * float64(b.par.gridN) * float64(b.par.gridN)
	return []item{
		{"definitions", 1, definitions},
		{"example 1 and figure 1", 10, example1},
		{"lemma 1 and lemma 4", int(grid) + b.par.randomPolicies/10, lemma1},
		{"lemma 2", 100 + b.par.randomPolicies/8, lemma2},
		{"lemma 3 and corollary 1", 150, cumulants},
		{"table 2, example 2, lemma 5", 10, table2},
		{"sequences: lemma 6, lemma 7, theorem 2, types", int(seqCost), sequenceItems},
		{"trade-off curves", 900, tradeoff},
		{"rate functions: theorems 1 and 3, conjecture", 650, ldpItems},
		{"lemmas 8 and 9", 25, lemma8},
		{"closing experiment", sweepCost, closingExperiment},
	}
}

// sortClaims orders claims by claimOrder (unknown ids last, stable).
func sortClaims(cs []*Claim) {
	pos := func(id string) int {
		if i := slices.Index(claimOrder, id); i >= 0 {
			return i
		}
		return len(claimOrder)
	}
	slices.SortStableFunc(cs, func(a, b *Claim) int { return pos(a.ID) - pos(b.ID) })
}
