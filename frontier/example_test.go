package frontier_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/tiltkit/tiltkit/frontier"
)

// Read reward-scored samples (JSONL; CSV works the same), group them by
// prompt and estimate the frontier at N = 1, 2, 4.
func Example() {
	data := `{"prompt": "q1", "reward": 0.1}
{"prompt": "q2", "reward": 1.5}
{"prompt": "q1", "reward": 0.7}
{"prompt": "q2", "reward": 0.2}
{"prompt": "q1", "reward": 0.4}
{"prompt": "q2", "reward": 0.9}
{"prompt": "q1", "reward": 0.3}
{"prompt": "q2", "reward": 1.1}
`
	r := frontier.NewReader(strings.NewReader(data), frontier.ReaderOptions{Name: "samples.jsonl"})
	ds, err := frontier.Group(r, frontier.GroupOptions{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := frontier.Estimate(ds.Prompts, frontier.Options{N: []float64{1, 2, 4}, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d prompts, %d samples\n", res.Prompts, res.Samples)
	for _, row := range res.Rows {
		fmt.Printf("N=%g  KL %.3f  best-of-N %.3f (unbiased %.3f)  tilt %.3f\n",
			row.N, row.KLBon.Value, row.RewardBon.Value, row.RewardUnbiased.Value, row.RewardTilt.Value)
	}
	// Output:
	// 2 prompts, 8 samples
	// N=1  KL 0.000  best-of-N 0.650 (unbiased 0.650)  tilt 0.650
	// N=2  KL 0.174  best-of-N 0.837 (unbiased 0.900)  tilt 0.845
	// N=4  KL 0.590  best-of-N 0.978 (unbiased 1.100)  tilt 0.986
}

// A bad line stops the reader with an error naming the line and field.
func ExampleSyntaxError() {
	data := "{\"prompt\": \"q1\", \"reward\": 0.1}\n{\"prompt\": \"q1\", \"reward\": \"high\"}\n"
	r := frontier.NewReader(strings.NewReader(data), frontier.ReaderOptions{Name: "samples.jsonl"})
	_, err := frontier.Group(r, frontier.GroupOptions{})
	fmt.Println(err)
	// Output:
	// samples.jsonl:2: field "reward": got a string "high"; expected a finite number (column 28)
}

// The unbiased order-statistic estimate of E[max of N draws] from n
// samples, against the plug-in value of best-of-N on the samples.
func ExampleUnbiasedMax() {
	sorted := []float64{1, 2, 3, 4}
	pf, err := frontier.EstimatePrompt(sorted, []float64{2})
	if err != nil {
		log.Fatal(err)
	}
	// Pairs: max of {1,2},{1,3},{1,4},{2,3},{2,4},{3,4} = 2,3,4,3,4,4.
	fmt.Printf("unbiased %.4f, plug-in %.4f\n", frontier.UnbiasedMax(sorted, 2), pf.Points[0].RewardBon)
	// Output:
	// unbiased 3.3333, plug-in 3.1250
}

// A synthetic data set with a known truth: the exact frontier of (p, q).
func ExampleSynthetic_Truth() {
	s := frontier.Synthetic{K: 1000, Prompts: 100, Samples: 16, Seed: 1}
	base, rows, err := s.Truth([]float64{2, 16})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("base reward %.4f\n", base)
	for _, r := range rows {
		fmt.Printf("N=%g  KL %.4f  best-of-N %.4f  tilt %.4f  efficiency %.3f\n", r.N, r.KLBon, r.RewardBon, r.RewardTilt, r.Efficiency)
	}
	// Output:
	// base reward -7.4438
	// N=2  KL 0.1931  best-of-N -6.7726  tilt -6.7540  efficiency 0.973
	// N=16  KL 1.8350  best-of-N -5.7625  tilt -5.6905  efficiency 0.959
}
