// Package ldp computes the large-deviation rate functions of the paper for
// the reward rate t = −(1/m)·log q^m(Y^m) of memoryless sequences, their
// finite-m evidence computed exactly over types, and the rate function that
// best-of-N actually has.
//
//	J₀(t) = KL(T(q,p,β(t))‖p)      Theorem 3 (Y^m ~ p^m)
//	J_Δ(t) = KL(T(q,p,β(t))‖φ_δ)   Theorem 1 (Y^m ~ φ_δ^m)
//
// with β(t) the tilt whose cross-entropy H(T_β‖q) is t (package tilt), on the
// open interval (−log max q, −log min q); at its ends the limits
// −log P_p(argmax q) (resp. argmin) and −log φ_δ(·) are reported.
//
// Best-of-N with N = exp(m·δ). The paper closes with the conjecture that
// π_N^m obeys an LDP with the same rate function J_Δ. tiltkit derives the
// rate function best-of-N actually has: with t* = H(φ_δ‖q) the typical rate,
//
//	J_BoN(t) = J₀(t) − δ   for t ≤ t*   (P(best ≈ t) ≈ N·P_p(≈ t))
//	J_BoN(t) = +∞          for t > t*   ((1 − P_p(rate < t))^N is doubly
//	                                      exponentially small)
//
// and, by the exponential-family identity log Z(α) = −δ − α·t*,
//
//	J₀(t) − δ − J_Δ(t) = α(δ)·(t* − t),
//
// so J_BoN > J_Δ on both sides of t*: the conjecture is false as stated. The
// exact finite-m exponents (FiniteM) confirm it (see README).
package ldp
