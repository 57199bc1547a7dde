package dist

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
)

func mustParse(t *testing.T, spec string) Vector {
	t.Helper()
	v, err := ParseVector(spec)
	if err != nil {
		t.Fatalf("ParseVector(%q): %v", spec, err)
	}
	return v
}

func TestValidateAccepts(t *testing.T) {
	cases := []struct {
		name string
		spec string
		opt  Options
		want []*big.Rat // exact normalised values
	}{
		{"example 1 p", "1/5,3/10,1/2", Options{}, rats("1/5", "3/10", "1/2")},
		{"example 1 q positive", "2/3,1/9,2/9", Options{Positive: true}, rats("2/3", "1/9", "2/9")},
		{"zero in p", "0,0.5,0.5", Options{}, rats("0", "1/2", "1/2")},
		// 0.5 + 5e-10 is within SumTolerance = 1e-9; the result is rescaled exactly.
		{"sum off by 5e-10", "0.5,0.5000000005", Options{}, rats("1000000000/2000000001", "1000000001/2000000001")},
		{"normalize", "1,1,2", Options{Normalize: true}, rats("1/4", "1/4", "1/2")},
		{"normalize fractions", "1/3,1/3,1/3,1", Options{Normalize: true}, rats("1/6", "1/6", "1/6", "1/2")},
	}
	for _, c := range cases {
		v, err := Validate(mustParse(t, c.spec), c.opt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(v.Exact) != len(c.want) {
			t.Errorf("%s: Exact = %v, want %v", c.name, v.Exact, c.want)
			continue
		}
		for i, w := range c.want {
			wf, _ := w.Float64()
			if v.Exact[i].Cmp(w) != 0 || v.Values[i] != wf {
				t.Errorf("%s[%d] = %v (%v), want %v (%v)", c.name, i, v.Exact[i], v.Values[i], w, wf)
			}
		}
	}
}

// TestValidateRejects: each bad input of the issue, with the entry index or
// the quantity named.
func TestValidateRejects(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name    string
		v       Vector
		opt     Options
		index   int // −1: not an entry error
		message string
		isSum   bool
	}{
		{"K = 1", Vector{Values: []float64{1}}, Options{}, -1, "K = 2", false},
		{"K = 0", Vector{}, Options{}, -1, "K = 2", false},
		{"NaN", Vector{Values: []float64{0.5, nan}}, Options{}, 1, "not finite", false},
		{"Inf", Vector{Values: []float64{inf, 0.5}}, Options{}, 0, "not finite", false},
		{"negative", Vector{Values: []float64{0.5, 0.6, -0.1}}, Options{}, 2, "negative", false},
		{"negative with normalize", Vector{Values: []float64{-0.5, 1.5}}, Options{Normalize: true}, 0, "negative", false},
		{"zero in q", Vector{Values: []float64{0.5, 0, 0.5}}, Options{Positive: true}, 1, "zero", false},
		{"sum 1 + 2e-9", Vector{Values: []float64{0.5, 0.5 + 2e-9}}, Options{}, -1, "pass --normalize", true},
		{"sum 0.9", Vector{Values: []float64{0.4, 0.5}}, Options{}, -1, "sum is 0.9", true},
		{"all zero", Vector{Values: []float64{0, 0}}, Options{Normalize: true}, -1, "all entries are zero", false},
	}
	for _, c := range cases {
		_, err := Validate(c.v, c.opt)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: message %q does not say %q", c.name, err, c.message)
		}
		var ee *EntryError
		if got := errors.As(err, &ee); got != (c.index >= 0) || (got && ee.Index != c.index) {
			t.Errorf("%s: entry error %v, want index %d", c.name, ee, c.index)
		}
		if errors.Is(err, ErrSum) != c.isSum {
			t.Errorf("%s: errors.Is(err, ErrSum) = %v", c.name, !c.isSum)
		}
	}
}

// TestValidateLog: when Log is present it is shifted by −log(sum) along with
// the values, and a zero value with a finite log counts as positive.
func TestValidateLog(t *testing.T) {
	v := Vector{Values: []float64{0.5, 1.5, 0}, Log: []float64{math.Log(0.5), math.Log(1.5), -800}}
	out, err := Validate(v, Options{Positive: true, Normalize: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{math.Log(0.25), math.Log(0.75), -800 - math.Log(2)}
	for i := range want {
		if math.Abs(out.Log[i]-want[i]) > 1e-15*math.Abs(want[i]) {
			t.Errorf("Log[%d] = %.17g, want %.17g", i, out.Log[i], want[i])
		}
	}
	lv := out.LogValues()
	lv[0] = 99 // LogValues returns a copy
	if out.Log[0] == 99 {
		t.Error("LogValues aliases Vector.Log")
	}
	plain := Vector{Values: []float64{0.25, 0, 0.75}}
	if got := plain.LogValues(); got[0] != math.Log(0.25) || !math.IsInf(got[1], -1) {
		t.Errorf("LogValues = %v", got)
	}
}

// TestSoftmax: q = softmax(r) with log q = r − log Σ e^r, checked against the
// closed forms for two rewards: (0, log 2) gives (1/3, 2/3); (1000, 0) gives
// log q = (−log1p(e^{−1000}), −1000 − log1p(e^{−1000})) = (0, −1000) in float64.
func TestSoftmax(t *testing.T) {
	v, err := Softmax([]float64{0, math.Ln2})
	if err != nil {
		t.Fatal(err)
	}
	if !naive.Within(v.Values[0], 1.0/3, tol) || !naive.Within(v.Values[1], 2.0/3, tol) {
		t.Errorf("softmax(0, log 2) = %v, want (1/3, 2/3)", v.Values)
	}
	if !naive.Within(v.Log[0], -math.Log(3), tol) || !naive.Within(v.Log[1], math.Log(2.0/3), tol) {
		t.Errorf("log softmax(0, log 2) = %v, want (−log 3, log 2/3)", v.Log)
	}
	v, err = Softmax([]float64{1000, 0})
	if err != nil {
		t.Fatal(err)
	}
	if v.Log[0] != 0 || v.Log[1] != -1000 || v.Values[0] != 1 || v.Values[1] != math.Exp(-1000) {
		t.Errorf("softmax(1000, 0): values %v, logs %v", v.Values, v.Log)
	}
	// Rewards −345 apart: q₁ ≈ 1e-150, kept exactly in Log.
	v, _ = Softmax([]float64{0, -150 * math.Ln10})
	if !naive.Within(v.Values[1], 1e-150, 1e-13) {
		t.Errorf("softmax(0, −150 log 10)[1] = %v, want 1e-150", v.Values[1])
	}
	if _, err := Softmax([]float64{1}); err == nil || !strings.Contains(err.Error(), "K = 2") {
		t.Errorf("softmax of one reward: err = %v", err)
	}
	_, err = Softmax([]float64{0, math.NaN(), 1})
	var ee *EntryError
	if !errors.As(err, &ee) || ee.Index != 1 {
		t.Errorf("softmax with NaN reward: err = %v, want entry 1", err)
	}
}
