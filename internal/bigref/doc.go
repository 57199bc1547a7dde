// Package bigref is an independent high-precision oracle for tiltkit's tests.
//
// It recomputes the quantities of the paper (Definitions 1–5, Lemmas 1–3)
// with math/big.Float at Prec = 200 bits (about 60 decimal digits), using
// only the standard library and none of tiltkit's float64 packages (dist,
// tilt, bon, internal/xmath): its value is that it shares no code with what
// it checks. Because math/big has no elementary functions, the package
// implements its own Exp, Log, Log1p and Expm1 (argument reduction by powers
// of 2 and ln 2, Taylor and atanh series; ln 2 from its own series).
//
// It is used in two ways: other packages' tests may call the functions
// directly (Tilt, AlphaForKL, BetaForRate, BestOfN, Compare, ScaledCumulant,
// KL, …), or load the reference files described below, which hold inputs and
// 25-digit outputs for a fixed set of cases.
//
// # Conventions
//
// Inputs are float64 values and are used exactly (the binary values the
// float64 code sees). p is the reference model (entries ≥ 0, zeros allowed);
// logq is the reward r = log q (finite). In the tilt, best-of-N, compare and
// cumulant functions p is normalised exactly, in big arithmetic, by its sum
// (written p̂ below), since float64 vectors rarely sum to exactly 1; logq is
// used as given (q need not be normalised: the tilt ignores the scale of q,
// and H(φ‖q) means -E_φ[logq]). The measures KL, CrossEntropy, Entropy and
// RenyiCrossEntropy take their vectors exactly as given, with no
// normalisation. Ties in logq are exact float64 equality. The support of p is
// {i : p_i > 0}; maxima and minima of logq are over the support.
//
//	KL(a‖b)        = Σ a log(a/b)                       (0 log 0 = 0; +Inf if a > 0 = b)
//	H(a‖b)         = -Σ a log b
//	H_t(p‖q)       = 1/(1-t) log Σ p q^{t-1}            (H(p‖q) at t = 1)
//	T(q,p,α)_i     = p_i e^{α logq_i} / Σ_j p_j e^{α logq_j}   (real α)
//	Δ_max          = -log P_p̂(S),  S = argmax of logq over the support (ties included)
//	α(Δ) ≥ 0       : KL(T_α‖p̂) = Δ,  0 ≤ Δ < Δ_max
//	β(t) ∈ R       : H(T_β‖q) = t,   -max logq < t < -min logq
//	π_N(y)         = p̂(y)/P_eq(y) · (F⁺(y)^N - F⁻(y)^N),  real N ≥ 1
//	E_ρ            = (1/ρ) log Σ φ q^ρ = -H_{1+ρ}(φ‖q)  (E_φ[logq] at ρ = 0)
//
// # Reference files
//
// TestGenerate (run with -update) writes testdata/reference/ at the module
// root:
//
//	inputs.json    named inputs (p, q, logq) shared by all families
//	measures.json  KL, cross-entropy, entropy, Rényi cross-entropy of (p, q)
//	tilt.json      φ = T(q,p,α) at a given α, at α(Δ), at β(t)
//	bon.json       best-of-N for real N (and N = e^log_n)
//	compare.json   best-of-N against φ_Δ at the three budgets
//	cumulant.json  scaled cumulants of the reward under φ_Δ
//
// Each family file is one JSON object, with its header fields on one line
// each and one case per line:
//
//	{
//	"family": "tilt",
//	"description": "...what every mode, parameter and output means...",
//	"prec_bits": 200,          working precision of the stored values
//	"check_bits": 264,         precision of the verifying recomputation
//	"digits": 25,              significant digits of every output
//	"verified_digits": 42.6,   smallest agreement, in digits, between the two
//	"generator": "go test ./internal/bigref -run TestGenerate -update ...",
//	"cases": [
//	{"name": "example1/delta/delta=0.1", "input": "example1", "mode": "delta",
//	 "params": {"delta": 0.1}, "note": "...",
//	 "out": {"alpha": "1.234…e+00", "delta": "1.000…e-01", ...},
//	 "vec": {"phi": ["…", "…", "…"]}},
//	...
//	]
//	}
//
// Case fields (type Case):
//
//   - name: unique; input/mode/param=value[/budget].
//   - input: the name of an entry of inputs.json.
//   - mode: which parameter drives the case. measures: "basic" | "renyi";
//     tilt: "alpha" | "delta" | "rate"; bon and compare: "n" | "log_n";
//     cumulant: "delta".
//   - params: float64 parameters written with strconv.FormatFloat(x, 'g', -1, 64)
//     (they round-trip exactly through encoding/json): alpha, delta, rate, t,
//     n, log_n, rho.
//   - budget (compare): "exact" | "bound" | "logn".
//   - note: how a parameter was derived (e.g. delta = float64(delta_max)·(1-1e-9)).
//   - skip: non-empty when the quantity does not exist (compare with
//     Δ ≥ Δ_max: "delta >= delta_max"; or, with the exact budget, Δ_max - Δ
//     ≈ (1 - p̂_top)^N below 2^-2147483648, so that α(Δ) cannot be
//     represented: "delta_max - delta underflows 2^-2147483648"); out then
//     holds only n, log_n, delta, delta_max, kl_bon_p, reward_bon.
//   - prec_bits: present when the case had to be computed at more than 200
//     bits to reach the verified accuracy (compare with the exact budget and
//     large N, where KL(π_N‖φ_Δ) is a second-order tiny quantity).
//   - out: scalar outputs as decimal strings with 25 significant digits
//     ("d.ddd…e±XX"; "0" for an exact zero; "+Inf"). Parse gives the nearest
//     float64 (values beyond the float64 range become 0 or ±Inf), ParseBig
//     all 25 digits and the full exponent range.
//   - unresolved: outputs that even 3200 bits (800 for K > 1000) could not
//     resolve (only kl_bon_phi, reward_gap, lemma2_bound of compare with the
//     exact budget at N ≥ 1e6, where they are below 1e-7000); they are absent
//     from out and the value given is an upper bound on their magnitude (the
//     rounding noise of the last computation, which exceeds the true value).
//   - vec: full output vectors (phi, pi) when K ≤ 20.
//   - idx, sampled: for K > 20, vector entries at the indices idx (0, 1, K/2,
//     K-1, the argmax and argmin of logq over the support, the argmax of p):
//     sampled[name][j] is entry idx[j].
//
// The output names of each family are listed in its "description" field and
// follow the JSON of `tiltkit` (shared/SPEC.md): tilt: alpha, delta
// (= KL(φ‖p̂)), cross_entropy, expected_reward, log_z, reward_var,
// delta_max, vector phi (in mode rate, alpha is β(t)); bon: n, log_n, kl,
// kl_bound, cross_entropy, expected_reward, vector pi; compare: n, log_n,
// delta, delta_max, alpha, kl_bon_p, reward_bon, reward_phi, kl_bon_phi,
// reward_gap, lemma2_bound, vectors pi, phi; cumulant: alpha, delta_max,
// scaled_cumulant, renyi_cross_entropy, expected_reward; measures: entropy_p,
// entropy_q, kl_pq, kl_qp, cross_entropy_pq, cross_entropy_qp, renyi_pq.
//
// inputs.json is {"description": ..., "inputs": [one Input per line]}, each
// with name, note, k, gen (p_kind/seed_p, q_kind/seed_q when generated by
// GenDirichlet1), sha256 (Checksum of p, q and logq), and the vectors p, q,
// logq as JSON arrays written with FormatFloat 'g' -1. logq[i] =
// math.Log(q[i]) as computed on linux/amd64 when the file was written; the
// tilt, bon, compare and cumulant families use logq, the measures family uses
// q. All vectors, including K = 10000, are stored explicitly, so the files do
// not depend on math.Log being bit-identical across architectures;
// GenDirichlet1(k, seed) regenerates the Dirichlet inputs (bit-identically on
// amd64, which TestReferenceFiles checks).
//
// The inputs are: example1 (the paper's Example 1, p = (1/5, 3/10, 1/2),
// q = (2/3, 1/9, 2/9) as float64 of the fractions); dir_k2, dir_k3,
// dir_k10, dir_k100, dir_k1000, dir_k10000 (p = GenDirichlet1(K, 10K+1),
// q = GenDirichlet1(K, 10K+2)); ties4 (q = (0.3, 0.3, 0.2, 0.2)); ties50
// (five tied levels of ten entries); pzeros (zeros in p, one at the argmax of
// q); tinyq (q entries 1e-150, logq ≈ -345); raretop (p = 1e-12 at the top of
// q, Δ_max ≈ 27.6).
//
// Loading, from a test in any package of the module:
//
//	f, err := bigref.Load(bigref.Path("tilt.json")) // or "../testdata/reference/tilt.json"
//	for _, c := range f.Cases {
//		p, logq := c.In.P, c.In.LogQ
//		if c.Mode != "delta" || c.Skip != "" {
//			continue
//		}
//		alpha, err := tilt.AlphaForKL(p, logq, c.Params["delta"])
//		want := bigref.Parse(c.Out["alpha"])
//		...
//	}
//
// # Accuracy
//
// Every stored output is claimed to 1e-40 relative (25 digits are stored).
// This is verified, not assumed: the generator computes every case twice, at
// 200 and at 264 bits, and refuses to write a file unless every output and
// every stored vector entry agrees to at least 40 significant digits; when a
// case does not, it is recomputed at 400, 800, 1600 and 3200 bits (800 at
// most for K > 1000; with the same +64-bit check), and the precision used is
// recorded in prec_bits. The smallest agreement found in each file is its
// verified_digits (41.0 to 53.9 in the committed files). Exact zeros
// (α = 0, KL(p̂‖p̂), and KL(π_N‖φ_Δ), ε, α·ε when best-of-N is itself a tilt:
// N = 1 or two reward levels) are produced exactly, not as rounding noise.
//
// The arithmetic is checked by the package's tests against typed digits of
// e, ln 2, ln 3 and ln 10 (to 1e-57), an independent series for ln 2,
// identities (exp∘log, log(ab) = log a + log b, exp(a+b), log1p∘expm1) to
// 1e-55, and math.Exp/math.Log; the quantities against closed forms (K = 2
// tilt and β(t), π(top) = 1 - (1 - p̂_top)^N), exact rational best-of-N for
// integer N (big.Rat, ties and zeros included) to 1e-55, Lemma 9
// (T(q,T(q,p,α),β) = T(q,p,α+β)), finite-difference derivatives, Lemma 2's
// identity KL(π_N‖φ_Δ) = α·ε at the exact budget, and direct summations.
// Finally, testdata/mpmath_check.py (not run by go test) recomputes every case
// of the reference files with Python's mpmath, sharing no code with this
// package: direct sums and mp.power at 100 digits, α and β by Newton's method
// from the stored values, and, for compare cases near Δ_max, the level-set
// formulas below with as many digits as the tiny outputs need. Every stored
// output agreed to within its 25-digit rounding (largest relative
// difference 4.8e-25).
//
// Numerical care that matters for these references: tilts are evaluated
// centred at E_p̂[logq] with expm1/log1p, so that KL ≈ α² Var/2 keeps its
// relative accuracy for tiny α; best-of-N uses F⁺^N - F⁻^N =
// exp(-N log1p(A/(B+E)))·(-expm1(-N log1p(E/B))); near Δ_max the gap
// Δ_max - KL is computed level by level as a sum of non-negative terms; sums
// never align mantissas across exponent gaps wider than the precision (which
// math/big would otherwise do, at a cost of gigabytes for N = 1e12).
// Results below 2^-2147483648 (big.Float's smallest exponent, about
// 1e-646456993) are 0.
//
// # Regenerating
//
//	go test ./internal/bigref -run TestGenerate -update -timeout 60m
//	python3 internal/bigref/testdata/mpmath_check.py   # optional, needs mpmath
//
// Generation takes about 4 minutes on 2 cores (800 cases, each at two
// precisions). The normal test run does not regenerate anything; TestReferenceFiles
// checks the committed files (inputs bit for bit, and a recomputation of all
// cases with K ≤ 10).
package bigref
