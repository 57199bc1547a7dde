package bigref

import (
	"errors"
	"math"
	"math/big"
	"testing"
)

// smallInputs returns the reference inputs with K ≤ 100 by name.
func smallInputs() map[string]*Input {
	m := map[string]*Input{}
	for _, in := range referenceInputs() {
		if in.K <= 100 {
			m[in.Name] = in
		}
	}
	return m
}

// TestTiltK2ClosedForm compares K = 2 with the logistic closed form
// φ_1 = 1/(1 + (p_2/p_1) e^{α(l_2 - l_1)}) and
// KL = φ_1 log(φ_1/p̂_1) + φ_2 log(φ_2/p̂_2).
func TestTiltK2ClosedForm(t *testing.T) {
	in := smallInputs()["dir_k2"]
	p1, p2 := NewFloat(in.P[0]), NewFloat(in.P[1])
	s := new(big.Float).Add(p1, p2)
	for _, a := range []float64{-3, 0.1, 1, 7, 200} {
		x := new(big.Float).Sub(NewFloat(in.LogQ[1]), NewFloat(in.LogQ[0]))
		x.Mul(x, NewFloat(a))
		e := Exp(x)
		e.Mul(e, new(big.Float).Quo(p2, p1))
		phi1 := new(big.Float).Quo(NewFloat(1), e.Add(e, NewFloat(1)))
		phi2 := new(big.Float).Sub(NewFloat(1), phi1)
		kl := func(f, p *big.Float) *big.Float {
			r := Log(new(big.Float).Quo(f, new(big.Float).Quo(p, s)))
			return r.Mul(r, f)
		}
		wantKL := new(big.Float).Add(kl(phi1, p1), kl(phi2, p2))
		tr := Tilt(in.P, in.LogQ, a)
		checkRel(t, "phi_1", tr.Phi[0], phi1, 1e-55)
		checkRel(t, "phi_2", tr.Phi[1], phi2, 1e-55)
		checkRel(t, "KL", tr.KL, wantKL, 1e-50)
		ce := new(big.Float).Mul(phi1, NewFloat(in.LogQ[0]))
		ce.Add(ce, new(big.Float).Mul(phi2, NewFloat(in.LogQ[1])))
		checkRel(t, "H(phi‖q)", tr.CrossEntropy, ce.Neg(ce), 1e-55)
	}
}

// TestTiltDirect checks the centred formulas of tilt against direct sums
// Σ φ log(φ/p̂), -Σ φ logq and log Σ p̂ e^{α logq}.
func TestTiltDirect(t *testing.T) {
	for name, in := range smallInputs() {
		s := NewFloat(0)
		for _, v := range in.P {
			s.Add(s, NewFloat(v))
		}
		for _, a := range []float64{-2, 1e-3, 0.3, 4, 50} {
			tr := Tilt(in.P, in.LogQ, a)
			kl, ce, z, sum := NewFloat(0), NewFloat(0), NewFloat(0), NewFloat(0)
			for i, f := range tr.Phi {
				if in.P[i] == 0 {
					if f.Sign() != 0 {
						t.Errorf("%s: phi[%d] != 0 off the support", name, i)
					}
					continue
				}
				ph := new(big.Float).Quo(NewFloat(in.P[i]), s)
				r := Log(new(big.Float).Quo(f, ph))
				kl.Add(kl, r.Mul(r, f))
				ce.Sub(ce, new(big.Float).Mul(f, NewFloat(in.LogQ[i])))
				e := Exp(new(big.Float).Mul(NewFloat(a), NewFloat(in.LogQ[i])))
				z.Add(z, e.Mul(e, ph))
				sum.Add(sum, f)
			}
			checkAbsRel(t, name+" KL direct", tr.KL, kl, 1e-50)
			checkAbsRel(t, name+" H direct", tr.CrossEntropy, ce, 1e-55)
			checkAbsRel(t, name+" logZ direct", tr.LogZ, Log(z), 1e-55)
			checkRel(t, name+" sum phi", sum, NewFloat(1), 1e-55)
		}
	}
}

// TestTiltLemma9 checks T(q, T(q, p, α), β) = T(q, p, α + β).
func TestTiltLemma9(t *testing.T) {
	for name, in := range smallInputs() {
		for _, ab := range [][2]float64{{0.5, 1.5}, {3, -1}, {-2, 0.25}} {
			m := newModel(def, in.P, in.LogQ)
			phi := m.tilt(NewFloat(ab[0])).phi
			twice := newModelBig(def, phi, in.LogQ).tilt(NewFloat(ab[1])).phi
			once := m.tilt(NewFloat(ab[0] + ab[1])).phi
			for i := range once {
				if once[i].Sign() == 0 && twice[i].Sign() == 0 {
					continue
				}
				checkRel(t, name+" Lemma 9", twice[i], once[i], 1e-54)
			}
		}
	}
}

func TestTiltAlphaZero(t *testing.T) {
	in := smallInputs()["pzeros"]
	tr := Tilt(in.P, in.LogQ, 0)
	if tr.KL.Sign() != 0 || tr.LogZ.Sign() != 0 {
		t.Errorf("alpha = 0: KL = %s, logZ = %s, want exact zeros", tr.KL.Text('g', 5), tr.LogZ.Text('g', 5))
	}
	for i, f := range tr.Phi {
		if want := new(big.Float).Quo(NewFloat(in.P[i]), NewFloat(1)); f.Cmp(want) != 0 {
			t.Errorf("phi[%d] = %s, want p̂ = %v", i, f.Text('g', 20), in.P[i])
		}
	}
}

// TestTiltDerivatives checks dKL/dα = α Var_φ and dH/dα = -Var_φ by central
// differences with h = 1e-15 (truncation ~h² ≈ 1e-30).
func TestTiltDerivatives(t *testing.T) {
	in := smallInputs()["dir_k10"]
	for _, a := range []float64{0.2, 3, -1} {
		h := NewFloat(1e-15)
		ab := NewFloat(a)
		m := newModel(def, in.P, in.LogQ)
		up := m.tilt(new(big.Float).Add(ab, h))
		dn := m.tilt(new(big.Float).Sub(ab, h))
		mid := m.tilt(ab)
		dkl := new(big.Float).Sub(up.kl, dn.kl)
		dkl.Quo(dkl, new(big.Float).Add(h, h))
		checkRel(t, "dKL/dalpha", dkl, new(big.Float).Mul(ab, mid.vr), 1e-25)
		del := new(big.Float).Sub(up.el, dn.el)
		del.Quo(del, new(big.Float).Add(h, h))
		checkRel(t, "dE[logq]/dalpha", del, mid.vr, 1e-25)
	}
}

func TestDeltaMax(t *testing.T) {
	ins := smallInputs()
	sum := func(p []float64) *big.Float {
		s := NewFloat(0)
		for _, v := range p {
			s.Add(s, NewFloat(v))
		}
		return s
	}
	negLog := func(num *big.Float, p []float64) *big.Float {
		l := Log(new(big.Float).Quo(num, sum(p)))
		return l.Neg(l)
	}
	// ties4: the top of q is tied between p = 0.1 and 0.2.
	checkRel(t, "ties4", DeltaMax(ins["ties4"].P, ins["ties4"].LogQ), negLog(sum([]float64{0.1, 0.2}), ins["ties4"].P), 1e-55)
	// pzeros: the global argmax of q has p = 0; the support argmax is index 3.
	checkRel(t, "pzeros", DeltaMax(ins["pzeros"].P, ins["pzeros"].LogQ), Ln2(), 1e-57)
	checkRel(t, "tinyq", DeltaMax(ins["tinyq"].P, ins["tinyq"].LogQ), negLog(NewFloat(0.1), ins["tinyq"].P), 1e-55)
	checkRel(t, "raretop", DeltaMax(ins["raretop"].P, ins["raretop"].LogQ), negLog(NewFloat(1e-12), ins["raretop"].P), 1e-55)
}

func TestAlphaForKL(t *testing.T) {
	for name, in := range smallInputs() {
		dm, _ := DeltaMax(in.P, in.LogQ).Float64()
		for _, d := range []float64{1e-10, 1e-3, 0.5 * dm, 0.9 * dm, dm * (1 - 1e-9)} {
			a, err := AlphaForKL(in.P, in.LogQ, d)
			if err != nil {
				t.Fatalf("%s delta=%v: %v", name, d, err)
			}
			checkRel(t, name+" KL(T_alpha)", TiltBig(in.P, in.LogQ, a).KL, NewFloat(d), 1e-45)
			hi, err := newModel(ctx{prec: 264}, in.P, in.LogQ).alphaForKL(NewFloat(d))
			if err != nil {
				t.Fatal(err)
			}
			checkRel(t, name+" alpha at 200 vs 264 bits", a, hi, 1e-45)
		}
		if a, err := AlphaForKL(in.P, in.LogQ, 0); err != nil || a.Sign() != 0 {
			t.Errorf("%s: AlphaForKL(0) = %v, %v", name, a, err)
		}
		for _, d := range []float64{-1, dm * (1 + 1e-12)} {
			if _, err := AlphaForKL(in.P, in.LogQ, d); !errors.Is(err, ErrDomain) {
				t.Errorf("%s: AlphaForKL(%v) error %v, want ErrDomain", name, d, err)
			}
		}
	}
}

// TestBetaForRateK2ClosedForm: for K = 2, H(T_β‖q) = t fixes
// φ_1 = (-t - l_2)/(l_1 - l_2) and β = (logit φ_1 - log(p_1/p_2))/(l_1 - l_2).
func TestBetaForRateK2ClosedForm(t *testing.T) {
	in := smallInputs()["dir_k2"]
	l1, l2 := NewFloat(in.LogQ[0]), NewFloat(in.LogQ[1])
	lo, hi := -max(in.LogQ[0], in.LogQ[1]), -min(in.LogQ[0], in.LogQ[1])
	for _, u := range []float64{1e-6, 0.1, 0.5, 0.9, 1 - 1e-6} {
		tt := lo + u*(hi-lo)
		d := new(big.Float).Sub(l1, l2)
		a := new(big.Float).Neg(NewFloat(tt))
		a.Sub(a, l2)
		a.Quo(a, d)
		logit := Log(new(big.Float).Quo(a, new(big.Float).Sub(NewFloat(1), a)))
		want := logit.Sub(logit, Log(new(big.Float).Quo(NewFloat(in.P[0]), NewFloat(in.P[1]))))
		want.Quo(want, d)
		got, err := BetaForRate(in.P, in.LogQ, tt)
		if err != nil {
			t.Fatal(err)
		}
		checkAbsRel(t, "beta K=2", got, want, 1e-45)
	}
}

func TestBetaForRate(t *testing.T) {
	for name, in := range smallInputs() {
		m := newModel(def, in.P, in.LogQ)
		lo, hi := -m.lmax, -m.lmin
		h0, _ := CrossEntropyTilt(in.P, in.LogQ, 0).Float64()
		for _, u := range []float64{1e-6, 0.3, 0.5, 0.7, 1 - 1e-6} {
			tt := lo + u*(hi-lo)
			b, err := BetaForRate(in.P, in.LogQ, tt)
			if err != nil {
				t.Fatalf("%s t=%v: %v", name, tt, err)
			}
			checkRel(t, name+" H(T_beta‖q)", TiltBig(in.P, in.LogQ, b).CrossEntropy, NewFloat(tt), 1e-50)
			if (tt < h0) != (b.Sign() > 0) && math.Abs(tt-h0) > 1e-12 {
				t.Errorf("%s t=%v: beta = %s has the wrong sign (H(p̂‖q) = %v)", name, tt, b.Text('g', 5), h0)
			}
		}
		for _, tt := range []float64{lo, hi, hi + 1} {
			if _, err := BetaForRate(in.P, in.LogQ, tt); !errors.Is(err, ErrDomain) {
				t.Errorf("%s: BetaForRate(%v) error %v, want ErrDomain", name, tt, err)
			}
		}
	}
}
