#!/usr/bin/env python3
"""Reference values quoted in the unit tests, examples and golden files of
dist, tilt, bon, internal/xmath and internal/cli (each test names the value
it takes from here). Run with mpmath >= 1.3:  python3 unit_refs.py

Everything is computed from the definitions of the paper (Definitions 1-5,
Lemmas 1-3) in exact rationals where possible and mpmath at 50-60 digits
otherwise; nothing here calls tiltkit.
"""
from mpmath import mp, mpf, log, exp, findroot

mp.dps = 60
P = [mpf(1) / 5, mpf(3) / 10, mpf(1) / 2]  # Example 1
Q = [mpf(2) / 3, mpf(1) / 9, mpf(2) / 9]


def show(name, x):
    print(f"{name:45s} {mp.nstr(x, 22)}")


def kl(a, b):
    return sum(x * log(x / y) for x, y in zip(a, b) if x > 0)


def cross(a, lq):
    return -sum(x * l for x, l in zip(a, lq) if x > 0)


def tilt(p, lq, alpha):
    w = [x * exp(alpha * l) for x, l in zip(p, lq)]
    z = sum(w)
    return [x / z for x in w]


def alpha_for(p, lq, delta, guess):
    return findroot(lambda a: kl(tilt(p, lq, a), p) - delta, guess)


def beta_for(p, lq, t, guess):
    return findroot(lambda b: cross(tilt(p, lq, b), lq) - t, guess)


def bon(p, lq, n):
    k = len(p)
    out = []
    for y in range(k):
        if p[y] == 0:
            out.append(mpf(0))
            continue
        fp = sum(p[z] for z in range(k) if lq[z] <= lq[y])
        fm = sum(p[z] for z in range(k) if lq[z] < lq[y])
        out.append(p[y] / (fp - fm) * (fp ** n - fm ** n))
    return out


def compare(p, lq, n, guess):
    pi = bon(p, lq, n)
    d = kl(pi, p)
    a = alpha_for(p, lq, d, guess)
    phi = tilt(p, lq, a)
    eps = cross(pi, lq) - cross(phi, lq)
    return dict(delta=d, alpha=a, kl_bon_phi=kl(pi, phi), eps=eps, a_eps=a * eps,
                reward_bon=-cross(pi, lq), reward_phi=-cross(phi, lq))


LQ = [log(x) for x in Q]

print("# internal/xmath: BoNKLBound = log N - (N-1)/N")
for n in ["3.5", "1e3", "1e6", "1e12"]:
    N = mpf(n)
    show(f"bound N={n}", log(N) - (N - 1) / N)
show("bound log N = 30", mpf(30) - 1 + exp(-30))

print("# dist: Example 1 measures (TestRenyiCrossEntropy, ExampleKL)")
show("KL(p||q)", kl(P, Q))
show("KL(q||p)", kl(Q, P))
show("H(p||q)", cross(P, LQ))
for t in [mpf("0.5"), 2, 3, mpf("1e-3")]:
    show(f"H_{t}(p||q)", log(sum(a * b ** (t - 1) for a, b in zip(P, Q))) / (1 - t))

print("# tilt: alpha(Delta), beta(t) for Example 1 (TestAlphaForKLMpmath, TestBetaForRate, examples)")
for d, g in [("1e-10", mpf("2e-5")), ("0.5", 1.5), ("1", 2.5)]:
    a = alpha_for(P, LQ, mpf(d), g)
    show(f"alpha({d})", a)
    show(f"H(phi_{d}||q)", cross(tilt(P, LQ, a), LQ))
    if d == "0.5":
        for i, x in enumerate(tilt(P, LQ, a)):
            show(f"phi_0.5[{i}]", x)
        for rho in [1, mpf("0.5")]:
            phi = tilt(P, LQ, a)
            show(f"scaled cumulant Delta=0.5 rho={rho}", log(sum(f * q ** rho for f, q in zip(phi, Q))) / rho)
for t, g in [("0.6", 2), ("1", 1), ("1.2", 0.5), ("2", -2), ("2.19", -7)]:
    show(f"beta({t})", beta_for(P, LQ, mpf(t), g))

print("# bon: Example 1, N = 2 (TestBestOfNExample1Exact, ExampleBestOfN, golden bon_n2)")
pi2 = bon(P, LQ, 2)
show("KL(pi_2||p)", kl(pi2, P))
show("H(pi_2||q)", cross(pi2, LQ))

print("# bon: compare (TestCompareExample1Mpmath, ExampleCompare, golden compare_n4)")
for k, v in compare(P, LQ, 4, 1.5).items():
    show(f"example 1 N=4 {k}", v)
print("# bon: TestCompareMpmathSmallGap ('zeros in p', N = 30)")
pz = [mpf(0), mpf(3) / 10, mpf(2) / 10, mpf(5) / 10]
qz = [mpf(4) / 10, mpf(3) / 10, mpf(2) / 10, mpf(1) / 10]
for k, v in compare(pz, [log(x) for x in qz], 30, 25).items():
    show(f"zeros N=30 {k}", v)
print("# bon: TestCompareSubnormalPhi (p = 1/3 each, log q = (0, -1/1000, -163/1000), N = 11)")
for k, v in compare([mpf(1) / 3] * 3, [mpf(0), mpf(-1) / 1000, mpf(-163) / 1000], 11, 4000).items():
    show(f"subnormal N=11 {k}", v)
