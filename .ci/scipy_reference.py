#!/usr/bin/env python3
"""SciPy's answers for Core's paired statistics (Sources/PeerwayCore/Statistics).

  scipy_reference.py [OUT.json]
      writes the reference cases (default Tests/PeerwayCoreTests/Fixtures/scipy_reference.json):
      fixed, seeded inputs and what SciPy computes for them. StatisticsReferenceTests checks Swift
      against that file to 1e-6.
  scipy_reference.py OUT.json --check FIXTURE.json
      the CI step: writes OUT as above, then fails unless FIXTURE (the committed file) holds the same
      cases and every number agrees to 1e-12 (relative; 1e-15 absolute near zero). So the committed
      fixture is shown to be SciPy's output, and the Swift test shows Swift matches it.

Each case is {name, kind, ...inputs, expected}. A figure is {"value": x} or {"gap": reason}, the JSON
of Core's StatisticValue; the gaps follow the same rules as Core (no pairs, one pair, no variation,
no discordant pairs, unbounded odds ratio), the values are SciPy's. The Wilcoxon method is chosen by
Core's rule (exact for at most 50 differences with no zeros and no ties, else the normal approximation
with the tie correction) and passed to SciPy explicitly, so SciPy's own 'auto' rules never matter.
"""
import argparse
import json
import math
import os
import random
import sys

import numpy as np
import scipy
from scipy import special, stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT_OUT = os.path.join(ROOT, "Tests", "PeerwayCoreTests", "Fixtures", "scipy_reference.json")

WILCOXON_EXACT_LIMIT = 50  # WilcoxonSignedRank.exactLimit
MCNEMAR_EXACT_LIMIT = 25  # PairedYesNoComparison.exactLimit


def value(x):
    x = float(x)
    if not math.isfinite(x):
        raise AssertionError(f"SciPy gave {x} where Core's rules expect a number")
    return {"value": x}


def gap(reason):
    return {"gap": reason}


def paired_scores(name, before, after, level="interval", expect_method=None):
    pairs = [(b, a) for b, a in zip(before, after, strict=True) if b is not None and a is not None]
    n = len(pairs)
    b = np.array([p[0] for p in pairs], dtype=float)
    a = np.array([p[1] for p in pairs], dtype=float)
    d = a - b
    expected = {"n": n}
    if n == 0:
        for key in ("mean_before", "mean_after", "mean_difference", "sd_difference"):
            expected[key] = gap("no_pairs")
    else:
        expected["mean_before"] = value(np.mean(b))
        expected["mean_after"] = value(np.mean(a))
        expected["mean_difference"] = value(np.mean(d))
        expected["sd_difference"] = gap("too_few") if n == 1 else value(np.std(d, ddof=1))

    # Paired t-test.
    t = {"df": n - 1 if n >= 2 else None}
    blocked = "no_pairs" if n == 0 else "too_few" if n == 1 else "no_variation" if d.min() == d.max() else None
    if blocked:
        t.update(statistic=gap(blocked), p=gap(blocked), effect=gap(blocked))
    else:
        res = stats.ttest_rel(a, b)
        assert res.df == n - 1
        t.update(statistic=value(res.statistic), p=value(res.pvalue), effect=value(np.mean(d) / np.std(d, ddof=1)))
    expected["t_test"] = t

    # Wilcoxon signed-rank.
    nonzero = d[d != 0]
    zeros = n - len(nonzero)
    sizes = np.abs(nonzero)
    ranks = stats.rankdata(sizes, method="average")
    ties = len(np.unique(sizes)) < len(sizes)
    method = "exact" if len(nonzero) <= WILCOXON_EXACT_LIMIT and zeros == 0 and not ties else "asymptotic"
    if expect_method:
        assert method == expect_method, f"{name}: the data call for {method}, the case is meant for {expect_method}"
    w_plus = float(ranks[nonzero > 0].sum())
    w_minus = float(ranks[nonzero < 0].sum())
    w = {"method": method, "zeros": zeros, "ties": bool(ties), "rank_sum_positive": w_plus, "rank_sum_negative": w_minus}
    blocked = "no_pairs" if n == 0 else "too_few" if n == 1 else "no_variation" if len(nonzero) == 0 else None
    if blocked:
        w.update(statistic=gap(blocked), p=gap(blocked), effect=gap(blocked), z=None)
    else:
        res = stats.wilcoxon(a, b, zero_method="wilcox", correction=False, alternative="two-sided", method=method)
        assert res.statistic == min(w_plus, w_minus)
        w.update(statistic=value(res.statistic), p=value(res.pvalue),
                 effect=value((w_plus - w_minus) / (w_plus + w_minus)),
                 z=float(res.zstatistic) if method == "asymptotic" else None)
    expected["wilcoxon"] = w
    return {"name": f"scores: {name}", "kind": "paired_scores", "level": level, "before": before, "after": after, "expected": expected}


def yes_no(name, before, after, expect_method=None):
    pairs = [(b, a) for b, a in zip(before, after, strict=True) if b is not None and a is not None]
    a = sum(1 for p in pairs if p == (True, True))
    b = sum(1 for p in pairs if p == (True, False))
    c = sum(1 for p in pairs if p == (False, True))
    d = sum(1 for p in pairs if p == (False, False))
    n = len(pairs)
    method = "exact_binomial" if b + c < MCNEMAR_EXACT_LIMIT else "chi_square_corrected"
    if expect_method:
        assert method == expect_method, name
    expected = {"counts": [a, b, c, d], "method": method}
    expected["proportion_before"] = gap("no_pairs") if n == 0 else value((a + b) / n)
    expected["proportion_after"] = gap("no_pairs") if n == 0 else value((a + c) / n)
    blocked = "no_pairs" if n == 0 else "too_few" if n == 1 else "no_discordant_pairs" if b + c == 0 else None
    if blocked:
        expected.update(statistic=gap(blocked), p=gap(blocked), effect=gap(blocked))
    else:
        if method == "exact_binomial":
            statistic = min(b, c)
            p = stats.binomtest(min(b, c), b + c, 0.5, alternative="two-sided").pvalue
        else:
            statistic = (abs(b - c) - 1) ** 2 / (b + c)
            p = stats.chi2.sf(statistic, 1)
        expected.update(statistic=value(statistic), p=value(p), effect=gap("unbounded") if b == 0 else value(c / b))
    return {"name": f"yes/no: {name}", "kind": "yes_no", "before": before, "after": after, "expected": expected}


class Seeded:
    """The cases' random inputs from `random.random()` alone, whose stream Python keeps the same for a
    seed across versions (NumPy's generators and Python's other methods may change theirs), so a newer
    NumPy or Python in CI regenerates the same inputs."""

    def __init__(self, seed):
        self.source = random.Random(seed)

    def normal(self, mean, sd, size=None):
        def one():
            # Box-Muller; 1 - random() is in (0, 1], so the log is finite.
            u, v = 1.0 - self.source.random(), self.source.random()
            return mean + sd * math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * v)
        return one() if size is None else np.array([one() for _ in range(size)])

    def integers(self, low, high, size=None):
        """Integers in [low, high)."""
        def one():
            return low + min(int(self.source.random() * (high - low)), high - low - 1)
        return one() if size is None else [one() for _ in range(size)]

    def choice(self, options):
        return options[self.integers(0, len(options))]

    def permutation(self, n):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.integers(0, i + 1)
            order[i], order[j] = order[j], order[i]
        return order


def table(rng, a, b, c, d, missing=0):
    """Shuffled answer lists with the given 2x2 counts, and `missing` pairs lacking one answer."""
    pairs = [(True, True)] * a + [(True, False)] * b + [(False, True)] * c + [(False, False)] * d
    pairs += [[(None, True), (False, None), (None, None)][i % 3] for i in range(missing)]
    order = rng.permutation(len(pairs))
    return [pairs[i][0] for i in order], [pairs[i][1] for i in order]


def distinct_sizes(rng, n, scale, decimals):
    """n differences whose sizes are all different and non-zero, so the exact method applies."""
    while True:
        d = np.round(rng.normal(scale[0], scale[1], n), decimals)
        if np.all(d != 0) and len(np.unique(np.abs(d))) == n:
            return d


def scores(rng, n, mean, sd, decimals=1):
    return [round(float(x), decimals) for x in rng.normal(mean, sd, n)]


def cases():
    rng = Seeded(14)  # issue 14
    out = []

    # Exact Wilcoxon: small n, no ties, no zeros (T-score-like values with one decimal).
    for name, n, shift in (("exact n=6", 6, 2.0), ("exact n=12", 12, 1.5), ("exact n=20 no change", 20, 0.0),
                           ("exact n=50 boundary", 50, 1.0)):
        before = scores(rng, n, 50, 10)
        d = distinct_sizes(rng, n, (shift, 5.0), 2)
        after = [round(x + float(dd), 2) for x, dd in zip(before, d)]
        out.append(paired_scores(name, before, after, expect_method="exact"))
    before = scores(rng, 15, 45, 8)
    d = np.abs(distinct_sizes(rng, 15, (0.0, 4.0), 2))
    out.append(paired_scores("exact n=15 every pair rose", before, [round(x + float(dd), 2) for x, dd in zip(before, d)],
                             expect_method="exact"))
    out.append(paired_scores("exact n=2", [40.0, 55.5], [43.0, 54.0], expect_method="exact"))

    # Normal approximation: more than 50 differences, ties, zeros.
    before = scores(rng, 51, 50, 10, 3)
    d = distinct_sizes(rng, 51, (1.2, 6.0), 3)
    out.append(paired_scores("asymptotic n=51", before, [round(x + float(dd), 3) for x, dd in zip(before, d)],
                             expect_method="asymptotic"))
    before = scores(rng, 120, 48, 9)
    out.append(paired_scores("T-scores n=120", before, [round(x + rng.normal(2.5, 6.0), 1) for x in before],
                             expect_method="asymptotic"))
    before = scores(rng, 300, 42, 8)
    out.append(paired_scores("T-scores n=300 large effect", before, [round(x + rng.normal(5.0, 3.0), 1) for x in before],
                             expect_method="asymptotic"))
    before = [int(x) for x in rng.integers(1, 9, 24)]  # MORS-like milestones 1-8
    after = [int(min(8, max(1, x + rng.choice([-1, 0, 1, 1, 2])))) for x in before]
    out.append(paired_scores("ordinal ties and zeros n=24", before, after, level="ordinal", expect_method="asymptotic"))
    before = [int(x) for x in rng.integers(10, 61, 40)]  # BARC-10-like sums 10-60
    after = [int(min(60, max(10, x + rng.integers(-3, 8)))) for x in before]
    out.append(paired_scores("sums with ties n=40", before, after, expect_method="asymptotic"))
    before = scores(rng, 12, 50, 10)
    d = distinct_sizes(rng, 12, (1.0, 4.0), 2)
    d[[2, 7]] = 0.0
    out.append(paired_scores("zeros, no ties n=12", before, [round(x + float(dd), 2) for x, dd in zip(before, d)],
                             expect_method="asymptotic"))
    out.append(paired_scores("one non-zero difference", [50.0, 48.0, 52.0, 47.0], [50.0, 48.0, 55.0, 47.0],
                             expect_method="asymptotic"))
    before = scores(rng, 80, 50, 10)
    after = [x if i % 4 == 0 else round(x + rng.normal(-1.0, 4.0), 1) for i, x in enumerate(before)]
    out.append(paired_scores("zeros and ties n=80 fall", before, after, expect_method="asymptotic"))
    out.append(paired_scores("every difference the same", [40.0, 50.0, 60.0, 45.0, 52.0, 58.0],
                             [42.0, 52.0, 62.0, 47.0, 54.0, 60.0], expect_method="asymptotic"))

    # Degenerate and missing values.
    out.append(paired_scores("no pairs", [], []))
    out.append(paired_scores("no complete pair", [50.0, None], [None, 47.0]))
    out.append(paired_scores("one pair", [50.0], [54.5]))
    out.append(paired_scores("every difference zero", [50.0, 41.5, 60.0], [50.0, 41.5, 60.0]))
    before = scores(rng, 18, 50, 10)
    after = [round(x + rng.normal(2.0, 5.0), 1) for x in before]
    before[3] = None
    after[9] = None
    out.append(paired_scores("missing values n=16", before, after))

    # McNemar.
    for name, counts, method in (
        ("exact b+c=12", (10, 3, 9, 8), "exact_binomial"),
        ("exact b+c=24 boundary", (30, 8, 16, 20), "exact_binomial"),
        ("exact b=c", (5, 4, 4, 7), "exact_binomial"),
        ("exact c=0", (8, 6, 0, 4), "exact_binomial"),
        ("exact b=0", (12, 0, 7, 5), "exact_binomial"),
        ("exact b+c=1", (3, 0, 1, 2), "exact_binomial"),
        ("chi-square b+c=25 boundary", (30, 9, 16, 20), "chi_square_corrected"),
        ("chi-square large", (120, 40, 75, 65), "chi_square_corrected"),
        ("chi-square b=c", (50, 20, 20, 30), "chi_square_corrected"),
        ("chi-square b=0", (40, 0, 30, 10), "chi_square_corrected"),
        ("chi-square strong", (200, 5, 95, 100), "chi_square_corrected"),
        ("no change", (10, 0, 0, 5), None),
        ("one pair", (0, 0, 1, 0), None),
        ("no pairs", (0, 0, 0, 0), None),
    ):
        before, after = table(rng, *counts)
        out.append(yes_no(name, before, after, expect_method=method))
    before, after = table(rng, 14, 2, 9, 6, missing=3)
    out.append(yes_no("missing answers", before, after))

    # The exact binomial test away from 1/2, where SciPy's tolerance on "no more likely" matters.
    for k, n, p in ((3, 20, 0.3), (13, 20, 0.3), (6, 20, 0.3), (0, 10, 0.5), (5, 10, 0.5), (2, 7, 0.25),
                    (7, 1000, 0.01), (25, 1000, 0.01), (1, 1, 0.5), (40, 100, 0.37), (9, 12, 0.75), (3, 3, 0.2)):
        out.append({"name": f"binomtest k={k} n={n} p={p}", "kind": "binomial", "k": k, "n": n, "probability": p,
                    "expected": {"p": value(stats.binomtest(k, n, p).pvalue)}})

    # The distribution functions themselves, including far tails and fractional degrees of freedom.
    for t, df in ((0.5, 1), (-2.3, 3), (2.0, 10), (4.5, 29), (12.0, 119), (-25.0, 299), (1.0, 0.5), (3.3, 2.5),
                  (0.01, 1000), (8.0, 5000), (40.0, 5000)):
        out.append({"name": f"t cdf t={t} df={df}", "kind": "student_t", "t": t, "df": df,
                    "expected": {"cdf": value(stats.t.cdf(t, df)), "two_sided_p": value(2 * stats.t.sf(abs(t), df))}})
    for z in (-8.0, -1.96, 0.0, 0.3, 2.5, 6.0, 30.0):
        out.append({"name": f"normal z={z}", "kind": "normal", "z": z,
                    "expected": {"cdf": value(stats.norm.cdf(z)), "sf": value(stats.norm.sf(z))}})
    for x in (0.0, 0.04, 1.0, 3.841, 10.0, 60.0):
        out.append({"name": f"chi2(1) sf x={x}", "kind": "chi_square_1", "x": x,
                    "expected": {"sf": value(stats.chi2.sf(x, 1))}})
    for x, a, b in ((0.3, 2.0, 3.0), (0.9, 0.5, 0.5), (0.001, 10.0, 0.5), (0.999, 150.0, 0.5), (0.5, 200.0, 180.0),
                    (0.2, 1.0, 1.0), (0.75, 0.1, 7.0)):
        out.append({"name": f"betainc x={x} a={a} b={b}", "kind": "incomplete_beta", "x": x, "a": a, "b": b,
                    "expected": {"value": value(special.betainc(a, b, x))}})
    names = [c["name"] for c in out]
    assert len(set(names)) == len(names), "case names must be unique"
    return out


def close(x, y):
    if isinstance(x, bool) or isinstance(y, bool):
        return x == y
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return abs(x - y) <= max(1e-12 * max(abs(x), abs(y)), 1e-15)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(close(u, v) for u, v in zip(x, y))
    return x == y


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", default=DEFAULT_OUT)
    parser.add_argument("--check", metavar="FIXTURE", help="fail unless FIXTURE matches what is written to OUT")
    args = parser.parse_args()

    document = {"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases()}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"scipy_reference: {len(document['cases'])} cases from SciPy {scipy.__version__} written to {args.out}")
    if not args.check:
        return 0

    with open(args.check, encoding="utf-8") as f:
        pinned = json.load(f)
    print(f"scipy_reference: the committed fixture was made with SciPy {pinned.get('scipy')}")
    fresh = {c["name"]: c for c in document["cases"]}
    kept = {c["name"]: c for c in pinned.get("cases", [])}
    problems = [f"missing from the fixture: {name}" for name in fresh if name not in kept]
    problems += [f"in the fixture only: {name}" for name in kept if name not in fresh]
    for name in fresh:
        if name in kept and not close(fresh[name], kept[name]):
            problems.append(f"differs: {name}\n  SciPy now: {json.dumps(fresh[name]['expected'])}\n"
                            f"  fixture:   {json.dumps(kept[name]['expected'])}")
    for p in problems:
        print(p)
    if problems:
        print(f"scipy_reference: {len(problems)} problem(s); regenerate with `python3 .ci/scipy_reference.py` "
              "and review the diff of the fixture")
        return 1
    print(f"scipy_reference: all {len(fresh)} cases of the committed fixture are SciPy's answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
