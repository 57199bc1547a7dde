package bigref

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Digits is the number of significant decimal digits of every output stored
// in the reference files.
const Digits = 25

// InputsFile is the name of the file, beside the family files, that holds the
// input vectors referred to by Case.Input.
const InputsFile = "inputs.json"

// File is one reference file: the cases of one family of quantities
// (measures.json, tilt.json, bon.json, compare.json, cumulant.json).
type File struct {
	Family      string `json:"family"`
	Description string `json:"description"`
	PrecBits    int    `json:"prec_bits"`  // working precision of the stored values (200)
	CheckBits   int    `json:"check_bits"` // precision of the verifying recomputation (264)
	Digits      int    `json:"digits"`     // significant digits of each stored output (25)
	// VerifiedDigits is the smallest number of significant digits on which the
	// Prec-bit and CheckBits-bit computations of any output of the file agree.
	VerifiedDigits float64 `json:"verified_digits"`
	Generator      string  `json:"generator"`
	Cases          []Case  `json:"cases"`
}

// Case is one reference case. All inputs are float64 values that round-trip
// exactly; all outputs are decimal strings with Digits significant digits
// (use Parse or ParseBig), "0" for an exact zero, "+Inf" for an infinity.
type Case struct {
	Name  string `json:"name"`
	Input string `json:"input"` // name of an Input in inputs.json
	Mode  string `json:"mode"`  // which parameter drives the case; see the package doc
	// Params are the float64 parameters (alpha, delta, rate, n, log_n, t, rho),
	// written with strconv.FormatFloat(x, 'g', -1, 64).
	Params map[string]float64 `json:"params,omitempty"`
	Budget string             `json:"budget,omitempty"` // compare: exact | bound | logn
	Note   string             `json:"note,omitempty"`   // how the parameters were derived
	Skip   string             `json:"skip,omitempty"`   // non-empty: the quantity does not exist
	// PrecBits is the precision of the stored outputs when it is not the
	// file's prec_bits (cases escalated because 200 bits did not resolve them).
	PrecBits int               `json:"prec_bits,omitempty"`
	Out      map[string]string `json:"out"`
	// Unresolved lists outputs that could not be resolved even at the widest
	// precision tried (3200 bits for K ≤ 1000, 800 above): tiny second-order
	// quantities of compare with the exact budget and huge N. They are absent
	// from Out; the value is the largest magnitude seen in the last two
	// computations (rounding noise), an upper bound on |value|.
	Unresolved map[string]string `json:"unresolved,omitempty"`
	// Vec holds full output vectors (phi, pi) when K ≤ 20.
	Vec map[string][]string `json:"vec,omitempty"`
	// Idx and Sampled hold selected entries of the output vectors when K > 20:
	// Sampled[name][j] is entry Idx[j] of vector name.
	Idx     []int               `json:"idx,omitempty"`
	Sampled map[string][]string `json:"sampled,omitempty"`

	// In is the resolved input (set by Load).
	In *Input `json:"-"`
}

// Input is one named input: a reference model p, an alignment distribution q
// and the reward logq, all float64 and stored exactly. logq[i] is
// math.Log(q[i]) as computed when the file was generated, and it is logq, not
// q, that the tilt, bon, compare and cumulant families use.
type Input struct {
	Name string `json:"name"`
	Note string `json:"note,omitempty"`
	K    int    `json:"k"`
	// Gen says how p and q were generated (nil for hand-written inputs).
	Gen *Gen `json:"gen,omitempty"`
	// SHA256 holds Checksum of "p", "q" and "logq".
	SHA256 map[string]string `json:"sha256"`
	P      []float64         `json:"p"`
	Q      []float64         `json:"q"`
	LogQ   []float64         `json:"logq"`
}

// Gen describes generated inputs: P = GenDirichlet1(K, SeedP) (unless
// PKind is not "dirichlet1"), Q = GenDirichlet1(K, SeedQ), LogQ[i] =
// math.Log(Q[i]).
type Gen struct {
	PKind string `json:"p_kind,omitempty"` // "dirichlet1" or "" (p written by hand)
	SeedP uint64 `json:"seed_p,omitempty"`
	QKind string `json:"q_kind,omitempty"` // "dirichlet1" or "" (q written by hand)
	SeedQ uint64 `json:"seed_q,omitempty"`
}

// num is a float64 written with strconv.FormatFloat(x, 'g', -1, 64).
type num float64

func (x num) MarshalJSON() ([]byte, error) {
	v := float64(x)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("bigref: cannot write %v as JSON", v)
	}
	return []byte(strconv.FormatFloat(v, 'g', -1, 64)), nil
}

func nums(x []float64) []num {
	out := make([]num, len(x))
	for i, v := range x {
		out[i] = num(v)
	}
	return out
}

// marshal is json.Marshal without HTML escaping (so that "<" and ">" in
// notes stay readable).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// MarshalJSON writes the case with its fields in the documented order and
// the parameters with strconv.FormatFloat(x, 'g', -1, 64).
func (c Case) MarshalJSON() ([]byte, error) {
	var params map[string]num
	if len(c.Params) > 0 {
		params = make(map[string]num, len(c.Params))
		for k, v := range c.Params {
			params[k] = num(v)
		}
	}
	return marshal(struct {
		Name       string              `json:"name"`
		Input      string              `json:"input"`
		Mode       string              `json:"mode"`
		Params     map[string]num      `json:"params,omitempty"`
		Budget     string              `json:"budget,omitempty"`
		Note       string              `json:"note,omitempty"`
		Skip       string              `json:"skip,omitempty"`
		PrecBits   int                 `json:"prec_bits,omitempty"`
		Out        map[string]string   `json:"out"`
		Unresolved map[string]string   `json:"unresolved,omitempty"`
		Vec        map[string][]string `json:"vec,omitempty"`
		Idx        []int               `json:"idx,omitempty"`
		Sampled    map[string][]string `json:"sampled,omitempty"`
	}{c.Name, c.Input, c.Mode, params, c.Budget, c.Note, c.Skip, c.PrecBits, c.Out, c.Unresolved, c.Vec, c.Idx, c.Sampled})
}

// MarshalJSON writes the vectors with strconv.FormatFloat(x, 'g', -1, 64).
func (in Input) MarshalJSON() ([]byte, error) {
	type plain Input
	return marshal(struct {
		plain
		P    []num `json:"p"`
		Q    []num `json:"q"`
		LogQ []num `json:"logq"`
	}{plain(in), nums(in.P), nums(in.Q), nums(in.LogQ)})
}

// Verify checks that len(P) = len(Q) = len(LogQ) = K and that the vectors
// match their stored SHA256 checksums (so they were read back bit-exactly).
func (in *Input) Verify() error {
	if len(in.P) != in.K || len(in.Q) != in.K || len(in.LogQ) != in.K {
		return fmt.Errorf("bigref: input %s: lengths %d, %d, %d, want k = %d", in.Name, len(in.P), len(in.Q), len(in.LogQ), in.K)
	}
	for name, x := range map[string][]float64{"p": in.P, "q": in.Q, "logq": in.LogQ} {
		if got, want := Checksum(x), in.SHA256[name]; got != want {
			return fmt.Errorf("bigref: input %s: checksum of %s is %s, want %s", in.Name, name, got, want)
		}
	}
	return nil
}

// Regenerate recomputes the generated vectors of a generated input from Gen
// (GenDirichlet1 and math.Log) and reports whether they are bit-identical to
// the stored ones. It returns an error for inputs without Gen. A mismatch is
// expected only on architectures whose math.Log differs in the last bit from
// the one that generated the file (see GenDirichlet1); the stored vectors
// remain the inputs of record.
func (in *Input) Regenerate() (identical bool, err error) {
	if in.Gen == nil {
		return false, fmt.Errorf("bigref: input %s is not generated", in.Name)
	}
	ok := true
	if in.Gen.PKind == "dirichlet1" {
		ok = ok && Checksum(GenDirichlet1(in.K, in.Gen.SeedP)) == in.SHA256["p"]
	}
	if in.Gen.QKind == "dirichlet1" {
		q := GenDirichlet1(in.K, in.Gen.SeedQ)
		lq := make([]float64, len(q))
		for i, v := range q {
			lq[i] = math.Log(v)
		}
		ok = ok && Checksum(q) == in.SHA256["q"] && Checksum(lq) == in.SHA256["logq"]
	}
	return ok, nil
}

type inputsFile struct {
	Description string   `json:"description"`
	Inputs      []*Input `json:"inputs"`
}

// LoadInputs reads an inputs.json file and returns its inputs by name, each
// checked with Verify.
func LoadInputs(path string) (map[string]*Input, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f inputsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("bigref: %s: %w", path, err)
	}
	m := make(map[string]*Input, len(f.Inputs))
	for _, in := range f.Inputs {
		if err := in.Verify(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if _, dup := m[in.Name]; dup {
			return nil, fmt.Errorf("bigref: %s: duplicate input %q", path, in.Name)
		}
		m[in.Name] = in
	}
	return m, nil
}

// Load reads a reference family file (for example
// testdata/reference/tilt.json) and the inputs.json beside it, and sets
// Case.In of every case to its resolved input.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("bigref: %s: %w", path, err)
	}
	ins, err := LoadInputs(filepath.Join(filepath.Dir(path), InputsFile))
	if err != nil {
		return nil, err
	}
	for i := range f.Cases {
		c := &f.Cases[i]
		if c.In = ins[c.Input]; c.In == nil {
			return nil, fmt.Errorf("bigref: %s: case %s: unknown input %q", path, c.Name, c.Input)
		}
	}
	return &f, nil
}

// Path returns the absolute path of file in the module's testdata/reference
// directory, located from this source file (so it works from the tests of any
// package of the module, but not in a binary built with -trimpath).
func Path(file string) string {
	_, src, _, ok := runtime.Caller(0)
	if !ok {
		panic("bigref: cannot locate source directory")
	}
	return filepath.Join(filepath.Dir(src), "..", "..", "testdata", "reference", file)
}

// Parse converts a stored decimal string to the nearest float64. Values beyond
// the float64 range become ±Inf or ±0 (no error); "+Inf" and "-Inf" are
// accepted. It panics on a malformed string.
func Parse(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		panic(fmt.Sprintf("bigref: Parse(%q): %v", s, err))
	}
	return v
}

// ParseVec applies Parse to every entry.
func ParseVec(s []string) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = Parse(v)
	}
	return out
}

// ParseBig converts a stored decimal string to a big.Float with Prec bits
// (exponents beyond the float64 range are kept). It panics on a malformed
// string.
func ParseBig(s string) *big.Float {
	x, _, err := big.ParseFloat(s, 10, Prec, big.ToNearestEven)
	if err != nil {
		panic(fmt.Sprintf("bigref: ParseBig(%q): %v", s, err))
	}
	return x
}

// Format writes x with Digits significant digits in the form the reference
// files use: "d.ddd…e±XX", "0" for zero, "+Inf"/"-Inf" for infinities.
func Format(x *big.Float) string { return formatDigits(x, Digits) }

// formatDigits is Format with n significant digits.
func formatDigits(x *big.Float, n int) string {
	switch {
	case x.IsInf() && x.Sign() > 0:
		return "+Inf"
	case x.IsInf():
		return "-Inf"
	case x.Sign() == 0:
		return "0"
	}
	if e := x.MantExp(nil); e > -4096 && e < 4096 {
		return x.Text('e', n-1)
	}
	return formatHuge(x, n)
}

// formatHuge formats x (n ≤ Digits significant digits) when its binary
// exponent is beyond ±4096, for which big.Float.Text's exact decimal
// conversion takes time quadratic in the exponent (minutes for 2^-14000000):
// x = m·10^k with k = floor(log10 |x|) and m = x·e^{-k ln 10} in [1, 10),
// computed with Prec+64 bits (e^{-k ln 10} then has a relative error of about
// |k ln 10|·2^-264, below 1e-70 for any big.Float exponent).
func formatHuge(x *big.Float, n int) string {
	c := ctx{prec: Prec + 64}
	ax := c.f().Abs(x)
	ln10 := c.log(c.num(10))
	lg := c.log(ax)
	lg.Quo(lg, ln10)
	kf, _ := lg.Float64()
	k := int64(math.Floor(kf))
	var m *big.Float
	for try := 0; try < 3; try++ {
		y := c.f().Mul(ln10, c.f().SetInt64(-k))
		m = c.exp(y)
		m.Mul(m, ax)
		switch {
		case m.Cmp(c.num(10)) >= 0:
			k++
			continue
		case m.Cmp(c.num(1)) < 0:
			k--
			continue
		}
		break
	}
	s := m.Text('f', n-1)
	if strings.HasPrefix(s, "10.") { // rounded up to 10
		m.Quo(m, c.num(10))
		k++
		s = m.Text('f', n-1)
	}
	sign := ""
	if x.Sign() < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%se%+d", sign, s, k)
}
