// Package montecarlo simulates best-of-N over memoryless sequences
// (Assumptions 1–2 of the paper) as an independent check of the exact type
// computation in package memoryless.
//
// A candidate sequence is drawn by its type directly — the multinomial
// (n_1..n_S) ~ Mult(m, p) through the binomial chain n_k ~ Bin(m − Σ_{j<k} n_j,
// p_k/Σ_{j≥k} p_j), each binomial drawn from a cached Walker–Vose alias table
// in O(1) — so a candidate costs O(S) instead of the O(m) of drawing m tokens.
// Of N candidates the one with the highest reward Σ_k n_k·log q_k is kept,
// exact ties (equal reward signatures, see memoryless) broken uniformly by
// reservoir sampling. Draw d uses its own PCG stream (seed, d), so results do
// not depend on the number of worker goroutines.
package montecarlo
