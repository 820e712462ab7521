"""Two-sided group-sequential boundaries for the looks of a run of rounds
(docs/compare.md, "Paired rounds"): pure arithmetic, the same steps as
xsb_bench's bench/measure/group_sequential.cc, so both give the same
levels to the last digits.

Look j happens at information fraction t_j (rounds so far / the most
rounds). Lan-DeMets O'Brien-Fleming spending says how much of alpha may
be spent by then: f(t) = 2 - 2 Phi(z / sqrt(t)), z = Phi^-1(1 - alpha/2).
The boundary c_j is the one at which the chance of crossing at look j, and
at no earlier look, is f(t_j) - f(t_{j-1}), under the joint normal law of
the looks' statistics (a Brownian motion observed at t_1 .. t_L: each look
shares the earlier rounds). So the chance of any false crossing is alpha
in all, which the union bound over the same increments only bounds from
above: at the main job's last look the union bound gives 1.5 % where the
joint law allows 3.3 %, and a narrower interval for the same guarantee.

The crossing chances come from the recursive numerical integration of
Armitage, McPherson and Rowe (Jennison and Turnbull, "Group Sequential
Methods", ch. 19): the density of the score S_j = Z_j sqrt(t_j) on the
continuation region, carried look to look by the normal increment, with
Simpson's rule on a fixed grid; c_j by bisection. A look's nominal level
alpha'_j = 2 Phi(-c_j) is what its t interval uses (with k - 1 degrees of
freedom): the usual nominal-level translation for an unknown variance,
whose error rates test_simulation measures."""

import functools
import math
from typing import Sequence

from .distributions import normal_cdf, normal_quantile, normal_sf

GRID_HALF_POINTS = 60  # Simpson's rule on 2 * 60 + 1 points per look
BISECTION_STEPS = 60
MAX_BOUNDARY = 9.0  # |Z| beyond this: a crossing chance under 1e-18


def obf_spent(t: float, alpha: float) -> float:
    """f(t): the alpha O'Brien-Fleming spending allows by fraction t."""
    if t <= 0:
        return 0.0
    z = normal_quantile(1.0 - alpha / 2.0)
    return 2.0 * normal_sf(z / math.sqrt(t))


def _simpson_grid(half_width: float) -> tuple[list[float], list[float]]:
    """Points and Simpson weights on [-half_width, half_width]."""
    n = 2 * GRID_HALF_POINTS
    step = 2.0 * half_width / n
    points = [-half_width + i * step for i in range(n + 1)]
    weights = [step / 3.0 * (1 if i in (0, n) else 4 if i % 2 else 2)
               for i in range(n + 1)]
    return points, weights


def _normal_density(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _crossing(mass: list[tuple[float, float]], c: float, root_t: float,
              sd: float) -> float:
    """P(continue so far, then |Z_j| >= c): mass is (score, weight x
    density) on the previous look's continuation region."""
    edge = c * root_t
    return sum(m * (normal_cdf((-edge - u) / sd) + normal_sf((edge - u) / sd))
               for u, m in mass)


def _boundary(mass: list[tuple[float, float]], target: float, root_t: float,
              sd: float) -> float:
    """The c with crossing chance `target` (decreasing in c)."""
    if target <= 0:
        return MAX_BOUNDARY
    low, high = 0.0, MAX_BOUNDARY
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (low + high)
        if _crossing(mass, mid, root_t, sd) > target:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def _carry(mass: list[tuple[float, float]], c: float, root_t: float,
           sd: float) -> list[tuple[float, float]]:
    """The score's density (times Simpson weights) inside |Z_j| < c."""
    points, weights = _simpson_grid(c * root_t)
    return [(s, w * sum(m * _normal_density((s - u) / sd) / sd
                        for u, m in mass))
            for s, w in zip(points, weights)]


@functools.lru_cache(maxsize=256)
def _nominal_alphas(fractions: tuple[float, ...],
                    alpha: float) -> tuple[float, ...]:
    boundaries = []
    mass: list[tuple[float, float]] = []
    previous_t = 0.0
    for j, t in enumerate(fractions):
        target = obf_spent(t, alpha) - obf_spent(previous_t, alpha)
        if j == 0:
            # From the lower tail: target can be 1e-7.
            c = (-normal_quantile(target / 2.0) if target > 0
                 else MAX_BOUNDARY)
            c = min(c, MAX_BOUNDARY)
            points, weights = _simpson_grid(c * math.sqrt(t))
            mass = [(s, w * _normal_density(s / math.sqrt(t)) /
                     math.sqrt(t)) for s, w in zip(points, weights)]
        else:
            sd = math.sqrt(t - previous_t)
            c = _boundary(mass, target, math.sqrt(t), sd)
            mass = _carry(mass, c, math.sqrt(t), sd)
        boundaries.append(c)
        previous_t = t
    return tuple(2.0 * normal_sf(c) for c in boundaries)


def nominal_alphas(fractions: Sequence[float],
                   alpha: float) -> tuple[float, ...]:
    """alpha'_1 .. alpha'_L: each look's two-sided nominal level, for
    looks at increasing information fractions in (0, 1] (the last is 1);
    one look is alpha itself."""
    fractions = tuple(float(t) for t in fractions)
    if not fractions:
        return ()
    if len(fractions) == 1:
        return (alpha,)
    if any(b <= a for a, b in zip(fractions, fractions[1:])) or \
            not 0 < fractions[0] or fractions[-1] > 1:
        raise ValueError(f"information fractions must rise in (0, 1]: "
                         f"{fractions}")
    return _nominal_alphas(fractions, alpha)


def round_fractions(k_min: int, k_max: int) -> tuple[float, ...]:
    """The looks after rounds k_min .. k_max: fractions k / k_max."""
    return tuple(k / k_max for k in range(k_min, k_max + 1))
