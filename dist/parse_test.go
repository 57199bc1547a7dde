package dist

import (
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func rats(ss ...string) []*big.Rat {
	out := make([]*big.Rat, len(ss))
	for i, s := range ss {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			panic(s)
		}
		out[i] = r
	}
	return out
}

// TestParseVectorLists: the comma-list spellings of SPEC ("0.2,0.3,0.5",
// "1/5,3/10,1/2", scientific notation). Expected floats are Go's correctly
// rounded literals; expected rationals are written by hand.
func TestParseVectorLists(t *testing.T) {
	cases := []struct {
		spec   string
		values []float64
		exact  []*big.Rat // nil: no exact form expected
	}{
		{"0.2,0.3,0.5", []float64{0.2, 0.3, 0.5}, rats("1/5", "3/10", "1/2")},
		{"1/5,3/10,1/2", []float64{0.2, 0.3, 0.5}, rats("1/5", "3/10", "1/2")},
		{" 1/5 , 3/10 ,1/2 ", []float64{0.2, 0.3, 0.5}, rats("1/5", "3/10", "1/2")},
		{"2/3,1/9,2/9", []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}, rats("2/3", "1/9", "2/9")},
		{"1/4,0.75", []float64{0.25, 0.75}, rats("1/4", "3/4")},
		{"1e-150,1", []float64{1e-150, 1}, []*big.Rat{new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(150), nil)), big.NewRat(1, 1)}},
		{"2.5E-1,7.5e-1", []float64{0.25, 0.75}, rats("1/4", "3/4")},
		{"-0.5,1.5", []float64{-0.5, 1.5}, rats("-1/2", "3/2")}, // range checks are Validate's
		{"0x1p-3,0.875", []float64{0.125, 0.875}, nil},          // hex floats: no exact form
		{"7", []float64{7}, rats("7")},
		{"0,0e-400,-0.0,0x0p-2000", []float64{0, 0, 0, 0}, nil},                       // zeros are not underflow
		{"1e-310,1", []float64{1e-310, 1}, rats("1/1"+strings.Repeat("0", 310), "1")}, // subnormal
	}
	for _, c := range cases {
		v, err := ParseVector(c.spec)
		if err != nil {
			t.Errorf("ParseVector(%q): %v", c.spec, err)
			continue
		}
		if len(v.Values) != len(c.values) {
			t.Errorf("ParseVector(%q): %d values, want %d", c.spec, len(v.Values), len(c.values))
			continue
		}
		for i := range c.values {
			if v.Values[i] != c.values[i] {
				t.Errorf("ParseVector(%q)[%d] = %v, want %v", c.spec, i, v.Values[i], c.values[i])
			}
		}
		switch {
		case c.exact == nil && v.Exact != nil:
			t.Errorf("ParseVector(%q): unexpected Exact %v", c.spec, v.Exact)
		case c.exact != nil && len(v.Exact) != len(c.exact):
			t.Errorf("ParseVector(%q): Exact = %v, want %v", c.spec, v.Exact, c.exact)
		case c.exact != nil:
			for i := range c.exact {
				if v.Exact[i].Cmp(c.exact[i]) != 0 {
					t.Errorf("ParseVector(%q).Exact[%d] = %v, want %v", c.spec, i, v.Exact[i], c.exact[i])
				}
			}
		}
	}
}

// TestParseVectorEntryErrors: every bad entry is reported with its 0-based
// index and a message naming what was expected.
func TestParseVectorEntryErrors(t *testing.T) {
	cases := []struct {
		spec    string
		index   int
		message string // substring of the message
	}{
		{"0.2,,0.8", 1, "empty entry"},
		{"0.2,abc,0.8", 1, "not a number"},
		{"NaN,1", 0, "NaN"},
		{"0.5,nan", 1, "NaN"},
		{"0.5,Inf", 1, "infinite"},
		{"-inf,1", 0, "infinite"},
		{"0.5,1e400", 1, "overflows"},
		{"1e-400,1", 0, "underflows"},    // strconv returns 0 without error here
		{"0.5,-1e-999", 1, "underflows"}, // (fixed in parse.go: used to parse as 0)
		{"0x1p-1100,1", 0, "underflows"},
		{"0.5,1/0", 1, "zero denominator"},
		{"1/2/3,0.5", 0, "fraction"},
		{"1e2/3,0.5", 0, "fraction"},
		{"0.5,a/2", 1, "fraction"},
		{"0.1,0.2,0.3," + strings.Repeat("1", 401), 3, "longer than"},
	}
	for _, c := range cases {
		_, err := ParseVector(c.spec)
		var ee *EntryError
		if !errors.As(err, &ee) {
			t.Errorf("ParseVector(%.40q): err = %v, want *EntryError", c.spec, err)
			continue
		}
		if ee.Index != c.index {
			t.Errorf("ParseVector(%.40q): index %d, want %d", c.spec, ee.Index, c.index)
		}
		if !strings.Contains(err.Error(), c.message) || !strings.Contains(err.Error(), "entry") {
			t.Errorf("ParseVector(%.40q): message %q does not mention %q", c.spec, err, c.message)
		}
	}
	if _, err := ParseVector("   "); !errors.Is(err, ErrEmpty) {
		t.Errorf("ParseVector(blank): err = %v, want ErrEmpty", err)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v.txt")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseVectorFile(t *testing.T) {
	good := []struct {
		name, content string
	}{
		{"JSON array", "[0.2, 0.3, 0.5]"},
		{"JSON with newlines", "[\n 0.2,\n 0.3,\n 0.5\n]\n"},
		{"whitespace", "0.2 0.3\n0.5\n"},
		{"commas and tabs", "0.2,\t0.3,0.5"},
		{"fractions", "1/5 3/10 1/2"},
		{"CRLF", "0.2\r\n0.3\r\n0.5\r\n"},
	}
	for _, c := range good {
		v, err := ParseVector("@" + writeFile(t, c.content))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(v.Values) != 3 || v.Values[0] != 0.2 || v.Values[1] != 0.3 || v.Values[2] != 0.5 {
			t.Errorf("%s: values %v, want [0.2 0.3 0.5]", c.name, v.Values)
		}
		if v.Exact == nil || v.Exact[1].Cmp(big.NewRat(3, 10)) != 0 {
			t.Errorf("%s: Exact = %v, want exact 3/10 at index 1", c.name, v.Exact)
		}
	}
	bad := []struct {
		name, content string
		index         int // −1: no entry index expected
		message       string
		empty         bool
	}{
		{"empty file", "", -1, "empty", true},
		{"blank file", " \n\t\n", -1, "empty", true},
		{"only commas", ",,,", -1, "no numbers", true},
		{"JSON string entry", `[0.2, "x", 0.8]`, 1, "not a JSON number", false},
		{"JSON null entry", `[0.2, 0.8, null]`, 2, "expected a number", false},
		{"JSON trailing data", `[0.5, 0.5] 3`, -1, "after the JSON array", false},
		{"JSON broken", `[0.5, 0.5`, -1, "not a JSON array", false},
		{"bad word", "0.5 x 0.5", 1, "not a number", false},
	}
	for _, c := range bad {
		path := writeFile(t, c.content)
		_, err := ParseVector("@" + path)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: message %q should name the file and say %q", c.name, err, c.message)
		}
		if c.empty != errors.Is(err, ErrEmpty) {
			t.Errorf("%s: errors.Is(err, ErrEmpty) = %v, want %v", c.name, !c.empty, c.empty)
		}
		var ee *EntryError
		if got := errors.As(err, &ee); got != (c.index >= 0) || (got && ee.Index != c.index) {
			t.Errorf("%s: entry error %v, want index %d", c.name, ee, c.index)
		}
	}
	missing := filepath.Join(t.TempDir(), "nope.txt")
	if _, err := ParseVector("@" + missing); err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v, want a message naming %s and saying it does not exist", err, missing)
	}
	if _, err := ParseVector("@"); err == nil || !strings.Contains(err.Error(), "file path") {
		t.Errorf("bare @: err = %v", err)
	}
}

func TestParseVectorGenerated(t *testing.T) {
	u, err := ParseVector("uniform:4")
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range u.Values {
		if x != 0.25 || u.Exact[i].Cmp(big.NewRat(1, 4)) != 0 {
			t.Errorf("uniform:4[%d] = %v (%v), want exactly 1/4", i, x, u.Exact[i])
		}
	}

	d1, err := ParseVector("dirichlet:50:7")
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := ParseVector("dirichlet:50:7:1")
	d3, _ := ParseVector("dirichlet:50:8")
	if len(d1.Values) != 50 || d1.Log == nil || d1.Exact != nil {
		t.Fatalf("dirichlet:50:7: %d values, Log %v, Exact %v", len(d1.Values), d1.Log != nil, d1.Exact != nil)
	}
	same, differs := true, false
	for i := range d1.Values {
		same = same && d1.Values[i] == d2.Values[i]
		differs = differs || d1.Values[i] != d3.Values[i]
		if !(d1.Values[i] > 0) || math.Abs(math.Exp(d1.Log[i])-d1.Values[i]) > 1e-15*d1.Values[i] {
			t.Errorf("dirichlet:50:7[%d] = %v with log %v", i, d1.Values[i], d1.Log[i])
		}
	}
	if !same {
		t.Error("dirichlet:50:7 and dirichlet:50:7:1 differ; CONC defaults to 1 (SPEC)")
	}
	if !differs {
		t.Error("dirichlet:50:7 and dirichlet:50:8 coincide; SEED must matter")
	}
	if s := sum(d1.Values); math.Abs(s-1) > 1e-14 {
		t.Errorf("dirichlet:50:7 sums to %v", s)
	}

	bad := []struct{ spec, message string }{
		{"uniform:1", "at least 2"},
		{"uniform:0", "at least 2"},
		{"uniform:x", "not an integer"},
		{"uniform:", "not an integer"},
		{"dirichlet:1:3", "at least 2"},
		{"dirichlet:-4:3", "at least 2"},
		{"dirichlet:5:3:0", "CONC must be > 0"},
		{"dirichlet:5:3:-1", "CONC must be > 0"},
		{"dirichlet:5:3:nan", "CONC"},
		{"dirichlet:5:3:inf", "CONC"},
		{"dirichlet:5:3:abc", "CONC"},
		{"dirichlet:5:-3", "SEED"},
		{"dirichlet:5", "expected dirichlet:K:SEED"},
		{"dirichlet:5:1:1:1", "expected dirichlet:K:SEED"},
		{"dirichlet:200000000:1", "at most"},
	}
	for _, c := range bad {
		_, err := ParseVector(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.message) || !strings.Contains(err.Error(), c.spec) {
			t.Errorf("ParseVector(%q): err = %v, want a message quoting the spec and saying %q", c.spec, err, c.message)
		}
	}
}

// TestDirichletMoments: for a symmetric Dirichlet(c) draw on K symbols the
// scaled entries K·x_i are nearly i.i.d. Gamma(c)/c: mean exactly 1 (they sum
// to K) and variance 1/c (to O(1/K)). With K = 20000 the sample variance has
// standard deviation √((μ₄ − σ⁴)/K) ≤ 0.06 for these c, so 0.3/c is > 5σ.
func TestDirichletMoments(t *testing.T) {
	const k = 20000
	for _, c := range []float64{0.5, 1, 4} {
		v := Dirichlet(k, 12345, c)
		var s2 float64
		for _, x := range v.Values {
			d := k*x - 1
			s2 += d * d
		}
		s2 /= k
		if want := 1 / c; math.Abs(s2-want) > 0.15*want {
			t.Errorf("Dirichlet(%g): variance of K·x = %.4f, want ≈ %.4f", c, s2, want)
		}
	}
	// Tiny concentrations give entries whose logs are exact and finite even
	// where the values underflow.
	v := Dirichlet(1000, 1, 0.001)
	under := 0
	for i, l := range v.Log {
		if math.IsInf(l, 0) || math.IsNaN(l) {
			t.Fatalf("Dirichlet(0.001) log[%d] = %v", i, l)
		}
		if v.Values[i] == 0 {
			under++
		}
	}
	if under == 0 {
		t.Log("note: no entry underflowed for CONC = 0.001")
	}
	if _, err := Validate(v, Options{Positive: true}); err != nil {
		t.Errorf("Validate(q = Dirichlet(0.001), positive): %v; entries with finite logs are positive", err)
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
