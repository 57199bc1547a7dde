package cli_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/cli"
)

// runCLI calls cli.Run with buffers and returns the exit code, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// Example 1 of the paper.
const (
	ex1P = "1/5,3/10,1/2"
	ex1Q = "2/3,1/9,2/9"
)

// cliJSON runs a command with --json, requires exit 0 and a single JSON
// object on stdout, and returns it decoded.
func cliJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := runCLI(append(args, "--json")...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%v: stdout is not a JSON object: %v\n%s", args, err, out)
	}
	if dec.More() {
		t.Fatalf("%v: more than one JSON value on stdout", args)
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(out, bad) {
			t.Fatalf("%v: stdout contains %s:\n%s", args, bad, out)
		}
	}
	return m
}

func jsonNum(t *testing.T, m map[string]any, field string) float64 {
	t.Helper()
	v, ok := m[field]
	if !ok {
		t.Fatalf("JSON lacks field %q (SPEC)", field)
	}
	x, ok := v.(float64)
	if !ok {
		t.Fatalf("field %q = %v (%T), want a JSON number", field, v, v)
	}
	return x
}

func jsonVec(t *testing.T, m map[string]any, field string) []float64 {
	t.Helper()
	v, ok := m[field].([]any)
	if !ok {
		t.Fatalf("field %q = %v, want an array (SPEC)", field, m[field])
	}
	out := make([]float64, len(v))
	for i, x := range v {
		f, ok := x.(float64)
		if !ok {
			t.Fatalf("field %q[%d] = %v, want a number", field, i, x)
		}
		out[i] = f
	}
	return out
}

func nearRel(got, want, rel float64) bool {
	return got == want || math.Abs(got-want) <= rel*math.Abs(want)
}

// requireSpecFields asserts every SPEC field is present.
func requireSpecFields(t *testing.T, m map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := m[f]; !ok {
			t.Errorf("JSON lacks SPEC field %q; got %v", f, jsonKeys(m))
		}
	}
}

func jsonKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestTiltJSON: every SPEC field of `tilt`, for --alpha, --delta and --rate,
// with Example 1 values checked against mpmath (50 digits) and closed forms:
// α(0.5) = 1.5429901623194293421, H(φ‖q) = 0.83902280121316096054,
// delta_max = log 5; at α = 1, φ = (12/25, 3/25, 2/5) exactly; β(1.2) =
// 0.68671623254385444415.
func TestTiltJSON(t *testing.T) {
	fields := []string{"alpha", "delta", "phi", "cross_entropy", "expected_reward", "delta_max"}
	m := cliJSON(t, "tilt", "--p", ex1P, "--q", ex1Q, "--delta", "0.5")
	requireSpecFields(t, m, fields...)
	if a := jsonNum(t, m, "alpha"); !nearRel(a, 1.5429901623194293421, 1e-12) {
		t.Errorf("alpha = %v", a)
	}
	if d := jsonNum(t, m, "delta"); !nearRel(d, 0.5, 1e-14) {
		t.Errorf("delta = %v, want 0.5", d)
	}
	if h, r := jsonNum(t, m, "cross_entropy"), jsonNum(t, m, "expected_reward"); !nearRel(h, 0.83902280121316096054, 1e-12) || r != -h {
		t.Errorf("cross_entropy = %v, expected_reward = %v", h, r)
	}
	if dm := jsonNum(t, m, "delta_max"); !nearRel(dm, math.Log(5), 1e-15) {
		t.Errorf("delta_max = %v, want log 5", dm)
	}
	if phi := jsonVec(t, m, "phi"); len(phi) != 3 || !nearRel(phi[0], 0.64373852192975139552, 1e-12) {
		t.Errorf("phi = %v", phi)
	}

	m = cliJSON(t, "tilt", "--p", ex1P, "--q", ex1Q, "--alpha", "1")
	requireSpecFields(t, m, fields...)
	want := []float64{12.0 / 25, 3.0 / 25, 2.0 / 5}
	for i, x := range jsonVec(t, m, "phi") {
		if !nearRel(x, want[i], 1e-15) {
			t.Errorf("alpha=1: phi[%d] = %v, want %v", i, x, want[i])
		}
	}
	m = cliJSON(t, "tilt", "--p", ex1P, "--q", ex1Q, "--rate", "1.2")
	requireSpecFields(t, m, fields...)
	if a := jsonNum(t, m, "alpha"); !nearRel(a, 0.68671623254385444415, 1e-12) {
		t.Errorf("rate 1.2: alpha = %v", a)
	}
	if h := jsonNum(t, m, "cross_entropy"); !nearRel(h, 1.2, 1e-14) {
		t.Errorf("rate 1.2: cross_entropy = %v", h)
	}
	// Negative β: t = 2 above H(p‖q) = 1.4923 (mpmath: β(2) = −2.2205894086817841533).
	m = cliJSON(t, "tilt", "--p", ex1P, "--q", ex1Q, "--rate", "2")
	if a := jsonNum(t, m, "alpha"); !nearRel(a, -2.2205894086817841533, 1e-12) {
		t.Errorf("rate 2: alpha = %v", a)
	}
}

// TestBonJSON: every SPEC field of `bon`; Example 1 with N = 2 has
// π = (9/25, 9/100, 11/20) (exact), KL = 0.15566624586780727664 and
// H(π‖q) = 1.1709602191061496623 (mpmath), kl_bound = log 2 − 1/2.
func TestBonJSON(t *testing.T) {
	m := cliJSON(t, "bon", "--p", ex1P, "--q", ex1Q, "--n", "2")
	requireSpecFields(t, m, "n", "pi", "kl", "kl_bound", "log_n", "cross_entropy", "expected_reward")
	want := []float64{0.36, 0.09, 0.55}
	for i, x := range jsonVec(t, m, "pi") {
		if !nearRel(x, want[i], 1e-15) {
			t.Errorf("pi[%d] = %v, want %v", i, x, want[i])
		}
	}
	checks := []struct {
		field string
		want  float64
	}{
		{"n", 2}, {"kl", 0.15566624586780727664}, {"kl_bound", math.Ln2 - 0.5}, {"log_n", math.Ln2},
		{"cross_entropy", 1.1709602191061496623}, {"expected_reward", -1.1709602191061496623},
	}
	for _, c := range checks {
		if x := jsonNum(t, m, c.field); !nearRel(x, c.want, 1e-14) {
			t.Errorf("%s = %v, want %v", c.field, x, c.want)
		}
	}
	// N = 1e12 on a binary input with a tail of 1e-15: π(top) = −expm1(1e12·log1p(−1e-15)).
	m = cliJSON(t, "bon", "--p", "1e-15,0.999999999999999", "--q", "0.7,0.3", "--n", "1e12")
	if pi := jsonVec(t, m, "pi"); !nearRel(pi[0], -math.Expm1(1e12*math.Log1p(-1e-15)), 1e-12) {
		t.Errorf("N=1e12: pi = %v", pi)
	}
}

// TestCompareJSON: every SPEC field of `compare`; Example 1 with N = 4
// against mpmath (50 digits): Δ = 0.52175204213142520826,
// α = 1.5816397237452744354, KL(π‖φ) = α·ε = 0.056894633626936214403,
// ε = 0.035971930125914809543.
func TestCompareJSON(t *testing.T) {
	fields := []string{"n", "delta", "alpha", "kl_bon_p", "reward_bon", "reward_phi", "kl_bon_phi", "reward_gap", "lemma2_bound"}
	m := cliJSON(t, "compare", "--p", ex1P, "--q", ex1Q, "--n", "4")
	requireSpecFields(t, m, fields...)
	for _, c := range []struct {
		field string
		want  float64
	}{
		{"n", 4}, {"delta", 0.52175204213142520826}, {"kl_bon_p", 0.52175204213142520826},
		{"alpha", 1.5816397237452744354}, {"kl_bon_phi", 0.056894633626936214403},
		{"reward_gap", 0.035971930125914809543}, {"lemma2_bound", 0.056894633626936214403},
		{"reward_bon", -0.86107119370915766858}, {"reward_phi", -0.82509926358324285904},
	} {
		if x := jsonNum(t, m, c.field); !nearRel(x, c.want, 1e-10) {
			t.Errorf("%s = %v, want %v", c.field, x, c.want)
		}
	}
	for _, b := range []string{"exact", "bound", "logn"} {
		m := cliJSON(t, "compare", "--p", ex1P, "--q", ex1Q, "--n", "3.5", "--budget", b)
		requireSpecFields(t, m, fields...)
	}
}

// TestCompareLimitJSON: Example 1 with N = 1000 reaches delta_max = log 5
// within 1e-97: alpha is null with alpha_infinite, every other SPEC field is
// a finite number. With --budget logn at N = 10, Δ = log 10 > delta_max is the
// same limit (exit 0, not an error).
func TestCompareLimitJSON(t *testing.T) {
	m := cliJSON(t, "compare", "--p", ex1P, "--q", ex1Q, "--n", "1000")
	if m["alpha"] != nil || m["alpha_infinite"] != true {
		t.Errorf("alpha = %v, alpha_infinite = %v; want null and true", m["alpha"], m["alpha_infinite"])
	}
	for _, f := range []string{"n", "delta", "kl_bon_p", "reward_bon", "reward_phi", "kl_bon_phi", "reward_gap", "lemma2_bound"} {
		jsonNum(t, m, f) // present and a finite number
	}
	if d := jsonNum(t, m, "delta"); !nearRel(d, math.Log(5), 1e-14) {
		t.Errorf("delta = %v, want log 5", d)
	}
	if r := jsonNum(t, m, "reward_phi"); !nearRel(r, math.Log(2.0/3), 1e-14) {
		t.Errorf("reward_phi = %v, want log(2/3)", r)
	}
	for _, args := range [][]string{
		{"--n", "10", "--budget", "logn"},
		{"--n", "100", "--budget", "bound"}, // log 100 − 0.99 = 3.6 > log 5
		{"--n", "1e6", "--budget", "logn"},
	} {
		code, out, errs := runCLI(append([]string{"compare", "--p", ex1P, "--q", ex1Q, "--json"}, args...)...)
		if code != 0 || strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
			t.Errorf("%v: exit %d, stderr %q, stdout %s", args, code, errs, out)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil || m["alpha_infinite"] != true {
			t.Errorf("%v: %v, alpha_infinite = %v", args, err, m["alpha_infinite"])
		}
	}
}

// TestCumulantJSON: every SPEC field of `cumulant`; Example 1 at Δ = 0.5:
// (1/ρ) log E_φ[q^ρ] = −0.69001350961060447503 (ρ = 1) and
// −0.7562214259245322928 (ρ = 0.5) by mpmath (50 digits); Lemma 3 gives
// renyi_cross_entropy = −scaled_cumulant.
func TestCumulantJSON(t *testing.T) {
	for _, c := range []struct {
		rho  string
		want float64
	}{{"1", -0.69001350961060447503}, {"0.5", -0.7562214259245322928}} {
		m := cliJSON(t, "cumulant", "--p", ex1P, "--q", ex1Q, "--delta", "0.5", "--rho", c.rho)
		requireSpecFields(t, m, "rho", "alpha", "renyi_cross_entropy", "scaled_cumulant")
		sc, h := jsonNum(t, m, "scaled_cumulant"), jsonNum(t, m, "renyi_cross_entropy")
		if !nearRel(sc, c.want, 1e-12) || !nearRel(h, -c.want, 1e-12) {
			t.Errorf("rho=%s: scaled_cumulant = %v, renyi = %v, want %v", c.rho, sc, h, c.want)
		}
		if a := jsonNum(t, m, "alpha"); !nearRel(a, 1.5429901623194293421, 1e-12) {
			t.Errorf("rho=%s: alpha = %v", c.rho, a)
		}
	}
	// ρ = 0 is the continuous extension: −H(φ‖q).
	m := cliJSON(t, "cumulant", "--p", ex1P, "--q", ex1Q, "--delta", "0.5", "--rho", "0")
	if sc := jsonNum(t, m, "scaled_cumulant"); !nearRel(sc, -0.83902280121316096054, 1e-12) {
		t.Errorf("rho=0: scaled_cumulant = %v", sc)
	}
}

// TestInputSpellings: every SPEC spelling of a distribution gives the same
// answer as the plain list.
func TestInputSpellings(t *testing.T) {
	dir := t.TempDir()
	jsonFile := filepath.Join(dir, "p.json")
	txtFile := filepath.Join(dir, "q.txt")
	os.WriteFile(jsonFile, []byte("[0.2, 0.3, 0.5]"), 0o644)
	os.WriteFile(txtFile, []byte("2/3\n1/9\n2/9\n"), 0o644)
	base := cliJSON(t, "bon", "--p", ex1P, "--q", ex1Q, "--n", "3")
	for _, args := range [][]string{
		{"--p", "0.2,0.3,0.5", "--q", ex1Q},
		{"--p", "@" + jsonFile, "--q", "@" + txtFile},
		// Rewards: q = softmax(log 6, 0, log 2) = (6, 1, 2)/9 = (2/3, 1/9, 2/9).
		{"--p", ex1P, "--reward", "1.791759469228055,0,0.6931471805599453"},
		// --normalize rescales (2, 3, 5) to (1/5, 3/10, 1/2).
		{"--p", "2,3,5", "--q", "6,1,2", "--normalize"},
	} {
		m := cliJSON(t, append([]string{"bon", "--n", "3"}, args...)...)
		if !nearRel(jsonNum(t, m, "kl"), jsonNum(t, base, "kl"), 1e-13) {
			t.Errorf("%v: kl = %v, want %v", args, m["kl"], base["kl"])
		}
	}
	// uniform:K and dirichlet:K:SEED are accepted.
	cliJSON(t, "bon", "--p", "uniform:4", "--q", "dirichlet:4:7", "--n", "2")
	cliJSON(t, "bon", "--p", "dirichlet:5:1:0.5", "--q", "dirichlet:5:2", "--n", "2")
}

// TestBadInput: each bad input of the issue exits 2 with nothing on stdout
// and a message on stderr naming the problem (the flag, the entry index,
// what was expected).
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	missing := filepath.Join(dir, "missing.txt")
	q := []string{"--q", ex1Q}
	cases := []struct {
		name string
		args []string
		want []string // substrings of stderr
	}{
		{"sum off, p", append([]string{"bon", "--n", "2", "--p", "0.2,0.3,0.500000002"}, q...), []string{"--p", "sum", "--normalize", "1e-09"}},
		{"sum off, q", []string{"bon", "--n", "2", "--p", ex1P, "--q", "0.6,0.1,0.2"}, []string{"--q", "sum", "--normalize"}},
		{"negative entry", append([]string{"bon", "--n", "2", "--p", "0.5,-0.1,0.6"}, q...), []string{"--p", "entry 1", "negative"}},
		{"NaN entry", append([]string{"bon", "--n", "2", "--p", "0.5,NaN,0.5"}, q...), []string{"--p", "entry 1", "NaN"}},
		{"Inf entry", []string{"bon", "--n", "2", "--p", ex1P, "--q", "0.5,0.5,Inf"}, []string{"--q", "entry 2", "infinite"}},
		{"unparsable entry", append([]string{"bon", "--n", "2", "--p", "0.5,abc,0.5"}, q...), []string{"--p", "entry 1", "abc", "not a number"}},
		{"unparsable reward", []string{"bon", "--n", "2", "--p", ex1P, "--reward", "0,1,x"}, []string{"--reward", "entry 2"}},
		{"K < 2", []string{"bon", "--n", "2", "--p", "1", "--q", "1"}, []string{"--p", "K = 2"}},
		{"different K", []string{"bon", "--n", "2", "--p", "0.5,0.5", "--q", ex1Q}, []string{"K = 2", "K = 3", "same K"}},
		{"zero in q", []string{"bon", "--n", "2", "--p", ex1P, "--q", "0.5,0,0.5"}, []string{"--q", "entry 1", "zero"}},
		{"empty file", append([]string{"bon", "--n", "2", "--p", "@" + empty}, q...), []string{"--p", empty, "empty"}},
		{"missing file", append([]string{"bon", "--n", "2", "--p", "@" + missing}, q...), []string{"--p", missing, "does not exist"}},
		{"N < 1", append([]string{"bon", "--n", "0.5", "--p", ex1P}, q...), []string{"--n", "≥ 1"}},
		{"N = 0", append([]string{"compare", "--n", "0", "--p", ex1P}, q...), []string{"--n", "≥ 1"}},
		{"N infinite", append([]string{"bon", "--n", "Inf", "--p", ex1P}, q...), []string{"--n", "finite"}},
		{"N NaN", append([]string{"compare", "--n", "NaN", "--p", ex1P}, q...), []string{"--n", "finite"}},
		{"N unparsable", append([]string{"bon", "--n", "ten", "--p", ex1P}, q...), []string{"--n", "number"}},
		{"N missing", append([]string{"bon", "--p", ex1P}, q...), []string{"--n", "required"}},
		{"delta < 0", append([]string{"tilt", "--delta", "-0.1", "--p", ex1P}, q...), []string{"--delta", "negative", "delta_max = 1.6094379124341"}},
		{"delta = delta_max", append([]string{"tilt", "--delta", "1.6094379124341003", "--p", ex1P}, q...), []string{"--delta", "delta_max = 1.6094379124341"}},
		{"delta > delta_max", append([]string{"tilt", "--delta", "2", "--p", ex1P}, q...), []string{"--delta", "delta_max = 1.6094379124341"}},
		{"cumulant delta > delta_max", append([]string{"cumulant", "--delta", "5", "--rho", "1", "--p", ex1P}, q...), []string{"--delta", "delta_max = 1.6094379124341"}},
		{"rate below", append([]string{"tilt", "--rate", "0.1", "--p", ex1P}, q...), []string{"--rate", "(0.405465108108164", "2.19722457733621"}},
		{"rate at end", append([]string{"tilt", "--rate", "2.1972245773362196", "--p", ex1P}, q...), []string{"--rate", "(0.405465108108164", "2.19722457733621"}},
		{"alpha and delta", append([]string{"tilt", "--alpha", "1", "--delta", "0.5", "--p", ex1P}, q...), []string{"exactly one of --alpha, --delta, --rate"}},
		{"all three", append([]string{"tilt", "--alpha", "1", "--delta", "0.5", "--rate", "1", "--p", ex1P}, q...), []string{"exactly one of --alpha, --delta, --rate"}},
		{"none", append([]string{"tilt", "--p", ex1P}, q...), []string{"exactly one of --alpha, --delta, --rate"}},
		{"unknown flag", append([]string{"bon", "--n", "2", "--bogus", "--p", ex1P}, q...), []string{"unknown flag", "--bogus", "see 'tiltkit bon --help'"}},
		{"unknown command", []string{"frobnicate"}, []string{"unknown command", "frobnicate"}},
		// cobra parses the root's flags before it reports the command.
		{"unknown command with flags", []string{"frobnicate", "--p", ex1P}, []string{"unknown flag: --p", "see 'tiltkit --help'"}},
		{"unknown root flag", []string{"--bogus"}, []string{"unknown flag: --bogus", "see 'tiltkit --help'"}},
		{"no command", nil, []string{"missing command"}},
		{"dirichlet K < 2", []string{"bon", "--n", "2", "--p", "dirichlet:1:3", "--q", "dirichlet:1:4"}, []string{"--p", "dirichlet:1:3", "at least 2"}},
		{"dirichlet CONC = 0", []string{"bon", "--n", "2", "--p", "dirichlet:3:1:0", "--q", ex1Q}, []string{"--p", "CONC must be > 0"}},
		{"dirichlet CONC < 0", []string{"bon", "--n", "2", "--p", ex1P, "--q", "dirichlet:3:1:-2"}, []string{"--q", "CONC must be > 0"}},
		{"q and reward", []string{"bon", "--n", "2", "--p", ex1P, "--q", ex1Q, "--reward", "0,1,2"}, []string{"--q", "--reward"}},
		{"no q", []string{"bon", "--n", "2", "--p", ex1P}, []string{"--q"}},
		{"bad budget", append([]string{"compare", "--n", "2", "--budget", "huge", "--p", ex1P}, q...), []string{"--budget", "exact, bound or logn"}},
		{"cumulant rho ≤ −1", append([]string{"cumulant", "--delta", "0.5", "--rho", "-1", "--p", ex1P}, q...), []string{"--rho"}},
		{"underflowing entry", []string{"bon", "--n", "2", "--p", ex1P, "--q", "1e-400,0.5,0.5"}, []string{"--q", "entry 0", "underflows"}},
		{"stray argument", append([]string{"bon", "--n", "2", "extra", "--p", ex1P}, q...), []string{"extra"}},
	}
	for _, c := range cases {
		code, out, errs := runCLI(c.args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (stderr %q)", c.name, code, errs)
		}
		if out != "" {
			t.Errorf("%s: stdout %q, want nothing", c.name, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%s: stderr %q does not mention %q", c.name, strings.TrimSpace(errs), w)
			}
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%s: stderr has a panic trace: %s", c.name, errs)
		}
	}
}

// TestNormalizeAccepts: the sum-off input of TestBadInput is accepted with
// --normalize, and the result is that of the rescaled vector.
func TestNormalizeAccepts(t *testing.T) {
	m := cliJSON(t, "bon", "--n", "2", "--p", "0.2,0.3,0.500000002", "--q", ex1Q, "--normalize")
	s := 1.000000002
	p := []float64{0.2 / s, 0.3 / s, 0.500000002 / s}
	// π₂ by hand (order 0, 2, 1): 1 − (1−p0)², (1−p0)² − p1², p1².
	want := []float64{1 - (1-p[0])*(1-p[0]), p[1] * p[1], (1-p[0])*(1-p[0]) - p[1]*p[1]}
	for i, x := range jsonVec(t, m, "pi") {
		if !nearRel(x, want[i], 1e-14) {
			t.Errorf("pi[%d] = %v, want %v", i, x, want[i])
		}
	}
}

// TestVersionAndHelp: --help and --version succeed and print to stdout.
func TestVersionAndHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"--version"}, {"tilt", "--help"}, {"bon", "--help"}} {
		code, out, errs := runCLI(args...)
		if code != 0 || out == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// TestCSV: --format csv prints a header and one row per symbol.
func TestCSV(t *testing.T) {
	code, out, errs := runCLI("bon", "--p", ex1P, "--q", ex1Q, "--n", "2", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "symbol,p,q,log_q,pi" || !strings.HasPrefix(lines[1], "0,0.2,") || !strings.HasSuffix(lines[2], ",0.09") {
		t.Errorf("csv:\n%s", out)
	}
	if code, _, errs := runCLI("cumulant", "--p", ex1P, "--q", ex1Q, "--delta", "0.5", "--rho", "1", "--format", "csv"); code != 2 || !strings.Contains(errs, "--format") {
		t.Errorf("cumulant --format csv: exit %d, %s", code, errs)
	}
}

// TestTableNoInf: the table output of the limit case (α = ∞, and with π_N
// charging outside S, KL(π‖φ_∞) = ∞) prints ∞, never "Inf" or "NaN" (SPEC).
func TestTableNoInf(t *testing.T) {
	for _, args := range [][]string{
		{"compare", "--p", ex1P, "--q", ex1Q, "--n", "10", "--budget", "logn"},
		{"compare", "--p", ex1P, "--q", ex1Q, "--n", "1000"},
		{"compare", "--p", ex1P, "--q", ex1Q, "--n", "10", "--budget", "logn", "--format", "csv"},
	} {
		code, out, errs := runCLI(args...)
		if code != 0 || strings.Contains(out, "Inf") || strings.Contains(out, "NaN") {
			t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, code, errs, out)
		}
	}
	_, out, _ := runCLI("compare", "--p", ex1P, "--q", ex1Q, "--n", "10", "--budget", "logn")
	if !strings.Contains(out, "kl_bon_phi    ∞") {
		t.Errorf("limit case with mass outside S should show KL(π‖φ) = ∞:\n%s", out)
	}
}
