package ldp_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/bon"
	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/ldp"
)

// finiteM runs FiniteM for N = exp(m·δ).
func finiteM(t testing.TB, r *ldp.Rates, p, q []float64, m int, ts []float64, w float64) []ldp.FinitePoint {
	t.Helper()
	en := enumerate(t, p, q, m)
	c, err := bon.CountFromLog(float64(m) * r.Delta)
	if err != nil {
		t.Fatal(err)
	}
	return r.FiniteM(en, c, ts, w)
}

// TestFiniteMExact compares FiniteM with window probabilities computed
// here by enumerating types: under φ_δ^m directly (φ by bisection), and under
// best-of-N as G^N − (G − W)^N with G = P_p(rate > t − w), W = P_p(window)
// (the lowest of N i.i.d. rates lands in the window). Windows are placed so
// that no type rate sits on an edge (where the side is decided by
// rounding). Tolerance 1e-9 relative on the exponents.
func TestFiniteMExact(t *testing.T) {
	for _, c := range []struct {
		name  string
		p, q  []float64
		delta float64
		m     int
	}{
		{"example1/m50", ex1P, ex1Q, 0.1, 50},
		{"example1/m200", ex1P, ex1Q, 0.1, 200},
		{"example1/m120/delta0.6", ex1P, ex1Q, 0.6, 120},
		{"k4/m40", []float64{0.1, 0.4, 0.3, 0.2}, []float64{0.125, 0.5, 0.25, 0.125}, 0.3, 40},  // tied q
		{"q421/m100", []float64{0.2, 0.3, 0.5}, []float64{4.0 / 7, 2.0 / 7, 1.0 / 7}, 0.2, 100}, // ties across types
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRates(t, c.p, c.q, c.delta)
			step := (r.Hi - r.Lo) / 10
			w := 0.3 * step
			var ts []float64
			for i := 0; i <= 10; i++ {
				ts = append(ts, r.Lo+(float64(i)+0.137)*step*0.95)
			}
			got := finiteM(t, r, c.p, c.q, c.m, ts, w)
			lq := naive.Logs(c.q)
			phi, _ := naive.TiltTo(c.p, lq, c.delta)
			types := windowOracle(c.m, c.p, lq, phi)
			for i, x := range ts {
				wantPhi, wantBoN, amb := windowExponents(types, c.m, float64(c.m)*c.delta, x-w, x+w)
				if amb {
					t.Logf("t=%.6g: a type sits on a window edge; skipped", x)
					continue
				}
				for _, chk := range []struct {
					name      string
					got, want float64
				}{{"finite_m_phi", got[i].Phi, wantPhi}, {"finite_m_bon", got[i].BoN, wantBoN}} {
					if math.IsInf(chk.want, 1) != math.IsInf(chk.got, 1) || !math.IsInf(chk.want, 1) && !naive.Near(chk.got, chk.want, 1e-9, 1e-12) {
						t.Errorf("t=%.6g: %s = %.15g, enumeration %.15g", x, chk.name, chk.got, chk.want)
					}
				}
			}
		})
	}
}

// TestFiniteMEmptyWindow: a window holding no type has probability 0 under
// both measures and reports +Inf (the CLI prints null), not NaN or a crash.
func TestFiniteMEmptyWindow(t *testing.T) {
	r := newRates(t, ex1P, ex1Q, 0.1)
	// m = 2: the rates are the 6 values −(log q_i + log q_j)/2; 0.5 is none.
	got := finiteM(t, r, ex1P, ex1Q, 2, []float64{0.5, r.Lo}, 1e-9)
	if !math.IsInf(got[0].Phi, 1) || !math.IsInf(got[0].BoN, 1) {
		t.Errorf("empty window: %+v, want +Inf, +Inf", got[0])
	}
	// The window around Lo holds the type (2, 0, 0): finite.
	if math.IsInf(got[1].Phi, 0) || math.IsNaN(got[1].Phi) || math.IsInf(got[1].BoN, 0) {
		t.Errorf("window at Lo: %+v, want finite", got[1])
	}
}

// TestFiniteMConvergence: Example 1, δ = 0.1, the 11-point grid over the
// rate interval with windows of half the spacing (tiltkit's default), m ∈
// {50, …, 800}.
//
// φ_δ^m: Theorem 1 gives finite_m_phi → J_Δ,cell (the infimum of J_Δ over
// the window). The method of types bounds the gap rigorously: with T_w the
// types in the window and (m+1)^{−K} e^{−m·KL(λ‖φ)} ≤ φ^m(class λ) ≤
// e^{−m·KL(λ‖φ)} (Cover & Thomas, Thm 11.1.4), |T_w| ≤ (m+1)^{K−1} and
// KL(λ‖φ) ≥ J_Δ,cell for every λ in the closed window (I-projection),
//
//	J_Δ,cell − (K−1)·log(m+1)/m ≤ finite_m_phi ≤ min_{λ∈T_w} KL(λ‖φ) + K·log(m+1)/m,
//
// an O(log m / m) envelope; the test checks it at every m (min KL computed
// here) and that the gap decreases with m. It fits gap ≈ a·log(m)/m + b/m.
//
// Best-of-N: finite_m_bon → j_bon_cell where that is finite (windows left
// of t* and the window containing t*), with the same kind of envelope from
// N·P_p ≥ π_N ≥ …; right of t* it grows without bound: strictly increasing
// in m and > 10³ at m = 800 wherever the doubly exponential regime has
// begun (predicted size ≥ 10⁴, see logPred). For the window whose left
// edge lies just 0.008 right of t* the regime has not begun at m = 800 —
// best-of-N's typical rate t* + O(log m/m) still falls inside it — and its
// exponent is non-monotone (logged, not asserted).
func TestFiniteMConvergence(t *testing.T) {
	const delta = 0.1
	ms := []int{50, 100, 200, 400, 800}
	p, q := ex1P, ex1Q
	lq := naive.Logs(q)
	r := newRates(t, p, q, delta)
	phi, _ := naive.TiltTo(p, lq, delta)
	const count = 11
	ts := grid(r.Lo, r.Hi, count)
	w := (r.Hi - r.Lo) / (count - 1) / 2
	K := float64(len(p))
	hp := naive.CrossEntropy(p, lq) // H(p‖q), where J₀ vanishes
	gapPhi := make([][]float64, count)
	gapBoN := make([][]float64, count)
	bonRight := make([][]float64, count)
	for _, m := range ms {
		fm := finiteM(t, r, p, q, m, ts, w)
		types := windowOracle(m, p, lq, phi)
		mf := float64(m)
		for i, x := range ts {
			jc, err := r.JDeltaCell(x, w)
			if err != nil {
				t.Fatal(err)
			}
			bc, err := r.JBoNCell(x, w)
			if err != nil {
				t.Fatal(err)
			}
			// min KL(λ‖φ) over types strictly inside the window (by 1e-9).
			minKL := math.Inf(1)
			for _, ty := range types {
				if ty.rate > x-w+1e-9 && ty.rate < x+w-1e-9 {
					lam := make([]float64, len(ty.n))
					for k, c := range ty.n {
						lam[k] = float64(c) / mf
					}
					minKL = math.Min(minKL, naive.KL(lam, phi))
				}
			}
			lower := jc - (K-1)*math.Log(mf+1)/mf
			upper := minKL + K*math.Log(mf+1)/mf
			if fm[i].Phi < lower-1e-12 || fm[i].Phi > upper+1e-12 {
				t.Errorf("m=%d t=%.4g: finite_m_phi = %.6g outside the method-of-types envelope [%.6g, %.6g]", m, x, fm[i].Phi, lower, upper)
			}
			gapPhi[i] = append(gapPhi[i], math.Abs(fm[i].Phi-jc))
			if !math.IsInf(bc, 1) {
				gapBoN[i] = append(gapBoN[i], math.Abs(fm[i].BoN-bc))
			} else {
				bonRight[i] = append(bonRight[i], fm[i].BoN)
			}
		}
	}
	// Monotone decrease of the φ gap and the BoN gap where j_bon_cell is finite.
	for i, x := range ts {
		for j := 1; j < len(ms); j++ {
			if !(gapPhi[i][j] < gapPhi[i][j-1]) {
				t.Errorf("t=%.4g: |finite_m_phi − J_Δ,cell| did not decrease from m=%d (%.4g) to m=%d (%.4g)", x, ms[j-1], gapPhi[i][j-1], ms[j], gapPhi[i][j])
			}
			if len(gapBoN[i]) == len(ms) && !(gapBoN[i][j] < gapBoN[i][j-1]) {
				t.Errorf("t=%.4g: |finite_m_bon − j_bon_cell| did not decrease from m=%d (%.4g) to m=%d (%.4g)", x, ms[j-1], gapBoN[i][j-1], ms[j], gapBoN[i][j])
			}
		}
		// At m = 800 the gaps are inside the O(log m/m) envelope.
		m := float64(ms[len(ms)-1])
		env := K * math.Log(m+1) / m
		if gapPhi[i][len(ms)-1] > env {
			t.Errorf("t=%.4g: m=800 φ gap %.4g > K·log(m+1)/m = %.4g", x, gapPhi[i][len(ms)-1], env)
		}
		if len(gapBoN[i]) == len(ms) && gapBoN[i][len(ms)-1] > env {
			t.Errorf("t=%.4g: m=800 BoN gap %.4g > K·log(m+1)/m = %.4g", x, gapBoN[i][len(ms)-1], env)
		}
		// Right of t*: doubly exponential growth.
		if len(bonRight[i]) == len(ms) {
			pt, err := r.At(x - w)
			if err != nil {
				t.Fatal(err)
			}
			// Predicted size of finite_m_bon at m = 800: with A = P_p(rate ≤
			// lo) ≈ e^{−m·J₀(lo)} left of H(p‖q), −(1/m)·log (1−A)^N ≈ N·A/m;
			// right of H(p‖q), 1 − A ≈ e^{−m·J₀(lo)} and the exponent is
			// ≈ N·J₀(lo).
			logPred := m*(delta-pt.J0) - math.Log(m)
			if x-w >= hp {
				logPred = m*delta + math.Log(pt.J0)
			}
			grows := true
			for j := 1; j < len(ms); j++ {
				grows = grows && bonRight[i][j] > bonRight[i][j-1]
			}
			t.Logf("t=%.4g right of t*: finite_m_bon = %.4g (log predicted growth at m=800: %.1f)", x, bonRight[i], logPred)
			if logPred > math.Log(1e4) {
				if !grows {
					t.Errorf("t=%.4g: finite_m_bon %v not increasing in m", x, bonRight[i])
				}
				if bonRight[i][len(ms)-1] < 1e3 {
					t.Errorf("t=%.4g: finite_m_bon(800) = %.4g, want > 1e3", x, bonRight[i][len(ms)-1])
				}
			}
		}
	}
	// Observed rate: least squares gap ≈ a·log(m)/m + b/m, per window.
	fit := func(g []float64) (a, b float64) {
		var sxx, sxy, syy, sx1, sy1 float64
		for j, m := range ms {
			mf := float64(m)
			x, y := math.Log(mf)/mf, 1/mf
			sxx += x * x
			sxy += x * y
			syy += y * y
			sx1 += x * g[j]
			sy1 += y * g[j]
		}
		det := sxx*syy - sxy*sxy
		return (sx1*syy - sy1*sxy) / det, (sxx*sy1 - sxy*sx1) / det
	}
	for i, x := range ts {
		a, b := fit(gapPhi[i])
		slope := math.Log(gapPhi[i][len(ms)-1]/gapPhi[i][0]) / math.Log(float64(ms[len(ms)-1])/float64(ms[0]))
		line := fmt.Sprintf("t=%.4f φ gap %.3g…%.3g (log-log slope %.2f) ≈ %.3f·log(m)/m %+.3f/m", x, gapPhi[i][0], gapPhi[i][len(ms)-1], slope, a, b)
		if len(gapBoN[i]) == len(ms) {
			a, b := fit(gapBoN[i])
			line += fmt.Sprintf(" | BoN gap %.3g…%.3g ≈ %.3f·log(m)/m %+.3f/m", gapBoN[i][0], gapBoN[i][len(ms)-1], a, b)
		}
		t.Log(line)
	}
}

// TestFiniteMNonNegative: exponents of probabilities are ≥ 0 even where the
// window holds almost all the mass (rounding must not make them −1e-17).
func TestFiniteMNonNegative(t *testing.T) {
	for _, delta := range []float64{0.1, 1} {
		r := newRates(t, ex1P, ex1Q, delta)
		ts := grid(r.Lo, r.Hi, 11)
		w := (r.Hi - r.Lo) / 20
		for _, m := range []int{50, 200} {
			for i, fp := range finiteM(t, r, ex1P, ex1Q, m, ts, w) {
				if fp.Phi < 0 || fp.BoN < 0 || math.IsNaN(fp.Phi) || math.IsNaN(fp.BoN) {
					t.Errorf("δ=%g m=%d t=%.4g: exponents %v, want ≥ 0", delta, m, ts[i], fp)
				}
			}
		}
	}
}
