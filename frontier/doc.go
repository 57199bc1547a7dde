// Package frontier estimates, from samples of a reference language model
// scored by a reward model, the reward–KL frontier of best-of-N and of the
// optimal KL-constrained policy (the tilt), the question of "Asymptotics of
// Language Model Alignment" asked of a real model: how much reward does
// best-of-N buy at what KL, and how close is it to the best any policy with
// that KL could do?
//
// # Input
//
// A Reader streams samples, one per line, from JSONL or CSV with a header
// (gzip read transparently), in the manner of bufio.Scanner; Group collects
// them by prompt (lines of a prompt need not be adjacent), keeping only the
// rewards, so memory is proportional to the samples, not to the file. Bad
// lines are *SyntaxError values naming the file, line and field; soft
// problems (prompts with a single sample, duplicated samples) are counted
// in Warnings, never dropped silently. The JSONL fast path is a validating
// scanner for flat objects that agrees with encoding/json (checked by
// fuzzing) at several million lines per second.
//
// # Estimators
//
// Each prompt's n samples are n i.i.d. draws from p(·|x), with rewards
// r_1, …, r_n; p̂ is their empirical distribution (mass 1/n each; samples
// with equal rewards are ties of the reward). For every N of a grid,
// EstimatePrompt computes:
//
//   - the unbiased estimate of best-of-N's expected reward E[max of N
//     draws] for integer N ≤ n, the U-statistic
//     Σ_i r_(i)·C(i−1, N−1)/C(n, N) over the sorted rewards (UnbiasedMax);
//   - the plug-in value: best-of-N on p̂ for any real N ≥ 1 (Definition 3
//     of the paper, ties broken uniformly; package bon), its exact KL
//     divergence KL(π̂_N‖p̂) and the bound log N − (N−1)/N (Beirami et al.
//     2024; Lemma 6 of the paper gives log N);
//   - the optimal tilt at the same KL (Lemma 1): φ ∝ p̂·exp(α·r) with α
//     solving KL(φ‖p̂) = KL(π̂_N‖p̂) (tilt.Family.AlphaForKL), its expected
//     reward, KL(π̂_N‖φ) (Lemma 2), and its effective sample size 1/Σφ_i²;
//   - the efficiency (E_π̂[r] − E_p̂[r]) / (E_φ[r] − E_p̂[r]) ∈ [0, 1], the
//     share of the optimal gain in reward that best-of-N achieves at its KL.
//
// Estimate averages these over prompts (every prompt weighs the same) and
// attaches 95% percentile-bootstrap intervals over prompts, seeded and
// independent of the number of threads. Points whose empirical frontier
// says little about the true one are flagged Unreliable: N > n, a KL within
// 10% of its ceiling log n, or a tilt resting on fewer than 5 effective
// samples.
//
// # Validation
//
// Synthetic draws samples from a known p over K symbols with reward log q
// (p and q Dirichlet), so that the exact single-token frontier of (p, q)
// (Synthetic.Truth, from bon and tilt directly) is known; the tests check
// that the estimates converge to it as n grows, that UnbiasedMax is exactly
// unbiased (by enumeration) and that the bootstrap intervals cover.
package frontier
