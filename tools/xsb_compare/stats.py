"""Medians, spreads, and the rank test that decides whether a difference
between two sets of repetitions is inside the noise."""

import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

# Up to this many repetitions in all the rank test's p-value is exact
# (enumerated); beyond, the normal approximation with tie correction.
EXACT_LIMIT = 40


@dataclass(frozen=True)
class Summary:
    values: tuple[float, ...]
    n: int
    median: float
    low: float  # smallest value
    high: float  # largest value


def median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of nothing")
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """(mean, sample standard deviation with n - 1) in floating point,
    exactly 0 when every value is the same; statistics.stdev is exact but
    slow (fractions), and the simulation tests call this thousands of
    times. Needs 2 values or more."""
    if len(values) < 2:
        raise ValueError("a standard deviation needs 2 values or more")
    if min(values) == max(values):
        return values[0], 0.0
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(math.fsum((x - mean) ** 2 for x in values)
                           / (len(values) - 1))


def summarize(values: Iterable[float]) -> Optional[Summary]:
    values = tuple(values)
    if not values:
        return None
    return Summary(values, len(values), median(values), min(values),
                   max(values))


def ratio(candidate: float, baseline: float) -> Optional[float]:
    """candidate / baseline; 1 when both are 0, None when only baseline is."""
    if baseline == 0:
        return 1.0 if candidate == 0 else None
    return candidate / baseline


def _doubled_midranks(pooled: Sequence[float]) -> list[int]:
    """Each value's rank in the pooled sample, ties sharing the mean rank,
    doubled so that every rank is a whole number."""
    order = sorted(range(len(pooled)), key=lambda i: pooled[i])
    ranks = [0] * len(pooled)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and pooled[order[j + 1]] == pooled[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = i + j + 2  # 2 x mean of 1-based ranks i+1..j+1
        i = j + 1
    return ranks


def _exact_p(ranks: Sequence[int], n: int, observed: int) -> float:
    """P(|W - E| >= |observed - E|) over every way of choosing n of the
    pooled ranks: the permutation distribution, ties included."""
    # counts[k][s]: subsets of k ranks seen so far whose sum is s.
    counts: list[dict[int, int]] = [dict() for _ in range(n + 1)]
    counts[0][0] = 1
    for r in ranks:
        for k in range(n, 0, -1):
            for s, c in counts[k - 1].items():
                counts[k][s + r] = counts[k].get(s + r, 0) + c
    total = math.comb(len(ranks), n)
    expected = n * (len(ranks) + 1)  # doubled ranks average N + 1
    distance = abs(observed - expected)
    extreme = sum(c for s, c in counts[n].items()
                  if abs(s - expected) >= distance)
    return extreme / total


def _normal_p(ranks: Sequence[int], n: int, observed: int) -> float:
    big_n = len(ranks)
    m = big_n - n
    mean = n * (big_n + 1) / 2
    # Variance with the tie correction, in plain (not doubled) ranks.
    ties = {}
    for r in ranks:
        ties[r] = ties.get(r, 0) + 1
    tie_term = sum(t ** 3 - t for t in ties.values())
    variance = n * m / 12 * ((big_n + 1) - tie_term / (big_n * (big_n - 1)))
    if variance <= 0:
        return 1.0
    z = abs(observed / 2 - mean) / math.sqrt(variance)
    return min(1.0, math.erfc(z / math.sqrt(2)))


def rank_sum_p_value(a: Iterable[float], b: Iterable[float]) -> float:
    """Two-sided p-value of the Wilcoxon rank-sum (Mann-Whitney) test: how
    likely a rank sum at least this far from its mean is when a and b come
    from the same distribution. Exact for up to EXACT_LIMIT values in all,
    so it is well defined for 2-10 repetitions; ties get mid-ranks."""
    a, b = list(a), list(b)
    if not a or not b:
        raise ValueError("rank test needs values on both sides")
    ranks = _doubled_midranks(a + b)
    observed = sum(ranks[:len(a)])
    if len(ranks) <= EXACT_LIMIT:
        return _exact_p(ranks, len(a), observed)
    return _normal_p(ranks, len(a), observed)


def rank_shift(a: Iterable[float], b: Iterable[float]) -> int:
    """+1 when b's values rank above a's, -1 when below, 0 when even."""
    ranks = _doubled_midranks(list(a) + list(b))
    mean_b = sum(ranks[len(a):]) / len(b)
    mean_a = sum(ranks[:len(a)]) / len(a)
    return (mean_b > mean_a) - (mean_b < mean_a)


def smallest_p_value(n: int, m: int) -> float:
    """The smallest p-value the exact test can give for n and m values
    (complete separation): 2 / C(n+m, n), capped at 1."""
    return min(1.0, 2 / math.comb(n + m, n))
