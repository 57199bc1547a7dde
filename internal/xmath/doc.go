// Package xmath holds tiltkit's private floating-point kernels: log-space sums,
// the non-negative KL kernel, compensated summation and a safeguarded
// Newton root finder. Every function states its accuracy; none allocates.
package xmath
