package frontier

import (
	"bufio"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// benchPrompts sets the size of the JSONL benchmarks: prompts × 16 samples
// (default 10⁶ × 16 = 1.6·10⁷ lines, about 640 MB written under
// b.TempDir()). Run them with
//
//	go test ./frontier -run '^$' -bench 'JSONL' -benchtime 1x
var benchPrompts = flag.Int("frontier.prompts", 1_000_000, "prompts in the JSONL benchmarks (16 samples each)")

const benchSamples = 16

// writeBenchJSONL writes prompts × 16 lines of the form
// {"prompt": "p123", "reward": 0.123456}, prompt by prompt.
func writeBenchJSONL(b *testing.B, prompts int) (path string, rows int) {
	b.Helper()
	path = filepath.Join(b.TempDir(), "bench.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	var line []byte
	for x := range prompts {
		for range benchSamples {
			line = append(line[:0], `{"prompt": "p`...)
			line = strconv.AppendInt(line, int64(x), 10)
			line = append(line, `", "reward": `...)
			line = strconv.AppendFloat(line, rng.Float64(), 'f', 6, 64)
			line = append(line, "}\n"...)
			w.Write(line)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path, prompts * benchSamples
}

// BenchmarkParseJSONL measures the streaming parser alone (Reader.Scan over
// the file, nothing kept): rows/s on one goroutine.
func BenchmarkParseJSONL(b *testing.B) {
	path, rows := writeBenchJSONL(b, *benchPrompts)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for b.Loop() {
		r, err := Open(path, ReaderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for r.Scan() {
			n++
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
	_ = rows
}

// BenchmarkGroupJSONL measures reading and grouping by prompt (Group):
// rows/s and the memory held afterwards (heap in use, and the bytes
// obtained from the OS, which bound the peak).
func BenchmarkGroupJSONL(b *testing.B) {
	path, _ := writeBenchJSONL(b, *benchPrompts)
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	n := 0
	var ms runtime.MemStats
	for b.Loop() {
		r, err := Open(path, ReaderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ds, err := Group(r, GroupOptions{})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
		n += ds.Rows
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(ds)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
}

// BenchmarkEstimatePrompt measures the per-prompt estimators (n = 16,
// N = 1, 2, 4, 8, 16: plug-in best-of-N, KL, tilt solve, unbiased).
func BenchmarkEstimatePrompt(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	r := make([]float64, 16)
	for i := range r {
		r[i] = rng.NormFloat64()
	}
	grid := PowersOfTwo(16)
	var w worker
	for b.Loop() {
		if _, err := w.prompt(r, grid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEstimate measures Estimate on 10⁵ prompts × 16 samples with
// the default 200 bootstrap resamples (all cores): ns/prompt.
func BenchmarkEstimate(b *testing.B) {
	prompts, err := Synthetic{K: 1000, Prompts: 100_000, Samples: 16, Seed: 1}.Draw()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Estimate(prompts, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(prompts)), "ns/prompt")
}

// BenchmarkUnbiasedMax measures the order-statistic estimator, n = 16.
func BenchmarkUnbiasedMax(b *testing.B) {
	s := make([]float64, 16)
	for i := range s {
		s[i] = float64(i)
	}
	for b.Loop() {
		UnbiasedMax(s, 8)
	}
}
