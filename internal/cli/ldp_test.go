package cli_test

import (
	"encoding/csv"
	"math"
	"strings"
	"testing"
	"time"
)

// TestLDPGridJSON: the command `ldp --grid ::41 --m 400 --json` has
// 41 points spanning [log(3/2), log 9] (= [−log max q, −log min q]), every
// SPEC point field present, β null at the two ends (±∞), j_bon null exactly
// right of t*, and J₀ at the left end = −log p(argmax q) = log 5.
func TestLDPGridJSON(t *testing.T) {
	start := time.Now()
	m := cliJSON(t, "ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--grid", "::41", "--m", "400")
	t.Logf("ldp --grid ::41 --m 400 took %v", time.Since(start))
	pts, ok := m["points"].([]any)
	if !ok || len(pts) != 41 {
		t.Fatalf("points = %d entries, want 41", len(pts))
	}
	tstar := jsonNum(t, m, "t_star")
	for i, raw := range pts {
		p := raw.(map[string]any)
		requireSpecFields(t, p, "t", "beta", "j_delta", "j_0", "j_bon", "finite_m_phi", "finite_m_bon")
		x := jsonNum(t, p, "t")
		switch i {
		case 0:
			if !nearRel(x, math.Log(1.5), 1e-15) {
				t.Errorf("first t = %v, want log 1.5", x)
			}
			if !nearRel(jsonNum(t, p, "j_0"), math.Log(5), 1e-12) {
				t.Errorf("J₀ at the left end = %v, want log 5", p["j_0"])
			}
		case 40:
			if !nearRel(x, math.Log(9), 1e-15) {
				t.Errorf("last t = %v, want log 9", x)
			}
		}
		if (i == 0 || i == 40) != (p["beta"] == nil) {
			t.Errorf("t=%v: beta = %v (null exactly at the ends)", x, p["beta"])
		}
		if (x > tstar) != (p["j_bon"] == nil) {
			t.Errorf("t=%v (t* = %v): j_bon = %v, want null exactly for t > t*", x, tstar, p["j_bon"])
		}
		if jd := jsonNum(t, p, "j_delta"); jd < 0 {
			t.Errorf("t=%v: j_delta = %v < 0", x, jd)
		}
		for _, f := range []string{"finite_m_phi", "finite_m_bon"} {
			if v, ok := p[f].(float64); !ok || v < 0 {
				t.Errorf("t=%v: %s = %v, want a number ≥ 0 (every window has types at m = 400)", x, f, p[f])
			}
		}
	}
}

// TestLDPNullWhenEmpty: a window with no type (m = 2, width 1e-9 around a
// rate no type has) has probability 0: finite_m_phi and finite_m_bon are
// present and null, not omitted, not NaN.
func TestLDPNullWhenEmpty(t *testing.T) {
	m := cliJSON(t, "ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--t", "0.5", "--width", "1e-9", "--m", "2")
	p := m["points"].([]any)[0].(map[string]any)
	for _, f := range []string{"finite_m_phi", "finite_m_bon"} {
		v, ok := p[f]
		if !ok {
			t.Errorf("%s missing; SPEC wants null where the probability is 0", f)
		} else if v != nil {
			t.Errorf("%s = %v, want null", f, v)
		}
	}
	// Table and CSV print the point without NaN.
	code, out, _ := runCLI("ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--t", "0.5", "--width", "1e-9", "--m", "2")
	if code != 0 || strings.Contains(out, "NaN") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	// Without --m there are no finite-m fields.
	m = cliJSON(t, "ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--t", "0.5")
	p = m["points"].([]any)[0].(map[string]any)
	if _, ok := p["finite_m_phi"]; ok {
		t.Error("finite_m_phi present without --m")
	}
}

// TestLDPCSV: `--format csv` header lists the point fields.
func TestLDPCSV(t *testing.T) {
	code, out, errs := runCLI("ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--grid", "::11", "--m", "50", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 12 {
		t.Fatalf("CSV: %v, %d records, want 12", err, len(recs))
	}
	have := strings.Join(recs[0], ",")
	for _, f := range []string{"t", "beta", "j_delta", "j_0", "j_bon", "finite_m_phi", "finite_m_bon"} {
		if !strings.Contains(","+have+",", ","+f+",") {
			t.Errorf("CSV header %q lacks %q", have, f)
		}
	}
}

// TestLDPVaradhan: with --rho the sup of −ρt − J_Δ(t) equals −ρ·H_{1+ρ}(φ‖q)
// = log Σ φ_δ q^ρ, the right side from φ_δ by bisection here.
func TestLDPVaradhan(t *testing.T) {
	m := cliJSON(t, "ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1", "--t", "1", "--rho", "0.5,2")
	vs, ok := m["varadhan"].([]any)
	if !ok || len(vs) != 2 {
		t.Fatalf("varadhan = %v", m["varadhan"])
	}
	phi := sqTilt(sqPf, sqQf, 0.1)
	for i, rho := range []float64{0.5, 2} {
		v := vs[i].(map[string]any)
		var s float64
		for k := range phi {
			s += phi[k] * math.Pow(sqQf[k], rho)
		}
		if got := jsonNum(t, v, "sup_minus_rho_t_minus_j_delta"); math.Abs(got-math.Log(s)) > 1e-9 {
			t.Errorf("ρ=%g: sup = %.15g, log Σ φ q^ρ = %.15g", rho, got, math.Log(s))
		}
	}
}

// TestLDPBadInput: rates outside the interval (the message prints it), a
// malformed --grid, and other misuse exit 2.
func TestLDPBadInput(t *testing.T) {
	base := []string{"ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "0.1"}
	with := func(a ...string) []string { return append(append([]string{}, base...), a...) }
	// The interval is [log 1.5, log 9] = [0.405465108108164…, 2.19722457733621…].
	sqBad(t, "t below", with("--t", "0.1"), "0.1", "0.40546510810816", "2.1972245773362")
	sqBad(t, "t above", with("--t", "1,2.5"), "point 1", "0.40546510810816", "2.1972245773362")
	sqBad(t, "grid LO below", with("--grid", "0.1:1:5"), "0.40546510810816", "2.1972245773362")
	sqBad(t, "grid two parts", with("--grid", "1:2"), "--grid", "LO:HI:COUNT")
	sqBad(t, "grid four parts", with("--grid", "1:2:3:4"), "--grid", "LO:HI:COUNT")
	sqBad(t, "grid count 0", with("--grid", "::0"), "--grid", "COUNT")
	sqBad(t, "grid count text", with("--grid", "::x"), "--grid", "COUNT")
	sqBad(t, "grid LO text", with("--grid", "a:2:5"), "--grid LO")
	sqBad(t, "grid HI < LO", with("--grid", "2:1:5"), "--grid", "LO < HI")
	sqBad(t, "t and grid", with("--t", "1", "--grid", "::5"), "exactly one of --t and --grid")
	sqBad(t, "neither t nor grid", with(), "exactly one of --t and --grid")
	sqBad(t, "width 0", with("--t", "1", "--width", "0"), "--width")
	sqBad(t, "m = 0", with("--t", "1", "--m", "0"), "--m", "1 ≤ m")
	// C(9002, 2) = 40,513,501 types > the 4e7 budget: the exponents need
	// every type (pruning drops probabilities below e^-60), so refuse early.
	sqBad(t, "m beyond the budget", with("--t", "1", "--m", "9000"), "--m 9000", "4.051e+07 types", "40000000", "smaller m")
	sqBad(t, "delta beyond delta_max", []string{"ldp", "--p", sqP, "--q", sqQ, "--delta-rate", "2", "--t", "1"}, "--delta-rate")
	sqBad(t, "delta missing", []string{"ldp", "--p", sqP, "--q", sqQ, "--t", "1"}, "--delta-rate", "required")
}
