package dist

import (
	"fmt"
	"math"
	"math/big"
	"os"
	"testing"

	"github.com/tiltkit/tiltkit/internal/bigref"
	"github.com/tiltkit/tiltkit/tilt"
)

// TestReferenceMeasures checks every case of testdata/reference/measures.json
// (math/big at 200 bits; see internal/bigref): entropies, KL both ways,
// cross-entropies both ways, and the Rényi cross-entropy H_t(p‖q).
func TestReferenceMeasures(t *testing.T) {
	f := loadRef(t, "measures.json")
	for i := range f.Cases {
		cs := &f.Cases[i]
		t.Run(cs.Name, func(t *testing.T) {
			p, q := cs.In.P, cs.In.Q
			got := map[string]float64{}
			switch cs.Mode {
			case "basic":
				got["entropy_p"] = Entropy(p)
				got["entropy_q"] = Entropy(q)
				got["kl_pq"] = KL(p, q)
				got["kl_qp"] = KL(q, p)
				got["cross_entropy_pq"] = CrossEntropy(p, logs(q))
				got["cross_entropy_qp"] = CrossEntropy(q, logs(p))
			case "renyi":
				// The reference evaluates 1/(1−t)·log Σ p q^{t−1} for p as
				// given; RenyiCrossEntropy treats p as a distribution (its
				// centred form assumes Σp = 1), i.e. computes H_t(p̂‖q) with
				// p̂ = p/Σp. The two differ by log(Σp)/(1−t): 1e-6 at
				// t = 1 ± 1e-6 for raretop, whose p sums to 1 + 1e-12 —
				// the literal formula is not even continuous at t = 1 then.
				tt := refParam(t, cs, "t")
				got["renyi_pq"] = RenyiCrossEntropy(p, logs(q), tt)
				if tt != 1 {
					got["renyi_pq"] += logSum(p) / (1 - tt)
				}
			default:
				t.Fatalf("unknown mode %q", cs.Mode)
			}
			for name, want := range cs.Out {
				g, ok := got[name]
				if !ok {
					t.Errorf("output %q not checked", name)
					continue
				}
				refCheck(t, name, g, want)
			}
		})
	}
}

// TestReferenceCumulant checks every case of testdata/reference/cumulant.json:
// Lemma 3's scaled cumulant (1/ρ) log E_φ[q^ρ] and −H_{1+ρ}(φ‖q) for
// φ = φ_Δ (α(Δ) solved by package tilt).
func TestReferenceCumulant(t *testing.T) {
	f := loadRef(t, "cumulant.json")
	for i := range f.Cases {
		cs := &f.Cases[i]
		t.Run(cs.Name, func(t *testing.T) {
			fam, err := tilt.NewFamily(cs.In.P, cs.In.LogQ)
			if err != nil {
				t.Fatal(err)
			}
			alpha, err := fam.AlphaForKL(refParam(t, cs, "delta"))
			if cs.Skip != "" {
				if err == nil {
					t.Errorf("skip %q: α = %v, want an error", cs.Skip, alpha)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rho := refParam(t, cs, "rho")
			phi := fam.Tilt(alpha)
			got := map[string]float64{
				"alpha": alpha, "delta_max": fam.DeltaMax(),
				"scaled_cumulant":     ScaledCumulant(phi, cs.In.LogQ, rho),
				"renyi_cross_entropy": RenyiCrossEntropy(phi, cs.In.LogQ, 1+rho),
				"expected_reward":     fam.At(alpha).ExpectedReward,
			}
			for name, want := range cs.Out {
				g, ok := got[name]
				if !ok {
					t.Errorf("output %q not checked", name)
					continue
				}
				refCheck(t, name, g, want)
			}
		})
	}
}

// refTolRel and refTolAbs are the accuracy contract against the
// high-precision references: relative error ≤ 1e-10, or absolute ≤ 1e-12 for
// values below 1e-2 in magnitude.
const (
	refTolRel = 1e-10
	refTolAbs = 1e-12
)

// refCheck compares got with the stored decimal want ("+Inf", "-Inf", "0"
// allowed) under the contract above and reports a failure naming the field.
func refCheck(t *testing.T, field string, got float64, want string) {
	t.Helper()
	refCheckSlack(t, field, got, want, 0)
}

// refCheckSlack is refCheck with an extra absolute allowance for an error
// that the conditioning of the quantity makes unavoidable in float64 (each
// caller derives it and says why).
func refCheckSlack(t *testing.T, field string, got float64, want string, slack float64) {
	t.Helper()
	w := bigref.Parse(want)
	switch {
	case math.IsInf(w, 0):
		if got != w {
			t.Errorf("%s = %v, want %s", field, got, want)
		}
		return
	case math.IsNaN(got) || math.IsInf(got, 0):
		t.Errorf("%s = %v, want %s", field, got, want)
		return
	}
	d := math.Abs(got - w)
	if d <= refTolRel*math.Abs(w) || (math.Abs(w) < 1e-2 && d <= refTolAbs) || d <= slack {
		return
	}
	t.Errorf("%s = %.17g, want %s (rel err %.3g, allowance %.3g)", field, got, want, d/math.Abs(w), slack)
}

// refVec compares a whole vector (Vec) or the sampled entries (Idx/Sampled).
func refVec(t *testing.T, cs *bigref.Case, name string, got []float64) {
	t.Helper()
	refVecSlack(t, cs, name, got, func(int) float64 { return 0 })
}

// refVecSlack is refVec with an absolute allowance per entry.
func refVecSlack(t *testing.T, cs *bigref.Case, name string, got []float64, slack func(i int) float64) {
	t.Helper()
	if v, ok := cs.Vec[name]; ok {
		if len(v) != len(got) {
			t.Errorf("%s has %d entries, want %d", name, len(got), len(v))
			return
		}
		for i := range v {
			refCheckSlack(t, fmt.Sprintf("%s[%d]", name, i), got[i], v[i], slack(i))
		}
	}
	if v, ok := cs.Sampled[name]; ok {
		for j, i := range cs.Idx {
			refCheckSlack(t, fmt.Sprintf("%s[%d]", name, i), got[i], v[j], slack(i))
		}
	}
}

// logSum returns log Σp for the float64 entries of p, with Σp − 1 formed
// exactly: the references normalise p exactly (p̂ = p/Σp).
func logSum(p []float64) float64 {
	s := new(big.Float).SetPrec(4096)
	for _, x := range p {
		s.Add(s, new(big.Float).SetFloat64(x))
	}
	d, _ := s.Sub(s, big.NewFloat(1)).Float64()
	return math.Log1p(d)
}

// loadRef loads a reference family file, skipping the test when the file has
// not been generated (go test ./internal/bigref -run TestGenerate -update).
func loadRef(t *testing.T, name string) *bigref.File {
	t.Helper()
	path := bigref.Path(name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference file %s is missing (generated by internal/bigref with -update)", path)
	}
	f, err := bigref.Load(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	if len(f.Cases) == 0 {
		t.Fatalf("%s has no cases", path)
	}
	return f
}

func refParam(t *testing.T, cs *bigref.Case, name string) float64 {
	t.Helper()
	v, ok := cs.Params[name]
	if !ok {
		t.Fatalf("case %s: no parameter %q", cs.Name, name)
	}
	return v
}
