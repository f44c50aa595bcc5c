"""Reference values for ABStatistics, computed with scipy and statsmodels (not by Marquee).

    python3 -m venv v && v/bin/pip install scipy==1.16.3 statsmodels==0.14.5
    v/bin/python Tests/EvaluationTests/Online/ab_reference.py > Tests/EvaluationTests/Online/ab_reference.json

The mSPRT has no library implementation; its values come from the formula of Johari, Pekelis &
Walsh (2017), written out here independently of the Swift code.
"""
import json
import math

from scipy import stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

pairs = [((120, 1000), (150, 1000)), ((5, 40), (9, 38)), ((0, 50), (3, 50)), ((812, 10000), (790, 9800)),
         ((1, 1), (0, 3)), ((4512, 52000), (4710, 51800))]
wilson, ztest, difference, msprt = [], [], [], []
for (a_s, a_n), (b_s, b_n) in pairs:
    for s, n in ((a_s, a_n), (b_s, b_n)):
        low, high = proportion_confint(s, n, alpha=0.05, method="wilson")
        wilson.append({"successes": s, "trials": n, "low": low, "high": high})
    pooled = (a_s + b_s) / (a_n + b_n)
    if 0 < pooled < 1:
        z, p = proportions_ztest([b_s, a_s], [b_n, a_n])
        ztest.append({"a": [a_s, a_n], "b": [b_s, b_n], "z": z, "p": p})
    pa, pb = a_s / a_n, b_s / b_n
    v = pa * (1 - pa) / a_n + pb * (1 - pb) / b_n
    if v > 0:
        q = stats.norm.ppf(0.975)
        d = pb - pa
        difference.append({"a": [a_s, a_n], "b": [b_s, b_n], "estimate": d, "low": d - q * math.sqrt(v),
                           "high": d + q * math.sqrt(v)})
        tau2 = 0.05 ** 2
        ratio = math.sqrt(v / (v + tau2)) * math.exp(tau2 * d * d / (2 * v * (v + tau2)))
        msprt.append({"a": [a_s, a_n], "b": [b_s, b_n], "ratio": ratio, "p": min(1.0, 1 / max(ratio, 1.0))})

srm = []
for counts, weights in (([5050, 4950], [50, 50]), ([5300, 4700], [50, 50]), ([7040, 2960], [70, 30]),
                        ([3400, 3300, 3300], [1, 1, 1]), ([100, 0, 120], [1, 0, 1]), ([60000, 40600], [60, 40])):
    used = [(c, w) for c, w in zip(counts, weights) if w > 0]
    total = sum(c for c, _ in used)
    expected = [total * w / sum(w for _, w in used) for _, w in used]
    chi2, p = stats.chisquare([c for c, _ in used], expected)
    srm.append({"counts": counts, "weights": weights, "chi2": chi2, "df": len(used) - 1, "p": p})

quantiles = [{"p": p, "z": stats.norm.ppf(p)} for p in (1e-9, 0.001, 0.02, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999)]
print(json.dumps({"wilson": wilson, "ztest": ztest, "difference": difference, "msprt": msprt, "srm": srm,
                  "quantiles": quantiles}, indent=1))
