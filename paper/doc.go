// Package paper reproduces the paper "Asymptotics of Language Model
// Alignment" item by item: every definition-backed example, lemma, theorem,
// table and figure becomes a Claim with the numbers tiltkit computes for it
// (beside the paper's where the paper gives numbers), the data of its figures,
// and a status decided by a criterion stated in advance:
//
//	reproduced       every check of the criterion passed
//	partly           some checks passed, some failed
//	not reproduced   the evidence contradicts the paper's statement
//
// Build computes every claim (package paper never re-implements a quantity:
// KL and cross-entropies come from dist, tilts from tilt, best-of-N from bon,
// sequences from memoryless, rate functions from ldp, the closing experiment
// from sweep); Report.Write renders claims.json, report.md, a self-contained
// report.html and every figure as SVG and PNG (package figures).
//
// The amount of work is chosen by Level: Quick (seconds, for tests), Default
// (under two minutes on one core) and Full (longer sequences, more trials).
// The report is deterministic: every random draw comes from a PCG stream fixed
// by the item, and the closing experiment does not depend on the number of
// workers.
package paper
