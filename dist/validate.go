package dist

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// SumTolerance is how far from 1 a distribution's sum may be without
// normalisation being requested (SPEC: within 1e-9).
const SumTolerance = 1e-9

// Options says how Validate checks a vector.
type Options struct {
	// Positive requires every entry > 0 (the alignment distribution q);
	// otherwise entries must be ≥ 0 (the reference model p).
	Positive bool
	// Normalize divides by the sum instead of rejecting a sum away from 1.
	Normalize bool
}

// ErrSum reports a sum too far from 1.
var ErrSum = errors.New("entries do not sum to 1")

// Validate checks that v is a probability vector (K ≥ 2, finite entries,
// non-negative or positive per opt, sum within SumTolerance of 1 unless
// opt.Normalize) and returns it normalised to sum exactly 1 (exactly, in
// rational arithmetic, when v.Exact is set).
func Validate(v Vector, opt Options) (Vector, error) {
	k := len(v.Values)
	if k < 2 {
		return Vector{}, fmt.Errorf("need at least K = 2 entries, got %d", k)
	}
	for i, x := range v.Values {
		text := fmt.Sprint(x)
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return Vector{}, &EntryError{Index: i, Text: text, Msg: "not finite"}
		case x < 0:
			return Vector{}, &EntryError{Index: i, Text: text, Msg: "negative; probabilities must be ≥ 0"}
		case opt.Positive && x == 0 && (v.Log == nil || math.IsInf(v.Log[i], -1)):
			return Vector{}, &EntryError{Index: i, Text: text, Msg: "zero; every entry of q must be > 0 (the reward log q must be finite)"}
		}
	}
	sum := xmath.Sum(v.Values)
	if sum == 0 {
		return Vector{}, errors.New("all entries are zero")
	}
	if math.Abs(sum-1) > SumTolerance && !opt.Normalize {
		return Vector{}, fmt.Errorf("%w: the sum is %v (off by %.3g, tolerance %g); pass --normalize to rescale", ErrSum, sum, sum-1, SumTolerance)
	}
	out := Vector{Values: make([]float64, k)}
	if v.Exact != nil {
		var rs big.Rat
		for _, r := range v.Exact {
			rs.Add(&rs, r)
		}
		out.Exact = make([]*big.Rat, k)
		for i, r := range v.Exact {
			out.Exact[i] = new(big.Rat).Quo(r, &rs)
			out.Values[i], _ = out.Exact[i].Float64()
		}
	} else {
		for i, x := range v.Values {
			out.Values[i] = x / sum
		}
	}
	if v.Log != nil {
		out.Log = make([]float64, k)
		ls := math.Log(sum)
		for i, l := range v.Log {
			out.Log[i] = l - ls
		}
	}
	return out, nil
}

// LogValues returns log of each entry: v.Log when present, else math.Log of
// v.Values (−Inf for zeros).
func (v Vector) LogValues() []float64 {
	if v.Log != nil {
		return append([]float64(nil), v.Log...)
	}
	out := make([]float64, len(v.Values))
	for i, x := range v.Values {
		out[i] = math.Log(x)
	}
	return out
}

// Softmax returns q = softmax(r) for finite rewards r, as a Vector whose Log
// holds log q = r − log Σ exp(r) exactly (so q may underflow while log q
// stays finite). Errors name a non-finite entry.
func Softmax(r []float64) (Vector, error) {
	if len(r) < 2 {
		return Vector{}, fmt.Errorf("need at least K = 2 rewards, got %d", len(r))
	}
	for i, x := range r {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Vector{}, &EntryError{Index: i, Text: fmt.Sprint(x), Msg: "reward not finite"}
		}
	}
	lse := xmath.LogSumExp(r)
	v := Vector{Values: make([]float64, len(r)), Log: make([]float64, len(r))}
	for i, x := range r {
		v.Log[i] = x - lse
		if math.IsInf(v.Log[i], 0) || math.IsInf(lse, 0) {
			return Vector{}, &EntryError{Index: i, Text: fmt.Sprint(x), Msg: "reward too far from the others: log q = r − log Σ exp(r) overflows float64"}
		}
		v.Values[i] = math.Exp(v.Log[i])
	}
	return v, nil
}
