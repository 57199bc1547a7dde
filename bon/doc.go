// Package bon computes the best-of-N policy of the paper exactly
// (Definition 3; the pmf is Beirami et al. 2024, Lemma 1, with uniform tie
// breaking):
//
//	π_N(y) = p(y)/P_eq(y) · (F⁺(y)^N − F⁻(y)^N),
//	F⁺(y) = P_p(q(Y) ≤ q(y)),  F⁻(y) = P_p(q(Y) < q(y)),  P_eq(y) = F⁺(y) − F⁻(y),
//
// for every real N ≥ 1, its KL divergence from p (exact, and the bound
// log N − (N−1)/N ≤ log N of Lemma 6), its expected reward, and the Lemma 2
// comparison with the optimal KL-constrained policy φ_Δ at the same budget.
//
// The computation works on reward levels (ties grouped), sorted once. All
// powers are taken in log space from upper-tail sums accumulated from the
// top: F⁺^N = exp(N·log1p(−A)) with A the mass strictly above the level, and
// F⁺^N − F⁻^N = F⁺^N·(−expm1(N·log1p(−P_eq/F⁺))), so N = 1e12 against
// tails of 1e-15, N = exp(700), and level masses of 1e-3000 (given as logs)
// keep full relative accuracy (~1e-14). The same engine serves sequences,
// where the levels are the reward levels of types (package memoryless).
package bon
