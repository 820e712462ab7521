"""The main job simulated over compare's own verdict code (test_simulation
and docs/compare.md, "Simulated error rates").

Each round runs both arms once: n HP requests with lognormal latencies
(shape 0.5), each run's latencies scaled by its own drift factor
exp(N(0, 0.3)), the candidate's by the true ratio too; LP iter/s with a
drift of sigma 0.05. The run's P99 (nearest rank) is drawn directly as the
order statistic it is: the r-th smallest of n lognormal latencies is
exp(0.5 Phi^-1(U)), U ~ Beta(r, n + 1 - r) (test_simulation checks this
against sorting n draws). After every round k = k_min .. k_max (4 .. 14,
the main job's) the look asks xsb_compare.verdict.judge_rounds for the
word on the first k rounds, at the look's group-sequential level, and
stops when it is decisive (PASS or FAIL), exactly as xsb_bench's stop rule
does. A round's log ratio then has an sd of about 0.47, as the real main
job's rounds on a 2-core VM had (0.48 over 68 rounds of os-priority vs
baseline), so a true ratio of 0.7 is the real main job's case too.

The looks before the boundaries (union_bound_trial: each look at the
union bound's level, at most 10 rounds) are kept to show what they cost:
at a true 0.7 they PASS about 59 % of runs, as the real main job did.

The old method (before issue 21) is kept as a reference: one run of 400
requests per arm (the old main job's 40 s windows), each arm's P99
order-statistic interval at 95 %, the envelope of the runs' intervals and
the Bonferroni ratio [cand.low / base.high, cand.high / base.low]."""

import math
import random
import statistics
from dataclasses import dataclass
from typing import Optional

from xsb_compare import confidence as ci
from xsb_compare import counters as cn
from xsb_compare.estimate import Estimate
from xsb_compare.load import Case
from xsb_compare.names import parse_case_name
from xsb_compare.rounds import Arms, Setting
from xsb_compare.sequential import BOUNDARIES, SPENDING, Look, Plan, look_at
from xsb_compare.verdict import judge_criterion, judge_rounds, plan_criteria
from xsb_compare.words import VerdictWord

SHAPE = 0.5  # sigma of ln(latency)
DRIFT = 0.3  # sigma of ln(a run's scale)
LP_DRIFT = 0.05
REQUESTS = 100  # HP requests per run: the main job's 10 s at 10 req/s
K_MIN, K_MAX = 4, 14
ALPHA = 0.05
CRITERIA = plan_criteria(cn.DEFAULT_MAX_HP_P99_RATIO, cn.DEFAULT_MIN_LP_RATIO,
                         cn.HP_P99, cn.LP_THROUGHPUT)
OLD_REQUESTS = 400  # the old main job: one 40 s window at 10 req/s
_NAMES = {side: parse_case_name(f"DualModel/{side}/original/rate:10/batch:8/"
                                "duration_s:10")
          for side in ("baseline", "candidate")}
_NORMAL = statistics.NormalDist()
_P99_RANK = math.ceil(0.99 * REQUESTS)


@dataclass
class Outcome:
    word: VerdictWord
    different: bool  # the HP interval excludes 1
    rounds: int


def p99_order_statistic(rng: random.Random, n: int = REQUESTS) -> float:
    """One run's nearest-rank P99 of n lognormal(0, SHAPE) latencies."""
    rank = math.ceil(0.99 * n)
    return math.exp(SHAPE * _NORMAL.inv_cdf(rng.betavariate(rank,
                                                            n + 1 - rank)))


def p99_sorted(rng: random.Random, n: int = REQUESTS) -> float:
    """The same by sorting n draws (the check of the shortcut)."""
    draws = sorted(rng.lognormvariate(0.0, SHAPE) for _ in range(n))
    return ci.nearest_rank(draws, 0.99)


def _case(side: str, hp: list[float], lp: list[float]) -> Case:
    k = len(hp)
    return Case(_NAMES[side], "simulated",
                {cn.HP_P99: hp, cn.LP_THROUGHPUT: lp,
                 cn.HP_REQUESTS: [float(REQUESTS)] * k}, k,
                rounds=list(range(k)))


def _round(rng: random.Random, ratio: float) -> tuple[float, ...]:
    """(baseline P99, candidate P99, baseline LP, candidate LP)."""
    return (math.exp(rng.gauss(0, DRIFT)) * p99_order_statistic(rng),
            ratio * math.exp(rng.gauss(0, DRIFT)) * p99_order_statistic(rng),
            100.0 * math.exp(rng.gauss(0, LP_DRIFT)),
            100.0 * math.exp(rng.gauss(0, LP_DRIFT)))


def sequential_trial(rng: random.Random, ratio: float,
                     plan: Plan = Plan(BOUNDARIES, K_MIN, K_MAX),
                     look=look_at) -> Outcome:
    """One main job: rounds until a look is decisive or k_max."""
    rounds = []
    while True:
        rounds.append(_round(rng, ratio))
        k = len(rounds)
        if k < K_MIN:
            continue
        base_hp, cand_hp, base_lp, cand_lp = (list(c) for c in zip(*rounds))
        arms = Arms(_case("baseline", base_hp, base_lp),
                    _case("candidate", cand_hp, cand_lp))
        judged = judge_rounds(arms, CRITERIA,
                              Setting(look(plan, k, ALPHA), 1 - ALPHA))
        word = judged.verdict.word
        if word in (VerdictWord.PASS, VerdictWord.FAIL) or k == plan.k_max:
            return Outcome(word, judged.different(cn.HP_P99), k)


def unspent_trial(rng: random.Random, ratio: float) -> Outcome:
    """The same rounds with every look at the full alpha (fixed-rounds
    levels, no spending): the stop then picks its luckiest look."""
    return sequential_trial(rng, ratio,
                            look=lambda plan, k, alpha: Look(1, 1, alpha))


def union_bound_trial(rng: random.Random, ratio: float) -> Outcome:
    """The same rounds and stop at the union bound's levels (the main job
    before the boundaries: k_max 10)."""
    return sequential_trial(rng, ratio, Plan(SPENDING, K_MIN, 10))


def _old_arm(rng: random.Random, scale: float) -> Estimate:
    draws = [scale * rng.lognormvariate(0.0, SHAPE)
             for _ in range(OLD_REQUESTS)]
    found = ci.percentile_interval(draws, 0.99, 0.95)
    return Estimate(found.point, found.low, found.high, 0.95, found.valid)


def old_trial(rng: random.Random, ratio: float) -> Outcome:
    """The old main job: one run per arm; with more runs each arm's
    interval would be the envelope of its runs' (min low, max high)."""
    base = _old_arm(rng, math.exp(rng.gauss(0, DRIFT)))
    cand = _old_arm(rng, ratio * math.exp(rng.gauss(0, DRIFT)))
    if not (base.valid and cand.valid):
        return Outcome(VerdictWord.NO_VERDICT, False, 1)
    bonferroni = Estimate(cand.point / base.point, cand.low / base.high,
                          cand.high / base.low, 0.90)
    word = judge_criterion(CRITERIA[0], bonferroni)
    return Outcome(word, not bonferroni.low <= 1 <= bonferroni.high, 1)


def rates(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes)
    return {"PASS": sum(o.word == VerdictWord.PASS for o in outcomes) / n,
            "FAIL": sum(o.word == VerdictWord.FAIL for o in outcomes) / n,
            "different": sum(o.different for o in outcomes) / n,
            "rounds": statistics.fmean(o.rounds for o in outcomes)}


def simulate(trial, ratio: float, trials: int, seed: int) -> list[Outcome]:
    rng = random.Random(seed)
    return [trial(rng, ratio) for _ in range(trials)]


def _binomial_cdf(x: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i)
               for i in range(x + 1))


def rate_bound(count: int, n: int, upper: bool,
               tail: float = 0.001) -> float:
    """The one-sided (1 - tail) Clopper-Pearson bound on a rate seen
    count times in n trials: the simulation's own error."""
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        if upper:
            inside = _binomial_cdf(count, n, mid) > tail
        else:
            inside = 1 - _binomial_cdf(count - 1, n, mid) <= tail \
                if count else False
        if inside:
            low = mid
        else:
            high = mid
    return high if upper else low


def summary(ratio: float, outcomes: list[Outcome],
            name: Optional[str] = None) -> str:
    found = rates(outcomes)
    return (f"{name or 'rounds'} ratio {ratio:g}: PASS {found['PASS']:.1%}, "
            f"FAIL {found['FAIL']:.1%}, different {found['different']:.1%}, "
            f"mean rounds {found['rounds']:.1f} ({len(outcomes)} trials)")


if __name__ == "__main__":  # the figures docs/compare.md quotes
    for r, n in ((1.0, 2000), (0.5, 1000), (0.7, 2000), (1.2, 2000)):
        print(summary(r, simulate(sequential_trial, r, n, 21)))
        print(summary(r, simulate(union_bound_trial, r, n, 21),
                      "union bound, k_max 10"))
        print(summary(r, simulate(unspent_trial, r, n, 21), "no spending"))
        print(summary(r, simulate(old_trial, r, 1000, 21), "old"))
