// Package sweep runs the paper's closing experiment: for random reference
// models p and alignment distributions q over K symbols, the KL divergence
//
//	KL(π_N‖φ_Δ)   for every integer N in [1, NMAX],
//
// between best-of-N (Definition 3) and the optimal KL-constrained policy
// φ_Δ = T(q, p, α(Δ)) at the same KL budget Δ (Lemma 1, Lemma 2). The paper
// (last section) reports that it "was always bounded by 0.01 for all
// N ∈ [1, 1000]" for K > 1000 and stayed below 0.5 for K < 10, without saying
// how p and q were drawn or which budget was used; package sweep makes both
// explicit:
//
//	Generator  Dirichlet: p, q ~ Dirichlet(1) (uniform on the simplex)
//	           Uniform:   i.i.d. Uniform(0,1] entries, normalised
//	Budget     bon.BudgetExact: Δ = KL(π_N‖p), best-of-N's own KL
//	           bon.BudgetBound: Δ = log N − (N−1)/N (Beirami et al. 2024)
//
// Each trial builds one bon.Selector (one sort, Θ(K log K)) and calls
// Selector.Compare for N = 1..NMAX (Θ(K) each plus one α(Δ) solve). Trials run
// in parallel; trial i draws from its own stream rand.NewPCG(Seed, i), so the
// result does not depend on the number of workers or on GOMAXPROCS.
//
// The limit case. With the bound budget on a small alphabet, Δ can reach
// delta_max = −log P_p(argmax q); φ_Δ is then the limit p conditioned on the
// argmax (α = ∞), and KL(π_N‖φ_∞) is +∞ as soon as π_N charges a symbol
// outside the argmax (which it always does, with mass (1 − P_p(S))^N).
// (bon.Compare counts that mass as 0 once it is below float64 resolution,
// ~1e-15, and then reports KL = 0: π_N is φ_∞ to working precision.)
// Such (trial, N) pairs are counted in Result.LimitCases and
// Result.InfiniteCases and left out of the maxima and quantiles, which are
// over finite values only; a trial with an infinite case counts as exceeding
// every threshold in Result.FracOver.
package sweep
