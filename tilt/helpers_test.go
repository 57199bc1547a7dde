package tilt

import (
	"github.com/tiltkit/tiltkit/internal/xmath"
	"math"
	"math/big"
	"testing"
)

// Independent reference evaluations used by the tests of this package.
// They follow the definitions directly (log-sum-exp and plain sums); they
// share no code with Family.

// Example 1 of the paper.
var (
	ex1P = []float64{0.2, 0.3, 0.5}
	ex1Q = []float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

func mustFamily(t testing.TB, p, logq []float64) *Family {
	t.Helper()
	f, err := NewFamily(p, logq)
	if err != nil {
		t.Fatalf("NewFamily(%v, %v): %v", p, logq, err)
	}
	return f
}

// refTilt returns T(q,p,α) ∝ p·q^α (Lemma 1) and log(T/p) per symbol, from
// the definition with a max shift: a_i = log p_i + α(r_i − r*) with r* the
// max (α ≥ 0) or min (α < 0) reward on the support.
func refTilt(p, logq []float64, alpha float64) (phi, logRatio []float64) {
	ref := math.Inf(-1)
	if alpha < 0 {
		ref = math.Inf(1)
	}
	for i, pi := range p {
		if pi > 0 && (alpha >= 0 && logq[i] > ref || alpha < 0 && logq[i] < ref) {
			ref = logq[i]
		}
	}
	a := make([]float64, len(p))
	m := math.Inf(-1)
	for i, pi := range p {
		a[i] = math.Inf(-1)
		if pi > 0 {
			a[i] = math.Log(pi) + alpha*(logq[i]-ref)
			m = math.Max(m, a[i])
		}
	}
	s := 0.0
	for _, ai := range a {
		s += math.Exp(ai - m)
	}
	logZ := m + math.Log(s) // log Σ p e^{α(r − r*)}
	phi = make([]float64, len(p))
	logRatio = make([]float64, len(p))
	for i, pi := range p {
		if pi > 0 {
			phi[i] = math.Exp(a[i] - logZ)
			logRatio[i] = alpha*(logq[i]-ref) - logZ
		}
	}
	return phi, logRatio
}

// refKL returns KL(T_α‖p) = Σ φ·log(φ/p) (Eq. 1) with log(φ/p) from refTilt.
// Its absolute error is ~1e-16·(1 + α·spread of log q).
func refKL(p, logq []float64, alpha float64) float64 {
	phi, lr := refTilt(p, logq, alpha)
	s := 0.0
	for i := range phi {
		if phi[i] > 0 {
			s += phi[i] * lr[i]
		}
	}
	return s
}

// refCross returns H(T_α‖q) = −Σ φ log q.
func refCross(p, logq []float64, alpha float64) float64 {
	phi, _ := refTilt(p, logq, alpha)
	s := 0.0
	for i := range phi {
		if phi[i] > 0 {
			s -= phi[i] * logq[i]
		}
	}
	return s
}

// refDistTop returns E_T[r_max − r] (the distance of H(T‖q) to −log max q),
// accurate to relative rounding even when tiny.
func refDistTop(p, logq []float64, alpha float64, top bool) float64 {
	phi, _ := refTilt(p, logq, alpha)
	end := math.Inf(-1)
	if !top {
		end = math.Inf(1)
	}
	for i := range p {
		if p[i] > 0 && (top && logq[i] > end || !top && logq[i] < end) {
			end = logq[i]
		}
	}
	s := 0.0
	for i := range phi {
		s += phi[i] * math.Abs(end-logq[i])
	}
	return s
}

// refGap returns delta_max − KL(T_α‖p) for α ≥ 0 without cancellation.
// Derivation: with S the argmax set, P_S = p(S), u_j = p_j e^{α(r_j − r_max)}
// and R = Σ_{j∉S} u_j, φ_j = u_j/(P_S + R) and log(φ_j/p_j) =
// α(r_j − r_max) − log(P_S + R), so KL = −α E_φ[r_max − r] − log(P_S + R) and
//
//	delta_max − KL = log1p(R/P_S) + α·Σ_{j∉S} φ_j (r_max − r_j).
func refGap(p, logq []float64, alpha float64) float64 {
	rmax := math.Inf(-1)
	for i := range p {
		if p[i] > 0 {
			rmax = math.Max(rmax, logq[i])
		}
	}
	var ps, r, e float64
	for i := range p {
		if p[i] == 0 {
			continue
		}
		if logq[i] == rmax {
			ps += p[i]
			continue
		}
		u := p[i] * math.Exp(alpha*(logq[i]-rmax))
		r += u
		e += u * (rmax - logq[i])
	}
	return math.Log1p(r/ps) + alpha*e/(ps+r)
}

// moments returns the mean and the 2nd, 3rd and 4th cumulants of log q under p.
func moments(p, logq []float64) (mu, k2, k3, k4 float64) {
	for i := range p {
		mu += p[i] * logq[i]
	}
	var m4 float64
	for i := range p {
		d := logq[i] - mu
		k2 += p[i] * d * d
		k3 += p[i] * d * d * d
		m4 += p[i] * d * d * d * d
	}
	return mu, k2, k3, m4 - 3*k2*k2
}

// refDeltaMaxLo returns −log(P_S/Σp) − dmax to ~1e-30, from exact big.Float
// sums of the float64 entries and a 128-bit logarithm (xmath.BigLog, tested
// against published digits of ln 2, ln 3 and ln 10).
func refDeltaMaxLo(p, logq []float64, dmax float64) float64 {
	rmax := math.Inf(-1)
	for i := range p {
		if p[i] > 0 {
			rmax = math.Max(rmax, logq[i])
		}
	}
	const prec = 4096 // exact sums of float64s of any exponents in range
	ps, tot := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	for i := range p {
		x := new(big.Float).SetPrec(prec).SetFloat64(p[i])
		tot.Add(tot, x)
		if p[i] > 0 && logq[i] == rmax {
			ps.Add(ps, x)
		}
	}
	d := xmath.BigLog(new(big.Float).SetPrec(256).Quo(ps, tot), 128)
	d.Neg(d)
	lo, _ := d.Sub(d, new(big.Float).SetFloat64(dmax)).Float64()
	return lo
}
