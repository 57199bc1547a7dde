package cli_test

import (
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

// Tests of the sequence commands (seq, sample, cumulant --m) and, in
// ldp_test.go, of ldp. Helper names carry the prefix sq so that they cannot
// collide with the other test files of this package.

// Example 1 of the paper (p, q) and its δ = 0.1 aligned model φ_δ computed
// independently here by bisection (see sqTilt).
const (
	sqP = "1/5,3/10,1/2"
	sqQ = "2/3,1/9,2/9"
)

var (
	sqPf = []float64{0.2, 0.3, 0.5}
	sqQf = []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

// TestSeqTable2: `seq --exact --sequences` prints Table 2 of the paper as
// exact strings, the marginal P(y₁ = 0) = 209/625 of Example 2, and the
// exchangeable / not-a-product verdict.
func TestSeqTable2(t *testing.T) {
	m := cliJSON(t, "seq", "--p", sqP, "--q", sqQ, "--m", "2", "--n", "2", "--exact", "--sequences")
	table := map[[2]int]string{ // Table 2: π(y₁, y₂)
		{0, 0}: "49/625", {1, 0}: "21/250", {2, 0}: "43/250",
		{0, 1}: "21/250", {1, 1}: "81/10000", {2, 1}: "9/125",
		{0, 2}: "43/250", {1, 2}: "9/125", {2, 2}: "103/400",
	}
	seqs, ok := m["sequences"].([]any)
	if !ok || len(seqs) != 9 {
		t.Fatalf("sequences = %v, want 9 entries", m["sequences"])
	}
	for _, s := range seqs {
		e := s.(map[string]any)
		y := e["y"].([]any)
		key := [2]int{int(y[0].(float64)), int(y[1].(float64))}
		if got, want := e["prob"], table[key]; got != want {
			t.Errorf("π%v = %v, Table 2 says %q", key, got, want)
		}
	}
	mf, ok := m["marginal_first"].([]any)
	if !ok || len(mf) != 3 || mf[0] != "209/625" {
		t.Errorf("marginal_first = %v, want [\"209/625\", …]", m["marginal_first"])
	}
	if m["exchangeable"] != true || m["product_form"] != false {
		t.Errorf("exchangeable = %v, product_form = %v; want true, false (Lemma 5, Example 2)", m["exchangeable"], m["product_form"])
	}
	// The table output shows the same strings.
	code, out, _ := runCLI("seq", "--p", sqP, "--q", sqQ, "--m", "2", "--n", "2", "--exact", "--sequences")
	if code != 0 || !strings.Contains(out, "49/625") || !strings.Contains(out, "103/400") || !strings.Contains(out, "209/625") {
		t.Errorf("table output lacks Table 2 (exit %d):\n%s", code, out)
	}
}

var sqSeqFields = []string{"m", "log_n", "delta_rate", "types", "kl_bon_p_rate", "kl_bon_phi_rate",
	"cross_entropy_rate_bon", "cross_entropy_phi", "mean_type", "phi", "prob_within_eps"}

// TestSeqRows: `seq --m 10,20,50 --delta-rate 0.1 --json` has one row per m
// with every SPEC field; types = C(m+2, 2), log N = m·δ, φ_δ and H(φ_δ‖q)
// agree with bisection, the KL rates obey Lemma 6 and the KL rate to φ
// decreases (Theorem 2).
func TestSeqRows(t *testing.T) {
	out := cliJSON(t, "seq", "--p", sqP, "--q", sqQ, "--m", "10,20,50", "--delta-rate", "0.1")
	rows, ok := out["rows"].([]any)
	if !ok || len(rows) != 3 {
		t.Fatalf("rows = %v, want 3 rows", out["rows"])
	}
	phi := sqTilt(sqPf, sqQf, 0.1)
	var hphi float64
	for k := range phi {
		hphi -= phi[k] * math.Log(sqQf[k])
	}
	prevKL := math.Inf(1)
	for i, mm := range []int{10, 20, 50} {
		r := rows[i].(map[string]any)
		requireSpecFields(t, r, sqSeqFields...)
		if got := jsonNum(t, r, "m"); got != float64(mm) {
			t.Errorf("row %d: m = %v, want %d", i, got, mm)
		}
		if got, want := jsonNum(t, r, "types"), float64((mm+1)*(mm+2)/2); got != want {
			t.Errorf("m=%d: types = %v, want C(m+2, 2) = %v", mm, got, want)
		}
		if got := jsonNum(t, r, "log_n"); !nearRel(got, 0.1*float64(mm), 1e-14) {
			t.Errorf("m=%d: log_n = %v, want %v", mm, got, 0.1*float64(mm))
		}
		if got := jsonNum(t, r, "delta_rate"); !nearRel(got, 0.1, 1e-14) {
			t.Errorf("m=%d: delta_rate = %v", mm, got)
		}
		for k, x := range jsonVec(t, r, "phi") {
			if !nearRel(x, phi[k], 1e-10) {
				t.Errorf("m=%d: phi[%d] = %v, bisection %v", mm, k, x, phi[k])
			}
		}
		if got := jsonNum(t, r, "cross_entropy_phi"); !nearRel(got, hphi, 1e-10) {
			t.Errorf("m=%d: cross_entropy_phi = %v, H(φ‖q) = %v", mm, got, hphi)
		}
		var s float64
		for _, x := range jsonVec(t, r, "mean_type") {
			s += x
		}
		if !nearRel(s, 1, 1e-12) {
			t.Errorf("m=%d: mean_type sums to %v", mm, s)
		}
		klp, klphi := jsonNum(t, r, "kl_bon_p_rate"), jsonNum(t, r, "kl_bon_phi_rate")
		n := math.Exp(0.1 * float64(mm))
		if klp < 0 || klp > (math.Log(n)-(n-1)/n)/float64(mm)+1e-15 {
			t.Errorf("m=%d: kl_bon_p_rate = %v violates Lemma 6", mm, klp)
		}
		if !(klphi >= 0 && klphi < prevKL) {
			t.Errorf("m=%d: kl_bon_phi_rate = %v, previous %v (should decrease)", mm, klphi, prevKL)
		}
		prevKL = klphi
		if pw := jsonNum(t, r, "prob_within_eps"); pw < 0 || pw > 1 {
			t.Errorf("m=%d: prob_within_eps = %v", mm, pw)
		}
	}
	// A single m (no comma) prints one object, not rows.
	one := cliJSON(t, "seq", "--p", sqP, "--q", sqQ, "--m", "10", "--delta-rate", "0.1")
	requireSpecFields(t, one, sqSeqFields...)
	if _, ok := one["rows"]; ok {
		t.Error("single --m printed rows")
	}
}

// TestSeqCSV: `--format csv` has a header naming the SPEC fields (vectors
// split per symbol) and one row per m.
func TestSeqCSV(t *testing.T) {
	code, out, errs := runCLI("seq", "--p", sqP, "--q", sqQ, "--m", "10,20,50", "--delta-rate", "0.1", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want header + 3 rows", len(recs))
	}
	header := map[string]bool{}
	for _, h := range recs[0] {
		header[h] = true
	}
	for _, f := range []string{"m", "log_n", "delta_rate", "types", "kl_bon_p_rate", "kl_bon_phi_rate",
		"cross_entropy_rate_bon", "cross_entropy_phi", "prob_within_eps", "mean_type_0", "mean_type_2", "phi_0", "phi_2"} {
		if !header[f] {
			t.Errorf("CSV header %v lacks %q", recs[0], f)
		}
	}
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) {
			t.Errorf("row %v has %d fields, header %d", r, len(r), len(recs[0]))
		}
	}
}

// TestSampleJSON: `sample` prints the SPEC fields, agrees with the exact
// `seq` (z ≤ 4), and is identical for --workers 1, 2 and 7.
func TestSampleJSON(t *testing.T) {
	args := []string{"sample", "--p", sqP, "--q", sqQ, "--m", "20", "--n", "10", "--draws", "2000", "--seed", "42"}
	m := cliJSON(t, append(args, "--workers", "1")...)
	requireSpecFields(t, m, "draws", "mean_type", "mean_reward_rate", "stderr_reward_rate")
	if jsonNum(t, m, "draws") != 2000 {
		t.Errorf("draws = %v", m["draws"])
	}
	ex := cliJSON(t, "seq", "--p", sqP, "--q", sqQ, "--m", "20", "--n", "10")
	z := (jsonNum(t, m, "mean_reward_rate") + jsonNum(t, ex, "cross_entropy_rate_bon")) / jsonNum(t, m, "stderr_reward_rate")
	if math.Abs(z) > 4 {
		t.Errorf("sample mean reward rate is %.2f standard errors from the exact value", z)
	}
	_, ref, _ := runCLI(append(args, "--workers", "1", "--json")...)
	for _, w := range []string{"2", "7"} {
		code, out, errs := runCLI(append(args, "--workers", w, "--json")...)
		if code != 0 || out != ref {
			t.Errorf("--workers %s: exit %d (%s), output differs from --workers 1:\n%s\nvs\n%s", w, code, errs, out, ref)
		}
	}
}

// TestCumulantFiniteM: `cumulant --m` has finite_m, equal to
// −H_{1+ρ}(φ‖q) (= −renyi_cross_entropy) at every m, to 1e-12.
func TestCumulantFiniteM(t *testing.T) {
	for _, c := range [][3]string{{"1", "0.5", "1"}, {"5", "0.1", "2"}, {"50", "1", "0.3"}} {
		m := cliJSON(t, "cumulant", "--p", sqP, "--q", sqQ, "--m", c[0], "--delta", c[1], "--rho", c[2])
		requireSpecFields(t, m, "finite_m", "renyi_cross_entropy", "scaled_cumulant")
		fm, h := jsonNum(t, m, "finite_m"), jsonNum(t, m, "renyi_cross_entropy")
		if !nearRel(fm, -h, 1e-12) {
			t.Errorf("m=%s Δ=%s ρ=%s: finite_m = %.17g, −H_{1+ρ} = %.17g", c[0], c[1], c[2], fm, -h)
		}
	}
}

// sqBad runs a command expected to fail with exit 2, empty stdout, a
// message naming the problem, and no panic trace.
func sqBad(t *testing.T, name string, args []string, want ...string) {
	t.Helper()
	code, out, errs := runCLI(args...)
	if code != 2 {
		t.Errorf("%s: exit %d, want 2 (stderr %q)", name, code, errs)
	}
	if out != "" {
		t.Errorf("%s: stdout %q, want nothing", name, out)
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("%s: stderr %q does not mention %q", name, strings.TrimSpace(errs), w)
		}
	}
	if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
		t.Errorf("%s: panic trace on stderr: %s", name, errs)
	}
}

// TestSeqBadInput: the bad inputs of the sequences issue.
func TestSeqBadInput(t *testing.T) {
	pq := []string{"--p", sqP, "--q", sqQ}
	seq := func(a ...string) []string { return append(append([]string{"seq"}, pq...), a...) }
	sample := func(a ...string) []string { return append(append([]string{"sample"}, pq...), a...) }
	sqBad(t, "m = 0", seq("--m", "0", "--n", "2"), "--m", "1 ≤ m")
	sqBad(t, "m < 0 in a list", seq("--m", "10,-3", "--n", "2"), "--m", "entry 1", "1 ≤ m")
	sqBad(t, "m not an integer", seq("--m", "ten", "--n", "2"), "--m", "not an integer")
	sqBad(t, "sample m = 0", sample("--m", "0", "--n", "2", "--draws", "10", "--seed", "1"), "--m", "1 ≤ m")
	sqBad(t, "exact with dirichlet p", []string{"seq", "--p", "dirichlet:3:1", "--q", sqQ, "--m", "2", "--n", "2", "--exact"},
		"--exact", "--p", "dirichlet:3:1", "not a list of fractions")
	sqBad(t, "exact with reward", []string{"seq", "--p", sqP, "--reward", "1,2,3", "--m", "2", "--n", "2", "--exact"},
		"--exact", "--reward", "not rational")
	// 0x1.3333333333333p-2 is a float literal (0.3 rounded), not a decimal.
	sqBad(t, "exact with a hex-float entry", []string{"seq", "--p", "0.2,0x1.3333333333333p-2,0.5", "--q", sqQ, "--m", "2", "--n", "2", "--exact"},
		"--exact", "--p", "entry 1", "0x1.3333333333333p-2", "not a decimal or a fraction")
	sqBad(t, "exact m too large", seq("--m", "300", "--n", "2", "--exact"), "exact mode", "200")
	sqBad(t, "exact too many types", seq("--m", "199", "--n", "2", "--exact"), "exact mode", "2.01e+04 types", "20000")
	sqBad(t, "delta_rate = delta_max", seq("--m", "10", "--delta-rate", "1.6094379124341003"), "--delta-rate", "delta_max = 1.6094379124341")
	sqBad(t, "delta_rate > delta_max", seq("--m", "10", "--delta-rate", "2"), "--delta-rate", "delta_max")
	sqBad(t, "N > e^(m·delta_max)", seq("--m", "2", "--n", "26"), "delta_max")
	sqBad(t, "type count above the budget", seq("--m", "1000", "--delta-rate", "0.1", "--max-types", "100"),
		"5.015e+05 types", "100", "sample")
	sqBad(t, "draws = 0", sample("--m", "10", "--n", "2", "--draws", "0", "--seed", "1"), "--draws", "at least 1")
	sqBad(t, "draws < 0", sample("--m", "10", "--n", "2", "--draws", "-5", "--seed", "1"), "--draws")
	sqBad(t, "draws missing", sample("--m", "10", "--n", "2", "--seed", "1"), "--draws", "required")
	sqBad(t, "both n and delta-rate", seq("--m", "10", "--n", "2", "--delta-rate", "0.1"), "--n", "--delta-rate")
	sqBad(t, "cumulant m = 0", []string{"cumulant", "--p", sqP, "--q", sqQ, "--delta", "0.5", "--rho", "1", "--m", "0"}, "--m")
}

// sqTilt returns φ_δ from the textbook bisection (internal/naive).
func sqTilt(p, q []float64, delta float64) []float64 {
	phi, _ := naive.TiltTo(p, naive.Logs(q), delta)
	return phi
}
