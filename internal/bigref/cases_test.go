package bigref

import (
	"fmt"
	"math"
	"math/big"
	"sort"
)

// minVerifiedDigits is the agreement between the computations at two
// precisions (64 bits apart) that every stored output must reach.
const minVerifiedDigits = 40

// This file computes the outputs of a reference case. It is shared by the
// generator (TestGenerate) and by TestReferenceFiles, which recomputes the
// small cases of the committed files.

// Families, in the order the generator writes them.
var families = []string{"measures", "tilt", "bon", "compare", "cumulant"}

// checkPrec is the precision of the verifying recomputation.
const checkPrec = Prec + 64

// caseResult holds the big outputs of one case.
type caseResult struct {
	out  map[string]*big.Float
	vec  map[string][]*big.Float
	skip string
}

func param(cs *Case, name string) float64 {
	v, ok := cs.Params[name]
	if !ok {
		panic(fmt.Sprintf("case %s: missing parameter %q", cs.Name, name))
	}
	return v
}

// bonN returns N and log N for a bon or compare case (mode "n" or "log_n").
func bonN(c ctx, cs *Case) (n, logN *big.Float) {
	switch cs.Mode {
	case "n":
		return c.nFromFloat(param(cs, "n"))
	case "log_n":
		return c.nFromLog(param(cs, "log_n"))
	}
	panic(fmt.Sprintf("case %s: bad mode %q", cs.Name, cs.Mode))
}

// computeCase computes the outputs of cs (whose In is set) at precision c.
func computeCase(c ctx, family string, cs *Case) (*caseResult, error) {
	in := cs.In
	r := &caseResult{out: map[string]*big.Float{}, vec: map[string][]*big.Float{}}
	neg := func(x *big.Float) *big.Float { return c.f().Neg(x) }
	switch family {
	case "measures":
		switch cs.Mode {
		case "basic":
			r.out["entropy_p"] = c.crossEntropy(in.P, in.P)
			r.out["entropy_q"] = c.crossEntropy(in.Q, in.Q)
			r.out["kl_pq"] = c.kl(in.P, in.Q)
			r.out["kl_qp"] = c.kl(in.Q, in.P)
			r.out["cross_entropy_pq"] = c.crossEntropy(in.P, in.Q)
			r.out["cross_entropy_qp"] = c.crossEntropy(in.Q, in.P)
		case "renyi":
			r.out["renyi_pq"] = c.renyi(in.P, in.Q, param(cs, "t"))
		default:
			return nil, fmt.Errorf("case %s: bad mode %q", cs.Name, cs.Mode)
		}
	case "tilt":
		m := newModel(c, in.P, in.LogQ)
		var alpha *big.Float
		var err error
		switch cs.Mode {
		case "alpha":
			alpha = c.num(param(cs, "alpha"))
		case "delta":
			alpha, err = m.alphaForKL(c.num(param(cs, "delta")))
		case "rate":
			alpha, err = m.betaForRate(c.num(param(cs, "rate")))
		default:
			err = fmt.Errorf("bad mode %q", cs.Mode)
		}
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", cs.Name, err)
		}
		te := m.tilt(alpha)
		r.out["alpha"] = te.alpha
		r.out["delta"] = te.kl
		r.out["cross_entropy"] = neg(te.el)
		r.out["expected_reward"] = te.el
		r.out["log_z"] = te.logZ
		r.out["reward_var"] = te.vr
		r.out["delta_max"] = m.deltaMax()
		r.vec["phi"] = te.phi
	case "bon":
		m := newModel(c, in.P, in.LogQ)
		n, logN := bonN(c, cs)
		be := m.bestOfN(n, logN)
		r.out["n"] = be.n
		r.out["log_n"] = be.logN
		r.out["kl"] = be.kl
		r.out["kl_bound"] = be.klBound
		r.out["cross_entropy"] = neg(be.el)
		r.out["expected_reward"] = be.el
		r.vec["pi"] = be.pi
	case "compare":
		m := newModel(c, in.P, in.LogQ)
		n, logN := bonN(c, cs)
		cmp, err := m.compare(n, logN, Budget(cs.Budget))
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", cs.Name, err)
		}
		r.out["n"] = cmp.N
		r.out["log_n"] = cmp.LogN
		r.out["delta"] = cmp.Delta
		r.out["delta_max"] = cmp.DeltaMax
		r.out["kl_bon_p"] = cmp.KLBonP
		r.out["reward_bon"] = cmp.RewardBon
		r.vec["pi"] = cmp.Pi
		if cmp.Skipped {
			r.skip = cmp.SkipReason
			break
		}
		r.out["alpha"] = cmp.Alpha
		r.out["reward_phi"] = cmp.RewardPhi
		r.out["kl_bon_phi"] = cmp.KLBonPhi
		r.out["reward_gap"] = cmp.RewardGap
		r.out["lemma2_bound"] = cmp.Lemma2Bound
		r.vec["phi"] = cmp.Phi
	case "cumulant":
		m := newModel(c, in.P, in.LogQ)
		alpha, err := m.alphaForKL(c.num(param(cs, "delta")))
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", cs.Name, err)
		}
		te := m.tilt(alpha)
		sc := c.cumulant(te.phi, in.LogQ, c.num(param(cs, "rho")))
		r.out["alpha"] = alpha
		r.out["delta_max"] = m.deltaMax()
		r.out["scaled_cumulant"] = sc
		r.out["renyi_cross_entropy"] = neg(sc)
		r.out["expected_reward"] = te.el
	default:
		return nil, fmt.Errorf("unknown family %q", family)
	}
	return r, nil
}

// sampleIndices returns the entries stored for vectors of inputs with K > 20:
// 0, 1, K/2, K-1, the argmax and argmin of logq over the support of p and the
// argmax of p, sorted and without repeats.
func sampleIndices(in *Input) []int {
	set := map[int]bool{0: true, 1: true, in.K / 2: true, in.K - 1: true}
	imax, imin, ip := -1, -1, 0
	for i := range in.P {
		if in.P[i] > 0 {
			if imax < 0 || in.LogQ[i] > in.LogQ[imax] {
				imax = i
			}
			if imin < 0 || in.LogQ[i] < in.LogQ[imin] {
				imin = i
			}
		}
		if in.P[i] > in.P[ip] {
			ip = i
		}
	}
	set[imax], set[imin], set[ip] = true, true, true
	var idx []int
	for i := range set {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return idx
}

// fill writes the outputs of r into cs (Out, and Vec or Idx/Sampled).
func fill(cs *Case, r *caseResult) {
	cs.Skip = r.skip
	cs.Out = map[string]string{}
	for k, v := range r.out {
		cs.Out[k] = Format(v)
	}
	cs.Vec, cs.Idx, cs.Sampled = nil, nil, nil
	if len(r.vec) == 0 {
		return
	}
	if cs.In.K <= 20 {
		cs.Vec = map[string][]string{}
		for k, v := range r.vec {
			s := make([]string, len(v))
			for i, x := range v {
				s[i] = Format(x)
			}
			cs.Vec[k] = s
		}
		return
	}
	cs.Idx = sampleIndices(cs.In)
	cs.Sampled = map[string][]string{}
	for k, v := range r.vec {
		s := make([]string, len(cs.Idx))
		for j, i := range cs.Idx {
			s[j] = Format(v[i])
		}
		cs.Sampled[k] = s
	}
}

// agreement returns, for every output of r (vector entries named
// "name[i]"), the digits on which r and s agree.
func agreement(r, s *caseResult) map[string]float64 {
	d := map[string]float64{}
	for k, v := range r.out {
		d[k] = agreeDigits(v, s.out[k])
	}
	for k, v := range r.vec {
		for i := range v {
			d[fmt.Sprintf("%s[%d]", k, i)] = agreeDigits(v[i], s.vec[k][i])
		}
	}
	if r.skip != s.skip {
		d["skip"] = 0
	}
	return d
}

// resolved is a case computed to verified accuracy.
type resolved struct {
	r          *caseResult
	prec       uint                  // precision of r
	digits     float64               // smallest agreement over the resolved outputs
	unresolved map[string]*big.Float // outputs below minVerifiedDigits at maxPrec: bound on |value|
}

// computeResolved computes cs at precisions (p, p+64) for p = Prec, 2 Prec,
// … up to maxPrecFor(K) until every output agrees to minVerifiedDigits. Outputs
// that never do are reported in unresolved with max(|value|) over the last
// two runs, which is rounding noise well above the true magnitude.
func computeResolved(family string, cs *Case) (*resolved, error) {
	for prec := uint(Prec); ; prec *= 2 {
		r1, err := computeCase(ctx{prec: prec}, family, cs)
		if err != nil {
			return nil, err
		}
		r2, err := computeCase(ctx{prec: prec + 64}, family, cs)
		if err != nil {
			return nil, err
		}
		ag := agreement(r1, r2)
		res := &resolved{r: r1, prec: prec, digits: 99}
		bad := false
		for _, d := range ag {
			if d < minVerifiedDigits {
				bad = true
				continue
			}
			res.digits = math.Min(res.digits, d)
		}
		if !bad {
			return res, nil
		}
		if 2*prec <= maxPrecFor(cs.In.K) {
			continue
		}
		res.unresolved = map[string]*big.Float{}
		for k, d := range ag {
			if d >= minVerifiedDigits {
				continue
			}
			v1, ok1 := r1.out[k]
			v2, ok2 := r2.out[k]
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("case %s: %s agrees to only %.1f digits at %d bits", cs.Name, k, d, prec)
			}
			a1, a2 := new(big.Float).Abs(v1), new(big.Float).Abs(v2)
			if a1.Cmp(a2) < 0 {
				a1 = a2
			}
			res.unresolved[k] = a1
			delete(r1.out, k)
		}
		return res, nil
	}
}
