package cli_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ (review every diff by eye)")

// goldenCases are the human-readable tables pinned in testdata/*.golden. The
// numbers in them were checked independently when the files were written
// (Example 1 of the paper; mpmath at 50 digits; exact rationals):
//
//	tilt_delta: α(0.5) = 1.54299016232, H(φ‖q) = 0.839022801213,
//	  φ = (0.643738521930, 0.0608304505890, 0.295431027481), delta_max = log 5,
//	  rate interval (log 1.5, log 9);
//	bon_n2: π₂ = (9/25, 9/100, 11/20), KL = 0.155666245868,
//	  bound = log 2 − ½ = 0.193147180560, H(π‖q) = 1.17096021911;
//	compare_n4: Δ = 0.521752042131, α = 1.58163972375,
//	  KL(π‖φ) = α·ε = 0.0568946336269, ε = 0.0359719301259;
//	compare_limit: N = 1000 reaches delta_max = log 5; α = +Inf, reward_phi =
//	  log(2/3), ε = (4/5)^1000·log 3 = 1.3515e-97;
//	cumulant: (1/ρ) log E_φ[q] at Δ = 0.5, ρ = 1: −0.690013509611.
var goldenCases = []struct {
	name string
	args []string
}{
	{"tilt_delta", []string{"tilt", "--p", ex1P, "--q", ex1Q, "--delta", "0.5"}},
	{"bon_n2", []string{"bon", "--p", ex1P, "--q", ex1Q, "--n", "2"}},
	{"compare_n4", []string{"compare", "--p", ex1P, "--q", ex1Q, "--n", "4"}},
	{"compare_limit", []string{"compare", "--p", ex1P, "--q", ex1Q, "--n", "1000"}},
	{"cumulant", []string{"cumulant", "--p", ex1P, "--q", ex1Q, "--delta", "0.5", "--rho", "1"}},
}

// TestGolden compares the table output of a few commands with
// testdata/NAME.golden; run with -update to rewrite them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(c.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/cli -run TestGolden -update)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s:\n--- got\n%s--- want\n%s", path, out, want)
			}
		})
	}
}
