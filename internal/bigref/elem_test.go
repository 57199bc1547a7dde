package bigref

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// Digits of e, ln 2, ln 3 and ln 10 (OEIS A001113, A002162, A002391, A002392;
// 70 digits each).
const (
	digitsE    = "2.718281828459045235360287471352662497757247093699959574966967627724077"
	digitsLn2  = "0.6931471805599453094172321214581765680755001343602552541206800094933936"
	digitsLn3  = "1.098612288668109691395245236922525704647490557822749451734694333637494"
	digitsLn10 = "2.302585092994045684017991454684364207601101488628772976033327900967573"
)

// tolConst is the relative tolerance of the constants: 200 bits ≈ 60 digits.
const tolConst = 1e-57

func parse(t *testing.T, s string) *big.Float {
	t.Helper()
	x, _, err := big.ParseFloat(s, 10, 400, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// relErr returns |got - want| / |want| (|got - want| when want = 0).
func relErr(got, want *big.Float) float64 {
	d := new(big.Float).SetPrec(400).Sub(got, want)
	d.Abs(d)
	if want.Sign() != 0 {
		d.Quo(d, new(big.Float).SetPrec(400).Abs(want))
	}
	f, _ := d.Float64()
	return f
}

func checkRel(t *testing.T, name string, got, want *big.Float, tol float64) {
	t.Helper()
	if e := relErr(got, want); !(e <= tol) {
		t.Errorf("%s = %s, want %s (rel err %.3g > %.3g)", name, got.Text('g', 40), want.Text('g', 40), e, tol)
	}
}

// checkAbsRel checks |got - want| ≤ tol · max(1, |want|).
func checkAbsRel(t *testing.T, name string, got, want *big.Float, tol float64) {
	t.Helper()
	d := new(big.Float).SetPrec(400).Sub(got, want)
	d.Abs(d)
	s := new(big.Float).SetPrec(400).Abs(want)
	if s.Cmp(big.NewFloat(1)) < 0 {
		s.SetInt64(1)
	}
	d.Quo(d, s)
	if e, _ := d.Float64(); !(e <= tol) {
		t.Errorf("%s: got %s, want %s (err %.3g > %.3g)", name, got.Text('g', 40), want.Text('g', 40), e, tol)
	}
}

func TestConstants(t *testing.T) {
	checkRel(t, "exp(1)", Exp(NewFloat(1)), parse(t, digitsE), tolConst)
	checkRel(t, "ln 2", Ln2(), parse(t, digitsLn2), tolConst)
	checkRel(t, "log(2)", Log(NewFloat(2)), parse(t, digitsLn2), tolConst)
	checkRel(t, "log(3)", Log(NewFloat(3)), parse(t, digitsLn3), tolConst)
	checkRel(t, "log(10)", Log(NewFloat(10)), parse(t, digitsLn10), tolConst)
	checkRel(t, "log(e)", Log(parse(t, digitsE)), NewFloat(1), tolConst)
	checkRel(t, "exp(ln 10)", Exp(parse(t, digitsLn10)), NewFloat(10), tolConst)
}

// TestLn2TwoSeries checks ln 2 = 2 atanh(1/3) (used by the package) against
// the independent series ln 2 = Σ_{k≥1} 1/(k 2^k) at 300 bits.
func TestLn2TwoSeries(t *testing.T) {
	const wp = 360
	sum := fprec(wp)
	term := fprec(wp)
	for k := int64(1); k < 400; k++ {
		term.SetMantExp(fprec(wp).Quo(fprec(wp).SetInt64(1), fprec(wp).SetInt64(k)), -int(k))
		sum.Add(sum, term)
	}
	checkRel(t, "ln2(300)", ln2(300), sum, 1e-88)
}

func TestExpLogIdentities(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := []float64{1e-300, 1e-20, 0.1, 0.5, 0.999999, 1.000001, 2, 3.7, 1e5, 1e300}
	for i := 0; i < 50; i++ {
		xs = append(xs, math.Exp(r.NormFloat64()*30))
	}
	for _, x := range xs {
		bx := NewFloat(x)
		checkRel(t, "exp(log x)", Exp(Log(bx)), bx, 1e-55)
		y := NewFloat(math.Exp(r.NormFloat64() * 5))
		lhs := Log(new(big.Float).SetPrec(400).Mul(bx, y))
		rhs := new(big.Float).Add(Log(bx), Log(y))
		checkAbsRel(t, "log(xy) = log x + log y", lhs, rhs, 1e-55)
	}
	for i := 0; i < 50; i++ {
		a, b := NewFloat(r.NormFloat64()*20), NewFloat(r.NormFloat64()*20)
		lhs := Exp(new(big.Float).Add(a, b))
		rhs := new(big.Float).Mul(Exp(a), Exp(b))
		checkRel(t, "exp(a+b)", lhs, rhs, 1e-55)
	}
}

func TestAgainstMath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		x := r.NormFloat64() * 100
		got, _ := Exp(NewFloat(x)).Float64()
		if want := math.Exp(x); math.Abs(got-want) > 2e-16*want {
			t.Errorf("Exp(%v) = %v, math.Exp = %v", x, got, want)
		}
		y := math.Exp(r.NormFloat64() * 100)
		got, _ = Log(NewFloat(y)).Float64()
		if want := math.Log(y); math.Abs(got-want) > 2e-16*math.Abs(want) {
			t.Errorf("Log(%v) = %v, math.Log = %v", y, got, want)
		}
	}
}

func TestLog1pExpm1(t *testing.T) {
	for _, x := range []float64{1e-300, -1e-300, 1e-30, -1e-19, 3e-5, 0.01, -0.3, 0.9, 5, 500} {
		bx := NewFloat(x)
		checkRel(t, "expm1(log1p x)", Expm1(Log1p(bx)), bx, 1e-55)
		checkRel(t, "log1p(expm1 x)", Log1p(Expm1(bx)), bx, 1e-55)
		if math.Abs(x) < 1e-18 {
			// log1p(x) = x - x²/2 + x³/3 - ..., expm1(x) = x + x²/2 + x³/6 + ...,
			// truncation below x⁴ (relative 1e-57 here).
			p := func(c2, c3 float64) *big.Float {
				x2 := new(big.Float).SetPrec(400).Mul(bx, bx)
				x3 := new(big.Float).SetPrec(400).Mul(x2, bx)
				x2.Mul(x2, big.NewFloat(c2))
				x3.Quo(x3, big.NewFloat(c3))
				return x2.Add(x2, x3).Add(x2, bx)
			}
			checkRel(t, "log1p tiny", Log1p(bx), p(-0.5, 3), 1e-55)
			checkRel(t, "expm1 tiny", Expm1(bx), p(0.5, 6), 1e-55)
		}
	}
	// Cross-check the two log routes at a point where both apply.
	checkRel(t, "log1p(0.05)", Log1p(NewFloat(0.05)), Log(new(big.Float).SetPrec(400).Add(NewFloat(1), NewFloat(0.05))), 1e-57)
}

func TestSpecialCases(t *testing.T) {
	inf := new(big.Float).SetInf(false)
	ninf := new(big.Float).SetInf(true)
	if !Exp(inf).IsInf() || Exp(ninf).Sign() != 0 {
		t.Error("Exp(±Inf)")
	}
	if Exp(new(big.Float)).Cmp(NewFloat(1)) != 0 {
		t.Error("Exp(0) != 1")
	}
	if Log(NewFloat(1)).Sign() != 0 {
		t.Error("Log(1) != 0 exactly")
	}
	if !Log(new(big.Float)).IsInf() || Log(new(big.Float)).Sign() >= 0 {
		t.Error("Log(0) != -Inf")
	}
	if Exp(NewFloat(-2e9)).Sign() != 0 || !Exp(NewFloat(2e9)).IsInf() {
		t.Error("Exp out of big.Float range")
	}
	// Deep underflow that big.Float still represents: e^{-1e9} = 2^{-1442695040.9}.
	if e := Exp(NewFloat(-1e9)).MantExp(nil); e != -1442695040 {
		t.Errorf("Exp(-1e9) has exponent %d", e)
	}
	if Expm1(ninf).Cmp(NewFloat(-1)) != 0 || !Log1p(NewFloat(-1)).IsInf() {
		t.Error("Expm1(-Inf), Log1p(-1)")
	}
}

// TestPrecisionIndependence compares the 200-bit functions with the same
// functions at 400 bits.
func TestPrecisionIndependence(t *testing.T) {
	hi := ctx{prec: 400}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 50; i++ {
		x := NewFloat(r.NormFloat64() * 50)
		checkRel(t, "exp", def.exp(x), hi.exp(x), 2e-59)
		y := NewFloat(math.Exp(r.NormFloat64() * 50))
		checkRel(t, "log", def.log(y), hi.log(y), 2e-59)
	}
}
