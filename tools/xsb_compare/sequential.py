"""The looks of a run's verdict and the level each look spends (docs/
compare.md, "Paired rounds"): pure arithmetic, the same as xsb_bench's
stop rule, and how a comparison's rounds ran, read from the files'
contexts (run_rounds).

A run of fixed rounds has one look, at its last round, at level alpha =
1 - confidence. A run with --xsb_rounds=auto looks after every round k =
k_min .. k_max (L looks) at information fraction k / k_max; look j's
interval is at the nominal level 1 - alpha'_j of the two-sided
group-sequential boundary that Lan-DeMets O'Brien-Fleming spending gives
(group_sequential): the chance that any look's statistic crosses its
boundary when nothing differs is alpha in all, so stopping at the first
decisive look does not inflate the error. The interval a run reports is
the one of the look it stopped at."""

import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .distributions import normal_quantile, normal_sf
from .group_sequential import nominal_alphas, round_fractions
from .load import Case, Run

FIXED, SPENDING = "fixed", "obf-spending"
# The looks since the group-sequential boundaries; "obf-spending" files
# (before them) are judged at the union bound's levels their stop used.
BOUNDARIES = "obf-boundaries"
# Context keys xsb_bench writes (docs/metrics.md, "Context").
ROUNDS_KEY = "xsb_rounds"
SEQUENTIAL_KEY = "xsb_sequential"
ROUNDS_MIN_KEY = "xsb_rounds_min"
ROUNDS_MAX_KEY = "xsb_rounds_max"
ROUNDS_RUN_KEY = "xsb_rounds_run"
ROUNDS_STOP_KEY = "xsb_rounds_stop"
ROUND_ORDER_KEY = "xsb_round_order"
CONFIDENCE_KEY = "xsb_verdict_confidence"
DEFAULT_CONFIDENCE = 0.95
_LOOKS = re.compile(r"looks=(\d+)\.\.(\d+)")


@functools.lru_cache(maxsize=64)
def obf_spending(alpha: float, looks: int) -> tuple[float, ...]:
    """alpha_1 .. alpha_L of O'Brien-Fleming-like spending over L equally
    spaced looks; they sum to alpha."""
    z = normal_quantile(1.0 - alpha / 2.0)

    def spent(t: float) -> float:
        return 0.0 if t <= 0 else 2.0 * normal_sf(z / math.sqrt(t))

    return tuple(spent(j / looks) - spent((j - 1) / looks)
                 for j in range(1, looks + 1))


@dataclass(frozen=True)
class Plan:
    """How a run's rounds were looked at."""
    kind: str  # FIXED, BOUNDARIES or SPENDING (older files)
    k_min: int = 1
    k_max: int = 1

    @property
    def looks(self) -> int:
        return 1 if self.kind == FIXED else self.k_max - self.k_min + 1

    def describe(self) -> str:
        if self.kind == FIXED:
            return "fixed rounds: one look"
        if self.kind == SPENDING:
            return (f"sequential: a look after each round {self.k_min}.."
                    f"{self.k_max}, O'Brien-Fleming alpha spending, union "
                    "bound")
        return (f"sequential: a look after each round {self.k_min}.."
                f"{self.k_max}, O'Brien-Fleming group-sequential boundaries")


@dataclass(frozen=True)
class Look:
    """The look a verdict is taken at."""
    index: int  # j, 1-based
    looks: int  # L
    alpha: float  # alpha'_j: 1 - alpha'_j is the interval's level
    note: str = ""  # why this look, when it is not the obvious one

    @property
    def level(self) -> float:
        return 1.0 - self.alpha


def look_alphas(plan: Plan, alpha: float) -> tuple[float, ...]:
    """alpha'_1 .. alpha'_L of the plan's looks (alpha for fixed rounds)."""
    if plan.kind == FIXED:
        return (alpha,)
    if plan.kind == SPENDING:
        return obf_spending(alpha, plan.looks)
    return nominal_alphas(round_fractions(plan.k_min, plan.k_max), alpha)


def look_at(plan: Plan, rounds_run: int, alpha: float) -> Look:
    """The look after `rounds_run` rounds. A sequential run that ended
    before its first look (interrupted or failed) is reported at the first
    look's level; one past its last look at the last's."""
    if plan.kind == FIXED:
        return Look(1, 1, alpha)
    levels = look_alphas(plan, alpha)
    j = rounds_run - plan.k_min + 1
    note = ""
    if j < 1:
        note = (f"{rounds_run} round(s) ran, fewer than the first look's "
                f"{plan.k_min}: reported at the first look's level")
    elif j > plan.looks:
        note = (f"{rounds_run} rounds ran, more than the last look's "
                f"{plan.k_max}: reported at the last look's level")
    j = min(max(j, 1), plan.looks)
    return Look(j, plan.looks, levels[j - 1], note)


def _int(context: dict[str, Any], key: str) -> Optional[int]:
    try:
        value = int(str(context.get(key)))
    except ValueError:
        return None
    return value if value >= 1 else None


def plan_of(context: dict[str, Any]) -> Plan:
    """The run's plan from its context: fixed unless xsb_sequential names
    the spending (its looks from xsb_rounds_min/max, else from the text);
    a file from before rounds has one look, like fixed rounds."""
    text = str(context.get(SEQUENTIAL_KEY, FIXED))
    kind = next((k for k in (BOUNDARIES, SPENDING) if text.startswith(k)),
                FIXED)
    if kind == FIXED:
        return Plan(FIXED)
    written = _LOOKS.search(text)
    k_min = _int(context, ROUNDS_MIN_KEY) or (
        int(written.group(1)) if written else None)
    k_max = _int(context, ROUNDS_MAX_KEY) or (
        int(written.group(2)) if written else None)
    if k_min is None or k_max is None or k_max < k_min:
        return Plan(FIXED)
    return Plan(kind, k_min, k_max)


def rounds_run(context: dict[str, Any], seen: int) -> int:
    """K: xsb_rounds_run when the file says it, else the rounds seen."""
    return _int(context, ROUNDS_RUN_KEY) or seen


def alternating(context: dict[str, Any]) -> bool:
    """Whether the run says its rounds alternated the order of its cases
    (ABBA); a file from before rounds ran each case's repetitions back to
    back."""
    return ROUNDS_KEY in context


ORDER_ALTERNATING = "alternating"
ORDER_BACK_TO_BACK = ("not alternating: the file has no xsb_rounds (an "
                      "older xsb_bench ran each case's repetitions back to "
                      "back); its repetitions are paired as rounds by index")
ORDER_TWO_FILES = ("two files: their rounds are paired by index, but the "
                   "two runs did not alternate")


@dataclass(frozen=True)
class RunRounds:
    """How a comparison's rounds ran and the look its verdict takes."""
    plan: Plan
    rounds_run: int  # K
    look: Look
    confidence: float  # the verdict's C
    stop: str  # xsb_rounds_stop ("decisive", "max", ...) or ""
    order: str  # how the rounds were ordered, in words
    notes: tuple[str, ...] = ()


def _rounds_seen(cases: Iterable[Case]) -> int:
    return max((max(c.rounds + c.failed_rounds, default=-1) + 1
                for c in cases), default=0)


def _confidence(given: Optional[float], context: dict[str, Any]
                ) -> tuple[float, tuple[str, ...]]:
    try:
        stated = float(context[CONFIDENCE_KEY])
    except (KeyError, TypeError, ValueError):
        stated = None
    if stated is not None and not 0 < stated < 1:
        stated = None
    if given is None:
        return stated or DEFAULT_CONFIDENCE, ()
    if stated is not None and abs(given - stated) > 1e-12:
        return given, (f"--confidence {given:g} differs from the run's "
                       f"{CONFIDENCE_KEY} {stated:g}: its stop decided at "
                       "the run's level, these intervals are at yours",)
    return given, ()


def run_rounds(base: Run, cand: Run,
               confidence: Optional[float]) -> RunRounds:
    """The rounds of one file (its plan, K, order, stop), or of two files
    (rounds paired by index, one look: the files' own stops judged other
    pairs)."""
    conf, notes = _confidence(confidence, cand.context)
    alpha = 1.0 - conf
    if cand is not base:
        k = _rounds_seen(list(base.cases.values()) +
                         list(cand.cases.values()))
        return RunRounds(Plan(FIXED), k, look_at(Plan(FIXED), k, alpha),
                         conf, "", ORDER_TWO_FILES, notes)
    context = base.context
    plan = plan_of(context)
    k = rounds_run(context, _rounds_seen(base.cases.values()))
    order = (str(context.get(ROUND_ORDER_KEY) or ORDER_ALTERNATING)
             if alternating(context) else ORDER_BACK_TO_BACK)
    return RunRounds(plan, k, look_at(plan, k, alpha), conf,
                     str(context.get(ROUNDS_STOP_KEY, "")), order, notes)
