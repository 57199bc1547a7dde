package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fuzzSkip reports whether a fuzzed distribution spelling would make one
// iteration too slow or hang: generated vectors with K > 1e4, and @PATH
// (a path like @/dev/zero never ends; files are fuzzed through content).
func fuzzSkip(spec string) bool {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "@") {
		return true
	}
	for _, pre := range []string{"uniform:", "dirichlet:"} {
		if rest, ok := strings.CutPrefix(s, pre); ok {
			k, _, _ := strings.Cut(rest, ":")
			if n, err := strconv.Atoi(strings.TrimSpace(k)); err == nil && n > 10_000 {
				return true
			}
		}
	}
	return false
}

// FuzzCLI feeds fuzzed --p, --q and a fuzzed numeric flag value to cli.Run
// across the tilt, bon, compare and cumulant commands. The command must never
// panic (Run turns a panic into exit 1), must exit 0 or 2, must print nothing
// on stdout when it fails, and on success must print one JSON object with no
// NaN or Inf. Seed corpus: testdata/fuzz/FuzzCLI.
func FuzzCLI(f *testing.F) {
	seeds := []struct {
		p, q, x string
		mode    uint8
	}{
		{ex1P, ex1Q, "0.5", 1}, {ex1P, ex1Q, "1", 0}, {ex1P, ex1Q, "1.2", 2}, {ex1P, ex1Q, "2", 3},
		{ex1P, ex1Q, "1000", 4}, {ex1P, ex1Q, "10", 5}, {ex1P, ex1Q, "0.5", 6}, {"0.2 0.3 0.5", ex1Q, "3", 7},
		{"0.1,0.2,0.3,0.4", "0.3,0.3,0.2,0.2", "3.5", 4}, {"0,0.5,0.5", "0.5,0.3,0.2", "1e12", 3},
		{"0.5,0.5", "1e-150,1", "1e-10", 1}, {"uniform:3", "dirichlet:3:1", "1.5", 9},
		{"1,1,2", "6,1,2", "4", 11}, {"0.5,0.5", "0.5,0.5", "0", 1}, {"1", "1", "2", 3},
		{"0.3,0.7", "0.6,0.4", "1e-40", 1}, {"1/3,1/3,1/3", "0,-0.001,-0.163", "11", 12},
		{"0.5,NaN", ex1Q, "x", 3}, {ex1P, ex1Q, "-1", 1}, {ex1P, ex1Q, "1.6094379124341003", 1},
	}
	for _, s := range seeds {
		f.Add(s.p, s.q, s.x, s.mode)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, p, q, x string, mode uint8) {
		if fuzzSkip(p) || fuzzSkip(q) {
			t.Skip()
		}
		qFlag := "--q"
		if mode&8 != 0 {
			qFlag = "--reward"
		}
		var args []string
		switch mode % 8 {
		case 0:
			args = []string{"tilt", "--alpha", x}
		case 1:
			args = []string{"tilt", "--delta", x}
		case 2:
			args = []string{"tilt", "--rate", x}
		case 3:
			args = []string{"bon", "--n", x}
		case 4:
			args = []string{"compare", "--n", x}
		case 5:
			args = []string{"compare", "--n", x, "--budget", "logn"}
		case 6:
			args = []string{"cumulant", "--delta", x, "--rho", "0.5"}
		case 7:
			path := filepath.Join(dir, "p")
			if err := os.WriteFile(path, []byte(p), 0o600); err != nil {
				t.Fatal(err)
			}
			p = "@" + path
			args = []string{"bon", "--n", x}
		}
		args = append(args, "--p", p, qFlag, q, "--json")
		if mode&16 != 0 {
			args = append(args, "--normalize")
		}
		code, out, errs := runCLI(args...)
		switch code {
		case 0:
			var m map[string]any
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatalf("%q: exit 0 but stdout is not JSON: %v\n%s", args, err, out)
			}
			if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
				t.Fatalf("%q: stdout has NaN/Inf:\n%s", args, out)
			}
		case 2:
			if out != "" {
				t.Fatalf("%q: exit 2 with stdout %q", args, out)
			}
			if strings.TrimSpace(errs) == "" {
				t.Fatalf("%q: exit 2 with no message", args)
			}
		default:
			t.Fatalf("%q: exit %d (want 0 or 2), stderr %q", args, code, errs)
		}
	})
}
