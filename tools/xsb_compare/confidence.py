"""Distribution-free confidence intervals: pure arithmetic.

A percentile's interval comes from order statistics. With n samples and
K ~ Binomial(n, p) the number of them below the true p-quantile, the sorted
samples x(r) <= x(s) (1-based ranks) bound it with probability
P(r <= K <= s - 1). Ranks are chosen with at most (1 - confidence) / 2 in
each tail, so the coverage is at least the confidence. When even the largest
sample cannot serve as the upper bound (p^n > (1 - confidence) / 2) the
percentile is not supported by the sample: P99 at 95 % needs n >= 368.

LP throughput's interval comes from equal sub-windows: the order-statistic
interval of the median of their rates (a sign-test interval)."""

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional, Sequence

# Relative slack for comparing a tail probability with its budget, so that
# an exact boundary (p^n == budget) is not lost to rounding.
_SLACK = 1e-12


def _pmf(n: int, p: float) -> list[float]:
    """P(K = k) for k = 0..n, K ~ Binomial(n, p), 0 < p < 1."""
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    return [math.exp(log_n - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                     + k * log_p + (n - k) * log_q) for k in range(n + 1)]


def order_statistic_ranks(n: int, p: float,
                          confidence: float) -> tuple[int, int]:
    """(r, s), 1-based ranks with P(K <= r - 1) and P(K >= s) each at most
    (1 - confidence) / 2. r == 0: no lower bound (use 0); s == n + 1: no
    upper bound (the percentile is not supported)."""
    if n < 1:
        return 0, n + 1
    budget = (1 - confidence) / 2 * (1 + _SLACK)
    pmf = _pmf(n, p)
    r, below = 0, 0.0
    while r <= n and below + pmf[r] <= budget:
        below += pmf[r]
        r += 1
    s, above = n + 1, 0.0
    while s - 1 >= 1 and above + pmf[s - 1] <= budget:
        above += pmf[s - 1]
        s -= 1
    return r, s


def min_samples(p: float, confidence: float) -> int:
    """The smallest n whose largest sample bounds the p-quantile from above
    at this confidence: p^n <= (1 - confidence) / 2."""
    budget = (1 - confidence) / 2
    n = max(1, math.ceil(math.log(budget) / math.log(p)) - 1)
    while p ** n > budget * (1 + _SLACK):
        n += 1
    return n


def nearest_rank(ordered: Sequence[float], p: float) -> float:
    """The p-quantile by the nearest-rank rule: ordered[ceil(p n) - 1]
    (docs/metrics.md), computed exactly for decimal p such as 0.999."""
    rank = math.ceil(Fraction(str(p)) * len(ordered))
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class PercentileInterval:
    point: float
    low: float
    high: Optional[float]  # None: not supported by the sample
    n: int

    @property
    def valid(self) -> bool:
        return self.high is not None


def percentile_interval(values: Sequence[float], p: float,
                        confidence: float) -> Optional[PercentileInterval]:
    """The nearest-rank p-quantile of the values and its interval."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    r, s = order_statistic_ranks(n, p, confidence)
    low = ordered[r - 1] if r >= 1 else 0.0
    high = ordered[s - 1] if s <= n else None
    return PercentileInterval(nearest_rank(ordered, p), low, high, n)


def divide(num: float, den: float) -> float:
    """num / den for non-negative figures; inf when den is 0 and num is not,
    1 when both are."""
    if den == 0:
        return 1.0 if num == 0 else math.inf
    return num / den


def _block_rates(completions_s: Sequence[float], begin: float, end: float,
                 blocks: int) -> list[float]:
    length = end - begin
    counts = [0] * blocks
    for t in completions_s:
        if begin <= t < end:
            counts[min(blocks - 1, int((t - begin) / length * blocks))] += 1
    return [c * blocks / length for c in counts]


def pooled_rate_interval(windows: Sequence[tuple[Sequence[float], float,
                                                 float]],
                         confidence: float, blocks: int = 20
                         ) -> Optional[tuple[float, float, float]]:
    """(rate, low, high) in events/s over the windows together, each given
    as (event times, begin, end): the rate is every event inside a window
    over the windows' total length; the interval is the order-statistic
    interval of the median of the `blocks` equal sub-window rates of every
    window (a sign-test interval; it treats the sub-windows as
    exchangeable), widened to hold the rate itself."""
    windows = [w for w in windows if w[2] - w[1] > 0]
    if not windows:
        return None
    events = sum(1 for times, begin, end in windows
                 for t in times if begin <= t < end)
    rate = events / sum(end - begin for _, begin, end in windows)
    rates = sorted(r for times, begin, end in windows
                   for r in _block_rates(times, begin, end, blocks))
    r, s = order_statistic_ranks(len(rates), 0.5, confidence)
    low = rates[r - 1] if r >= 1 else 0.0
    high = rates[s - 1] if s <= len(rates) else math.inf
    return rate, min(low, rate), max(high, rate)


def block_rate_interval(completions_s: Sequence[float], begin: float,
                        end: float, confidence: float,
                        blocks: int = 20) -> Optional[tuple[float, float,
                                                            float]]:
    """pooled_rate_interval of one window."""
    return pooled_rate_interval([(completions_s, begin, end)], confidence,
                                blocks)
