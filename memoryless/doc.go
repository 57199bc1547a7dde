// Package memoryless computes best-of-N and the optimal aligned model on
// sequences under the paper's Assumptions 1–2: a memoryless reference model
// p^m and the linear reward r(y^m) = Σ_i log q(y_i).
//
// Under these assumptions everything is a function of the type n = (n_1..n_K)
// of a sequence (Definition 6): p^m(type class n) is the multinomial
// probability and the reward is R(n) = Σ_k n_k·log q_k. The package enumerates
// every type (a composition of m into K counts, C(m+K−1, K−1) of them)
// without materialising sequences, sorts them once by reward, groups exactly
// tied rewards into levels and runs the level engine of package bon:
//
//	π_N^m(n) = P_p(n)/P_p(level) · (F⁺^N − F⁻^N)
//
// in log space, so N = exp(m·δ) with m·δ up to ~1e4 and probabilities of
// 1e-3000 work. From it come (1/m)·KL(π_N^m‖p^m), (1/m)·KL(π_N^m‖φ_δ^m)
// (Lemma 4: φ_Δ^m is the m-fold product of φ_δ, δ = log N / m),
// (1/m)·H(π_N^m‖q^m), the mean type E[t(Y^m)] and P(max_k |t_k − φ_k| ≤ ε):
// the numbers behind Lemma 7, the type-convergence lemma and Theorem 2.
//
// Ties. Two types tie when their rewards are exactly equal. Each q_k is an
// exact rational (the written fraction or decimal, or the exact binary value
// of the float64); a gcd-free basis b_1..b_B of all numerators and
// denominators writes log q_k = Σ_j e_kj·log b_j with integer e_kj, and since
// pairwise coprime integers > 1 are multiplicatively independent, two types
// tie exactly when their integer signatures Σ_k n_k·e_k agree. Rewards are
// evaluated from the signature (R = Σ_j s_j·log b_j in a fixed order), so
// tied types get bit-identical float64 rewards and distinct levels whose
// rewards agree to within rounding are ordered by exact big-integer
// comparison. When q is known only by its logarithm (entries below 1e-308),
// the basis is the set of distinct log q values and ties are equal log q.
//
// The exact mode (Exact) repeats the computation in math/big.Rat for
// rational p and q and small m, which reproduces the paper's Table 2.
package memoryless
