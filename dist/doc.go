// Package dist parses and validates categorical distributions and computes
// the information measures of the paper (Eq. 1, Definition 5): KL
// divergence, cross-entropy, entropy and the Rényi cross-entropy.
//
// Conventions: natural logarithms (nats); symbols are indexed 0..K−1;
// 0·log 0 = 0. A reward vector r is the log of the alignment distribution,
// r = log q (Definition 1); functions that need q take logq so that q may
// hold entries far below the float64 range (q = softmax(r)).
//
// Every measure is computed from log-ratios with a non-negative kernel or a
// centred moment generating function, so that results stay accurate to
// ~1e-14 relative when entries span 1e-300..1 and when the two
// distributions nearly coincide.
package dist
