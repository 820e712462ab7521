"""The normal and Student-t distributions, standard library only: pure
arithmetic shared by the verdict (xsb_compare) and change detection
(xsb_history).

Phi comes from erfc; Student's t from the regularized incomplete beta
function (its continued fraction, Lentz's method); every quantile is found
by bisection, which needs nothing but a monotone CDF and converges to the
last bit. Quantiles are cached: the verdict asks for the same few levels
over and over (the simulation tests thousands of times)."""

import functools
import math

_BISECTION_STEPS = 200  # halvings: far past double precision
_TINY = 1e-300


def normal_cdf(x: float) -> float:
    """Phi(x) = P(Z <= x), Z standard normal."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_sf(x: float) -> float:
    """1 - Phi(x), accurate far into the upper tail."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def _bisect(tail, target: float, high: float) -> float:
    """The x in [0, oo) with tail(x) = target, tail decreasing from 0.5."""
    while tail(high) > target:
        high *= 2.0
    low = 0.0
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (low + high)
        if mid in (low, high):
            break
        if tail(mid) > target:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


@functools.lru_cache(maxsize=4096)
def normal_quantile(p: float) -> float:
    """Phi^-1(p) for 0 < p < 1, by bisection on the tail of the nearer
    side (so that p near 0 or 1 keeps its precision)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"normal quantile of {p}: needs 0 < p < 1")
    if p == 0.5:
        return 0.0
    upper = min(p, 1.0 - p)
    x = _bisect(normal_sf, upper, 8.0)
    return x if p > 0.5 else -x


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 300):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) *
                                                  (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + num / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < 3e-16:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with df degrees of freedom."""
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with df degrees of freedom, 0 < p < 1,
    df > 0."""
    if not 0.0 < p < 1.0 or not df > 0:
        raise ValueError(f"t quantile of {p} at {df} df: needs 0 < p < 1 "
                         "and df > 0")
    if p == 0.5:
        return 0.0
    x = _bisect(lambda v: t_sf(v, df), min(p, 1.0 - p), 8.0)
    return x if p > 0.5 else -x
