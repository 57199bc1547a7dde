package dist

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// skipHuge reports whether spec asks for a generated vector too large for a
// fuzzing iteration (uniform:K or dirichlet:K with K > 1e5), or names a
// file (FuzzParseFile covers files; @/dev/zero would never return).
func skipHuge(spec string) bool {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "@") {
		return true
	}
	for _, pre := range []string{"uniform:", "dirichlet:"} {
		if rest, ok := strings.CutPrefix(s, pre); ok {
			k, _, _ := strings.Cut(rest, ":")
			if n, err := strconv.Atoi(k); err == nil && n > 100_000 {
				return true
			}
		}
	}
	return false
}

// checkParsed asserts the invariants of a successful ParseVector and of
// Validate on its result.
func checkParsed(t *testing.T, spec string, v Vector) {
	if len(v.Values) == 0 {
		t.Fatalf("ParseVector(%q) returned no values and no error", spec)
	}
	for i, x := range v.Values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("ParseVector(%q)[%d] = %v: not finite", spec, i, x)
		}
	}
	if v.Exact != nil {
		if len(v.Exact) != len(v.Values) {
			t.Fatalf("ParseVector(%q): %d exact values for %d values", spec, len(v.Exact), len(v.Values))
		}
		for i, r := range v.Exact {
			// Values must be the correctly rounded Exact.
			if f, _ := r.Float64(); f != v.Values[i] {
				t.Fatalf("ParseVector(%q)[%d] = %v but exact %v rounds to %v", spec, i, v.Values[i], r, f)
			}
		}
	}
	for _, opt := range []Options{{}, {Normalize: true}, {Positive: true, Normalize: true}} {
		out, err := Validate(v, opt)
		if err != nil {
			continue
		}
		if len(out.Values) < 2 || len(out.Values) != len(v.Values) {
			t.Fatalf("Validate(%q, %+v): K = %d", spec, opt, len(out.Values))
		}
		s := 0.0
		for i, x := range out.Values {
			if !(x >= 0) || math.IsInf(x, 0) || (opt.Positive && x == 0 && (out.Log == nil || math.IsInf(out.Log[i], -1))) {
				t.Fatalf("Validate(%q, %+v)[%d] = %v", spec, opt, i, x)
			}
			s += x
		}
		if math.Abs(s-1) > 1e-12 {
			t.Fatalf("Validate(%q, %+v) sums to %v", spec, opt, s)
		}
		if out.Exact != nil {
			var rs big.Rat
			for _, r := range out.Exact {
				rs.Add(&rs, r)
			}
			if rs.Cmp(big.NewRat(1, 1)) != 0 {
				t.Fatalf("Validate(%q, %+v): exact sum %v", spec, opt, &rs)
			}
		}
	}
}

// FuzzParseVector: ParseVector and Validate never panic; a successful parse
// gives finite values equal to the rounded exact rationals, and a successful
// Validate gives a probability vector (sum 1 within 1e-12, exactly 1 in
// rationals). Seed corpus: testdata/fuzz/FuzzParseVector.
func FuzzParseVector(f *testing.F) {
	for _, s := range []string{
		"0.2,0.3,0.5", "1/5,3/10,1/2", "2/3,1/9,2/9", "1e-150,1", "0.5,0.5000000005",
		"uniform:3", "dirichlet:4:1", "dirichlet:4:1:0.5", "dirichlet:2:0:1e-3",
		"", ",", "1/0", "NaN,1", "-0,1", "0x1p-3,0.875", "1e400", "1e-400,1",
		"0.3,0.3,0.2,0.2", "1,1,2", " 1 / 2 , 1/2 ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		if skipHuge(spec) {
			t.Skip()
		}
		v, err := ParseVector(spec)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseVector(%q): empty error message", spec)
			}
			return
		}
		checkParsed(t, spec, v)
	})
}

// FuzzParseFile: the same invariants for the @FILE spelling, the fuzzed
// string being the file's content (JSON array or separated numbers).
func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"[0.2, 0.3, 0.5]", "0.2 0.3\n0.5\n", "1/5,3/10,1/2", "[1, \"x\"]", "[1, null]",
		"[0.5, 0.5] 1", "", " \n", "[]", "[1e-150, 1]", "0.5\r\n0.5", "[1/2, 1/2]",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(dir, "v")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := ParseVector("@" + path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkParsed(t, content, v)
	})
}
