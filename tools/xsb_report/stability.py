"""The reference plan's last criterion, "the test is stable and
repeatable", judged from the pair's paired rounds (docs/report.md, "Stable
and repeatable"). Pure.

Each round is a repetition of the whole A/B test, so each round's own
candidate / baseline ratio says what a single run would have concluded.
A round "points" to a side of each threshold: HP P99 ratio below T_hp or
not, LP ratio above T_lp or not. The criterion is

- n/a with fewer than 2 rounds used (nothing was repeated);
- NOT met when, on some criterion, the rounds point different ways: a
  single run's conclusion would depend on which round it was;
- met when every round points the same way on every criterion and the
  verdict is decisive (PASS or FAIL): the rounds agree with each other and
  with the interval over them;
- undecided when every round points the same way but the verdict is not
  decisive (INCONCLUSIVE, NO-VERDICT): the interval still straddles a
  threshold, so more rounds could still bring one pointing the other way.

The figure beside it: each criterion's per-round ratios (smallest..
largest), their spread as a geometric standard deviation (exp(sd(ln
ratio)) - 1), and how many rounds point which way."""

import math
import statistics
from dataclasses import dataclass
from typing import Optional

from .text import number

MET, NOT_MET, NOT_APPLICABLE = "met", "NOT met", "n/a"
# The interval straddles the threshold: neither met nor missed.
UNDECIDED = "undecided"
DECISIVE = ("PASS", "FAIL")
LABELS = {"hp_p99_ms": "HP P99", "lp_iter_per_s": "LP iter/s"}


@dataclass(frozen=True)
class Spread:
    """One criterion's per-round ratios against its threshold."""
    label: str  # "HP P99"
    ratios: tuple[float, ...]
    op: str  # "<" or ">": the side that meets the threshold
    threshold: float

    def meets(self, ratio: float) -> bool:
        return ratio < self.threshold if self.op == "<" \
            else ratio > self.threshold

    @property
    def meeting(self) -> int:
        return sum(self.meets(r) for r in self.ratios)

    @property
    def same_way(self) -> bool:
        return self.meeting in (0, len(self.ratios))

    def geometric_sd(self) -> Optional[float]:
        """exp(sd(ln ratio)) - 1; None when a ratio is 0 or infinite."""
        if len(self.ratios) < 2 or not all(
                0 < r < math.inf for r in self.ratios):
            return None
        return math.exp(statistics.stdev(math.log(r)
                                         for r in self.ratios)) - 1

    def describe(self) -> str:
        """"HP P99 x0.48..x0.62 per round (geometric sd 9 %), all 6 below
        1.1"."""
        k = len(self.ratios)
        side = "below" if self.op == "<" else "above"
        other = "at or above" if self.op == "<" else "at or below"
        if self.meeting == k:
            ways = f"all {k} {side} {self.threshold:g}"
        elif self.meeting == 0:
            ways = f"all {k} {other} {self.threshold:g}"
        else:
            ways = f"{self.meeting} of {k} {side} {self.threshold:g}"
        sd = self.geometric_sd()
        spread = f"geometric sd {sd * 100:.0f} %" if sd is not None \
            else "geometric sd -"
        return (f"{self.label} x{number(min(self.ratios))}.."
                f"x{number(max(self.ratios))} per round ({spread}), {ways}")


def judge(spreads: list[Spread], word: str,
          rounds_used: int) -> tuple[str, str]:
    """(status, detail) of "stable and repeatable" (see the module doc)."""
    if rounds_used < 2:
        return NOT_APPLICABLE, (f"{rounds_used} round used, nothing was "
                                "repeated: run with --xsb_rounds=N or "
                                "--xsb_rounds=auto")
    if not spreads:
        return NOT_APPLICABLE, "the compare tool gave no per-round ratios"
    detail = "; ".join(s.describe() for s in spreads)
    if not all(s.same_way for s in spreads):
        return NOT_MET, detail + ": the rounds point different ways"
    if word not in DECISIVE:
        return UNDECIDED, (detail + f": every round points the same way, "
                           f"but the verdict is {word}")
    return MET, detail + ": every round points the same way"
