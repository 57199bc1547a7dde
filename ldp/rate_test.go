package ldp_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/internal/naive"
	"github.com/tiltkit/tiltkit/ldp"
)

// rateCase is a model for the rate-function tests.
type rateCase struct {
	name  string
	p, q  []float64
	delta float64
}

var rateCases = []rateCase{
	{"example1/delta0.1", ex1P, ex1Q, 0.1},
	{"example1/delta0", ex1P, ex1Q, 0},
	{"example1/delta1.2", ex1P, ex1Q, 1.2},
	{"binary", []float64{0.3, 0.7}, []float64{0.8, 0.2}, 0.2},
	{"k5", []float64{0.05, 0.25, 0.1, 0.4, 0.2}, []float64{0.3, 0.1, 0.25, 0.05, 0.3}, 0.3}, // tied argmax of q
	{"pzero", []float64{0, 0.3, 0.2, 0.5}, []float64{0.4, 0.1, 0.3, 0.2}, 0.4},
}

// grid returns count points spanning [lo, hi] (ends included).
func grid(lo, hi float64, count int) []float64 {
	out := make([]float64, count)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(count-1)
	}
	out[count-1] = hi
	return out
}

// TestRateFunctionShape: J₀ and J_Δ are ≥ 0 and convex (second differences
// on a uniform grid of 401 points), J₀ vanishes at t = H(p‖q) and J_Δ at
// t* = H(φ_δ‖q) (both computed here, φ_δ by bisection) to 1e-12, and they
// are positive elsewhere.
func TestRateFunctionShape(t *testing.T) {
	for _, c := range rateCases {
		t.Run(c.name, func(t *testing.T) {
			r := newRates(t, c.p, c.q, c.delta)
			lq := naive.Logs(c.q)
			ts := grid(r.Lo, r.Hi, 401)
			j0 := make([]float64, len(ts))
			jd := make([]float64, len(ts))
			for i, x := range ts {
				pt, err := r.At(x)
				if err != nil {
					t.Fatalf("At(%v): %v", x, err)
				}
				j0[i], jd[i] = pt.J0, pt.JDelta
				if pt.J0 < 0 || pt.JDelta < 0 || math.IsNaN(pt.J0) || math.IsNaN(pt.JDelta) {
					t.Fatalf("t=%v: J₀ = %v, J_Δ = %v", x, pt.J0, pt.JDelta)
				}
			}
			for i := 1; i+1 < len(ts); i++ {
				for _, f := range []struct {
					name string
					j    []float64
				}{{"J₀", j0}, {"J_Δ", jd}} {
					d2 := f.j[i-1] + f.j[i+1] - 2*f.j[i]
					if d2 < -1e-12*(1+math.Abs(f.j[i])) {
						t.Errorf("%s not convex at t=%.6g: second difference %.3g", f.name, ts[i], d2)
					}
				}
			}
			tp := naive.CrossEntropy(c.p, lq) // H(p‖q)
			phi, _ := naive.TiltTo(c.p, lq, c.delta)
			tstar := naive.CrossEntropy(phi, lq)
			if !naive.Near(r.TStar, tstar, 1e-12, 1e-14) {
				t.Errorf("TStar = %.17g, H(φ_δ‖q) = %.17g", r.TStar, tstar)
			}
			pt, _ := r.At(tp)
			if pt.J0 > 1e-12 {
				t.Errorf("J₀(H(p‖q) = %.10g) = %.3g, want 0", tp, pt.J0)
			}
			pt, _ = r.At(tstar)
			if pt.JDelta > 1e-12 {
				t.Errorf("J_Δ(t* = %.10g) = %.3g, want 0", tstar, pt.JDelta)
			}
			// Positive away from the zero.
			for _, x := range []float64{tstar - 0.05, tstar + 0.05} {
				if x > r.Lo && x < r.Hi {
					pt, _ := r.At(x)
					if !(pt.JDelta > 0) {
						t.Errorf("J_Δ(%v) = %v, want > 0", x, pt.JDelta)
					}
				}
			}
		})
	}
}

// TestExponentialFamilyIdentity: J₀(t) − δ − J_Δ(t) = α(δ)·(t* − t) on a
// grid, each side computed separately (α and t* by bisection here), and
// Rates.Identity reports ≈ 0. Best-of-N's rate: j_bon = J₀ − δ for t ≤ t*
// (so j_bon − J_Δ = α(t* − t) > 0 left of t*) and +∞ right of t*.
func TestExponentialFamilyIdentity(t *testing.T) {
	for _, c := range rateCases {
		t.Run(c.name, func(t *testing.T) {
			r := newRates(t, c.p, c.q, c.delta)
			lq := naive.Logs(c.q)
			phi, alpha := naive.TiltTo(c.p, lq, c.delta)
			tstar := naive.CrossEntropy(phi, lq)
			if !naive.Near(r.Alpha, alpha, 1e-10, 1e-13) {
				t.Errorf("Alpha = %.17g, bisection %.17g", r.Alpha, alpha)
			}
			for _, x := range grid(r.Lo, r.Hi, 101) {
				pt, err := r.At(x)
				if err != nil {
					t.Fatal(err)
				}
				lhs := pt.J0 - c.delta - pt.JDelta
				rhs := alpha * (tstar - x)
				if !naive.Near(lhs, rhs, 1e-10, 1e-12) {
					t.Errorf("t=%.6g: J₀ − δ − J_Δ = %.15g, α(t* − t) = %.15g", x, lhs, rhs)
				}
				if id := r.Identity(pt); math.Abs(id) > 1e-11 {
					t.Errorf("t=%.6g: Identity = %.3g", x, id)
				}
				switch {
				case x > r.TStar:
					if !math.IsInf(pt.JBoN, 1) {
						t.Errorf("t=%.6g > t*: j_bon = %v, want +Inf (doubly exponential decay)", x, pt.JBoN)
					}
				default:
					if !naive.Near(pt.JBoN, math.Max(0, pt.J0-c.delta), 1e-12, 1e-14) {
						t.Errorf("t=%.6g ≤ t*: j_bon = %.15g, want J₀ − δ = %.15g", x, pt.JBoN, pt.J0-c.delta)
					}
					if c.delta > 0 && x < r.TStar-1e-6 && !(pt.JBoN > pt.JDelta) {
						t.Errorf("t=%.6g < t*: j_bon = %.15g not above J_Δ = %.15g", x, pt.JBoN, pt.JDelta)
					}
				}
			}
		})
	}
}

// binaryRates are the K = 2 closed forms. With q = (b, 1−b) every full-support
// distribution on two symbols is a tilt, so T_β(t) = (u, 1−u) with
// t = −u·log b − (1−u)·log(1−b), i.e. u = (t + log(1−b))/(log(1−b) − log b);
// J₀ = KL((u,1−u)‖p), J_Δ = KL((u,1−u)‖(f,1−f)) with f = φ_δ's first entry
// solving the binary KL(f‖p₁) = δ on the side of the larger q (bisection),
// and β = log(u·p₂/((1−u)·p₁)) / log(b/(1−b)).
func binaryRates(p1, b, delta, t float64) (j0, jd, beta float64) {
	u := (t + math.Log1p(-b)) / (math.Log1p(-b) - math.Log(b))
	bkl := func(x, y float64) float64 {
		s := 0.0
		if x > 0 {
			s += x * math.Log(x/y)
		}
		if x < 1 {
			s += (1 - x) * math.Log((1-x)/(1-y))
		}
		return s
	}
	lo, hi := p1, 1.0 // φ moves toward symbol 0 when b > 1/2
	if b < 0.5 {
		lo, hi = 0, p1
	}
	for i := 0; i < 200; i++ {
		mid := (lo + hi) / 2
		if (bkl(mid, p1) < delta) == (b > 0.5) {
			lo = mid
		} else {
			hi = mid
		}
	}
	f := (lo + hi) / 2
	beta = math.Log(u*(1-p1)/((1-u)*p1)) / math.Log(b/(1-b))
	return bkl(u, p1), bkl(u, f), beta
}

// TestBinaryClosedForms compares J₀, J_Δ and β(t) with the K = 2 closed
// forms to 1e-10 relative (the accuracy), across the interval.
func TestBinaryClosedForms(t *testing.T) {
	for _, c := range []struct{ p1, b, delta float64 }{
		{0.3, 0.8, 0.2}, {0.7, 0.1, 0.05}, {0.5, 0.6, 0.5}, {0.02, 0.97, 2.5},
	} {
		t.Run(fmt.Sprintf("p1=%g/b=%g/delta=%g", c.p1, c.b, c.delta), func(t *testing.T) {
			r := newRates(t, []float64{c.p1, 1 - c.p1}, []float64{c.b, 1 - c.b}, c.delta)
			for _, x := range grid(r.Lo, r.Hi, 61)[1:60] {
				pt, err := r.At(x)
				if err != nil {
					t.Fatal(err)
				}
				j0, jd, beta := binaryRates(c.p1, c.b, c.delta, x)
				if !naive.Near(pt.J0, j0, 1e-10, 1e-14) {
					t.Errorf("t=%.6g: J₀ = %.17g, closed form %.17g", x, pt.J0, j0)
				}
				if !naive.Near(pt.JDelta, jd, 1e-10, 1e-14) {
					t.Errorf("t=%.6g: J_Δ = %.17g, closed form %.17g", x, pt.JDelta, jd)
				}
				if !naive.Near(pt.Beta, beta, 1e-9, 1e-12) {
					t.Errorf("t=%.6g: β = %.17g, closed form %.17g", x, pt.Beta, beta)
				}
			}
		})
	}
}

// TestEndpoints: at the ends of the interval the limits are reported:
// J₀(−log max q) = −log P_p(argmax q), J_Δ = −log φ_δ(argmax q) (ties
// included), and the same with argmin at −log min q; j_bon is J₀ − δ at the
// left end and +∞ at the right end. Values approach the limits from inside.
func TestEndpoints(t *testing.T) {
	for _, c := range rateCases {
		t.Run(c.name, func(t *testing.T) {
			r := newRates(t, c.p, c.q, c.delta)
			lq := naive.Logs(c.q)
			phi, _ := naive.TiltTo(c.p, lq, c.delta)
			qmax, qmin := math.Inf(-1), math.Inf(1)
			for k := range c.p {
				if c.p[k] > 0 {
					qmax, qmin = math.Max(qmax, c.q[k]), math.Min(qmin, c.q[k])
				}
			}
			var pTop, pBot, fTop, fBot float64
			for k := range c.p {
				if c.p[k] > 0 && c.q[k] == qmax {
					pTop += c.p[k]
					fTop += phi[k]
				}
				if c.p[k] > 0 && c.q[k] == qmin {
					pBot += c.p[k]
					fBot += phi[k]
				}
			}
			if !naive.Near(r.Lo, -math.Log(qmax), 1e-15, 0) || !naive.Near(r.Hi, -math.Log(qmin), 1e-15, 0) {
				t.Errorf("interval [%v, %v], want [−log max q, −log min q] = [%v, %v]", r.Lo, r.Hi, -math.Log(qmax), -math.Log(qmin))
			}
			lo, err := r.At(r.Lo)
			if err != nil {
				t.Fatal(err)
			}
			hi, err := r.At(r.Hi)
			if err != nil {
				t.Fatal(err)
			}
			for _, chk := range []struct {
				name      string
				got, want float64
			}{
				{"J₀(lo)", lo.J0, -math.Log(pTop)},
				{"J_Δ(lo)", lo.JDelta, -math.Log(fTop)},
				{"J₀(hi)", hi.J0, -math.Log(pBot)},
				{"J_Δ(hi)", hi.JDelta, -math.Log(fBot)},
				{"j_bon(lo)", lo.JBoN, math.Max(0, -math.Log(pTop)-c.delta)},
			} {
				if !naive.Near(chk.got, chk.want, 1e-10, 1e-13) {
					t.Errorf("%s = %.17g, want %.17g", chk.name, chk.got, chk.want)
				}
			}
			if !math.IsInf(lo.Beta, 1) || !math.IsInf(hi.Beta, -1) {
				t.Errorf("β at the ends = %v, %v; want +Inf, −Inf", lo.Beta, hi.Beta)
			}
			if !math.IsInf(hi.JBoN, 1) {
				t.Errorf("j_bon(hi) = %v, want +Inf", hi.JBoN)
			}
			// Continuity from inside (J is continuous on the closed interval).
			in, _ := r.At(r.Lo + 1e-9*(r.Hi-r.Lo))
			if math.Abs(in.J0-lo.J0) > 1e-6 || math.Abs(in.JDelta-lo.JDelta) > 1e-6 {
				t.Errorf("just inside the left end: J₀ %v J_Δ %v vs limits %v %v", in.J0, in.JDelta, lo.J0, lo.JDelta)
			}
			in, _ = r.At(r.Hi - 1e-9*(r.Hi-r.Lo))
			if math.Abs(in.J0-hi.J0) > 1e-6 || math.Abs(in.JDelta-hi.JDelta) > 1e-6 {
				t.Errorf("just inside the right end: J₀ %v J_Δ %v vs limits %v %v", in.J0, in.JDelta, hi.J0, hi.JDelta)
			}
		})
	}
}

// TestOutsideInterval: rates outside [Lo, Hi] (and NaN) are errors naming
// the interval.
func TestOutsideInterval(t *testing.T) {
	r := newRates(t, ex1P, ex1Q, 0.1)
	for _, x := range []float64{r.Lo - 1e-9, r.Hi + 1e-9, math.NaN(), -1, 100} {
		_, err := r.At(x)
		var oe *ldp.OutsideError
		if !errors.As(err, &oe) {
			t.Errorf("At(%v): err = %v, want *OutsideError", x, err)
			continue
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("%.17g", r.Lo)) || !strings.Contains(err.Error(), fmt.Sprintf("%.17g", r.Hi)) {
			t.Errorf("message %q does not print the interval", err)
		}
	}
}

// TestNewErrors: δ at or beyond delta_max, and q constant on the support,
// are errors.
func TestNewErrors(t *testing.T) {
	if _, err := ldp.New(ex1P, naive.Logs(ex1Q), math.Log(5)); err == nil {
		t.Error("δ = delta_max = log 5 accepted")
	}
	if _, err := ldp.New(ex1P, naive.Logs(ex1Q), -0.1); err == nil {
		t.Error("δ < 0 accepted")
	}
	if _, err := ldp.New([]float64{0.5, 0.5, 0}, naive.Logs([]float64{0.4, 0.4, 0.2}), 0); err == nil {
		t.Error("q constant on the support accepted")
	}
}

// TestVaradhan: sup_t {−ρ·t − J_Δ(t)} = −ρ·H_{1+ρ}(φ_δ‖q) = log Σ φ_δ·q^ρ
// (Corollary 1 via Varadhan's lemma), the right side computed here from φ_δ
// by bisection, to 1e-9.
func TestVaradhan(t *testing.T) {
	for _, c := range rateCases {
		t.Run(c.name, func(t *testing.T) {
			r := newRates(t, c.p, c.q, c.delta)
			lq := naive.Logs(c.q)
			phi, _ := naive.TiltTo(c.p, lq, c.delta)
			for _, rho := range []float64{0.01, 0.1, 0.5, 1, 2, 5, 10} {
				got, err := r.VaradhanSup(rho)
				if err != nil {
					t.Fatal(err)
				}
				var terms []float64
				for k := range phi {
					if phi[k] > 0 {
						terms = append(terms, math.Log(phi[k])+rho*lq[k])
					}
				}
				want := naive.LogSumExp(terms)
				if !naive.Near(got, want, 1e-9, 1e-9) {
					t.Errorf("ρ=%g: sup = %.15g, −ρ·H_{1+ρ}(φ‖q) = %.15g", rho, got, want)
				}
			}
		})
	}
}
