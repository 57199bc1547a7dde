package cli_test

import (
	"strings"
	"testing"
)

// TestSweepJSON checks the SPEC fields of `tiltkit sweep` and that the
// result does not depend on the number of workers.
func TestSweepJSON(t *testing.T) {
	args := []string{"sweep", "--k", "5", "--trials", "16", "--n-max", "50", "--seed", "7", "--gen", "uniform", "--budget", "bound"}
	a := cliJSON(t, append(args, "--workers", "1")...)
	b := cliJSON(t, append(args, "--workers", "4")...)
	requireSpecFields(t, a, "k", "trials", "n_max", "max_kl_bon_phi", "worst", "quantiles")
	if jsonNum(t, a, "k") != 5 || jsonNum(t, a, "trials") != 16 || jsonNum(t, a, "n_max") != 50 {
		t.Errorf("k, trials, n_max echo wrong: %v", a)
	}
	w, ok := a["worst"].(map[string]any)
	if !ok {
		t.Fatalf("worst = %v", a["worst"])
	}
	requireSpecFields(t, w, "trial", "n")
	q, ok := a["quantiles"].(map[string]any)
	if !ok {
		t.Fatalf("quantiles = %v", a["quantiles"])
	}
	requireSpecFields(t, q, "p50", "p90", "p99")
	if p50, p99, mx := jsonNum(t, q, "p50"), jsonNum(t, q, "p99"), jsonNum(t, a, "max_kl_bon_phi"); !(p50 <= p99 && p99 <= mx) {
		t.Errorf("quantiles out of order: p50 %g, p99 %g, max %g", p50, p99, mx)
	}
	for _, f := range []string{"max_kl_bon_phi", "limit_cases", "infinite_cases", "frac_trials_over_0_5"} {
		if jsonNum(t, a, f) != jsonNum(t, b, f) {
			t.Errorf("%s differs between --workers 1 and 4: %v vs %v", f, a[f], b[f])
		}
	}
	if a["paper_claim_holds"] == nil {
		t.Error("K < 10 should report paper_claim_holds")
	}
}

// TestSweepBadInput: bad flags exit 2 with a message naming the flag.
func TestSweepBadInput(t *testing.T) {
	base := map[string]string{"--k": "5", "--trials": "3", "--n-max": "10", "--seed": "1"}
	cases := []struct {
		name, flag, value, want string
	}{
		{"K < 2", "--k", "1", "--k"},
		{"trials < 1", "--trials", "0", "--trials"},
		{"n-max < 1", "--n-max", "0", "--n-max"},
		{"negative n-max", "--n-max", "-4", "--n-max"},
		{"unknown gen", "--gen", "gaussian", "--gen"},
		{"unknown budget", "--budget", "tight", "--budget"},
		{"not a number", "--k", "five", "--k"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"sweep"}
			for f, v := range base {
				if f != c.flag {
					args = append(args, f, v)
				}
			}
			args = append(args, c.flag, c.value)
			code, out, errs := runCLI(args...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q does not name %s", errs, c.want)
			}
		})
	}
	code, _, errs := runCLI("sweep", "--k", "5", "--trials", "3", "--n-max", "10")
	if code != 2 || !strings.Contains(errs, "--seed") {
		t.Errorf("missing --seed: exit %d, %q", code, errs)
	}
}

func TestSweepTableAndCSV(t *testing.T) {
	code, out, errs := runCLI("sweep", "--k", "1200", "--trials", "1", "--n-max", "5", "--seed", "1")
	if code != 0 || !strings.Contains(out, "max_kl_bon_phi") || !strings.Contains(out, "paper_claim") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runCLI("sweep", "--k", "4", "--trials", "3", "--n-max", "5", "--seed", "1", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "trial,max_kl_bon_phi") {
		t.Fatalf("csv: exit %d, %q", code, out)
	}
}
