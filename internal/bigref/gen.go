package bigref

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
)

// GenDirichlet1 returns a deterministic float64 draw from the Dirichlet(1, …, 1)
// distribution on k symbols (the uniform distribution on the simplex). The
// exact algorithm, which must not change (reference files depend on it), is:
//
//	r := rand.New(rand.NewPCG(seed, 1))
//	for i := 0; i < k; i++ {
//		u := r.Float64(); for u == 0 { u = r.Float64() }  // U in (0, 1)
//		e[i] = -math.Log(u)                               // Exp(1)
//	}
//	sum := 0.0; for i := 0; i < k; i++ { sum += e[i] }    // left to right
//	for i := 0; i < k; i++ { p[i] = e[i] / sum }          // float64 division
//
// The result does not sum to exactly 1 in general. math.Log has an assembly
// version on amd64 and a pure-Go one (subject to FMA fusion) elsewhere, so the
// bits can differ across architectures; the reference files therefore store
// the generated vectors explicitly together with Checksum values.
func GenDirichlet1(k int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	e := make([]float64, k)
	for i := range e {
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		e[i] = -math.Log(u)
	}
	sum := 0.0
	for _, v := range e {
		sum += v
	}
	for i := range e {
		e[i] /= sum
	}
	return e
}

// Checksum returns the hex SHA-256 of the IEEE-754 bits of x, each written as
// 8 little-endian bytes. Reference inputs carry it so that a regenerated
// vector can be checked bit for bit.
func Checksum(x []float64) string {
	h := sha256.New()
	var b [8]byte
	for _, v := range x {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
