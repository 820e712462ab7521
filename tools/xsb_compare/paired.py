"""Intervals of a candidate / baseline ratio from paired rounds: pure
arithmetic on the per-round log ratios d[r] = ln(candidate[r] /
baseline[r]) (docs/compare.md, "Paired rounds").

- k >= 2 rounds: the Student-t interval of the mean of d, mean(d) +-
  t_{k-1, 1 - a/2} sd(d) / sqrt(k), exponentiated: its point is the
  geometric mean of the per-round ratios. It carries the drift between
  rounds and each round's sampling noise together.
- Beside it (k >= 6), the exact Wilcoxon signed-rank interval of the
  pseudo-median of d from the Walsh averages, with the Hodges-Lehmann
  point.
- 1 round: each arm's own order-statistic interval gives a log standard
  error; the ratio's interval covers the sampling noise of that one round
  only, not drift between runs."""

import functools
import math
import statistics
from dataclasses import dataclass
from typing import Optional, Sequence

from .distributions import normal_quantile, t_quantile
from .stats import mean_sd

# The signed-rank interval is shown from this many rounds on.
SIGNED_RANK_MIN_ROUNDS = 6
# What an interval from one round (or from two arms' own intervals) covers.
SAMPLING_ONLY = "sampling noise only, not drift between runs"
ONE_ROUND = "1 round: " + SAMPLING_ONLY


@dataclass(frozen=True)
class LogInterval:
    """An interval on the log scale: point, low, high; level its
    confidence (achieved, for the signed-rank interval)."""
    point: float
    low: float
    high: float
    level: float

    def ratio(self) -> tuple[float, float, float]:
        """(point, low, high) as ratios."""
        return (exp_or_inf(self.point), exp_or_inf(self.low),
                exp_or_inf(self.high))


def exp_or_inf(x: float) -> float:
    """e^x, inf where it overflows."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def log_ratio(candidate: float, baseline: float) -> float:
    """ln(candidate / baseline); both 0 is no change, one 0 is -inf/+inf."""
    if candidate == baseline:
        return 0.0
    if baseline <= 0:
        return math.inf
    if candidate <= 0:
        return -math.inf
    return math.log(candidate / baseline)


def _infinite(d: Sequence[float], level: float) -> Optional[LogInterval]:
    """A round with a zero on one side dominates: the interval is that
    infinity (both ways at once: undefined, the whole line)."""
    signs = {math.copysign(1.0, x) for x in d if math.isinf(x)}
    if not signs:
        return None
    if len(signs) == 2:
        return LogInterval(0.0, -math.inf, math.inf, level)
    x = math.inf * signs.pop()
    return LogInterval(x, x, x, level)


def mean_interval(d: Sequence[float], alpha: float) -> LogInterval:
    """The two-sided (1 - alpha) t interval of mean(d), k = len(d) >= 2;
    sd = 0 gives the point."""
    k = len(d)
    if k < 2:
        raise ValueError("a t interval needs 2 rounds or more")
    found = _infinite(d, 1.0 - alpha)
    if found is not None:
        return found
    mean, sd = mean_sd(d)
    half = t_quantile(1.0 - alpha / 2.0, k - 1) * sd / math.sqrt(k)
    return LogInterval(mean, mean - half, mean + half, 1.0 - alpha)


@functools.lru_cache(maxsize=64)
def _signed_rank_cdf(k: int) -> tuple[float, ...]:
    """P(W+ <= w) for w = 0 .. k(k+1)/2: the exact null distribution of
    the signed-rank statistic of k values (no ties)."""
    total = k * (k + 1) // 2
    counts = [1] + [0] * total
    for rank in range(1, k + 1):
        for w in range(total, rank - 1, -1):
            counts[w] += counts[w - rank]
    cdf, running = [], 0
    for c in counts:
        running += c
        cdf.append(running / 2 ** k)
    return tuple(cdf)


def signed_rank_interval(d: Sequence[float],
                         alpha: float) -> Optional[LogInterval]:
    """The exact Wilcoxon signed-rank interval of the pseudo-median of d
    at level >= 1 - alpha (its achieved level), around the Hodges-Lehmann
    point (the median of the Walsh averages); None when even the widest
    interval, [smallest, largest Walsh average], cannot reach the level
    (P(W+ = 0) = 2^-k > alpha / 2) or a value is infinite."""
    k = len(d)
    if k < 1 or any(math.isinf(x) for x in d):
        return None
    walsh = sorted((d[i] + d[j]) / 2 for i in range(k) for j in range(i, k))
    cdf = _signed_rank_cdf(k)
    c = -1
    while c + 1 < len(cdf) and cdf[c + 1] <= alpha / 2 * (1 + 1e-12):
        c += 1
    if c < 0:
        return None
    level = 1.0 - 2.0 * cdf[c]
    return LogInterval(statistics.median(walsh), walsh[c],
                       walsh[len(walsh) - 1 - c], level)


def log_standard_error(low: float, high: float, confidence: float) -> float:
    """The log-scale standard error a two-sided interval at `confidence`
    implies: (ln high - ln low) / (2 z_{(1 + confidence) / 2}); inf when
    the interval has no lower bound (low <= 0) or no upper one."""
    if low <= 0 or math.isinf(high):
        return math.inf
    return (math.log(high) - math.log(low)) / (
        2.0 * normal_quantile((1.0 + confidence) / 2.0))


def single_round_interval(d: float, se_baseline: float, se_candidate: float,
                          alpha: float) -> LogInterval:
    """d +- z_{1 - alpha/2} sqrt(se_B^2 + se_C^2): one round's sampling
    noise only."""
    if math.isinf(d):
        return LogInterval(d, d, d, 1.0 - alpha)
    half = normal_quantile(1.0 - alpha / 2.0) * math.hypot(se_baseline,
                                                           se_candidate)
    return LogInterval(d, d - half, d + half, 1.0 - alpha)
