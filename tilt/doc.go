// Package tilt computes the mismatched tilt of the paper (Lemma 1, Lemma 4,
// after Salamatian et al. 2019),
//
//	T(q, p, α)(y) = p(y)·q(y)^α / Σ_z p(z)·q(z)^α,
//
// the aligned family {φ_Δ = T(q, p, α(Δ))}_{Δ≥0} (Definition 4) that solves
// the KL-constrained RL problem max E_φ[r] s.t. KL(φ‖p) ≤ Δ with r = log q,
// and the two inverse maps used throughout the paper:
//
//	α(Δ): the α ≥ 0 with KL(T(q,p,α)‖p) = Δ        (Lemma 1, Eq. 2)
//	β(t): the real β with H(T(q,p,β)‖q) = t         (Theorems 1 and 3)
//
// Both are solved by a safeguarded Newton iteration on a well-conditioned
// transform (√(2·KL) near Δ = 0, log(delta_max − KL) near delta_max, the log
// of the distance of the mean reward to the nearer end of its range for β),
// using dKL/dα = α·Var_T(log q) and dH(T_β‖q)/dβ = −Var_T(log q), with a
// bracketing fallback. Accuracy: |KL − Δ| ≤ 1e-14·Δ away from delta_max and
// |(delta_max − KL) − (delta_max − Δ)| ≤ 1e-14·(delta_max − Δ) near it.
//
// Everything works on log q (the reward), so q may hold entries far below
// the float64 range, and on the support of p only.
package tilt
