package montecarlo

import (
	"math/rand/v2"
	"testing"
)

// Candidates per second per core for K = 3, m = 100 (Example 1): the type
// sampler (binomial chain over cached alias tables, O(K) per candidate)
// against the token-by-token baseline (m alias draws per candidate). The
// issue asks for ≥ 10× at m = 100; compare the candidates/s metrics.

const benchM = 100

func BenchmarkCandidateTypeSampler(b *testing.B) {
	md := ratModel(b, ex1P, ex1Q)
	sp := newSampler(md, benchM)
	r := rand.New(rand.NewPCG(1, 2))
	sp.drawType(r) // build the alias tables outside the timing
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sp.drawType(r)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "candidates/s")
}

func BenchmarkCandidateTokenwise(b *testing.B) {
	md := ratModel(b, ex1P, ex1Q)
	tokens := newAlias(0, md.SupportP())
	dst := make([]uint16, md.Support())
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for b.Loop() {
		tokenwiseType(r, tokens, benchM, dst)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "candidates/s")
}

// BenchmarkBestOf1000 is one best-of-1000 draw with the type sampler,
// selection and exact tie handling included (one core).
func BenchmarkBestOf1000(b *testing.B) {
	md := ratModel(b, ex1P, ex1Q)
	sp := newSampler(md, benchM)
	r := rand.New(rand.NewPCG(1, 2))
	sp.bestOf(r, 1000)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sp.bestOf(r, 1000)
		n += 1000
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "candidates/s")
}
