"""Wording and number formats shared by the table and markdown reports."""

from typing import Optional

from . import counters as cn
from .diff import CounterDiff, PairDiff, Report, test_only_note
from .estimate import Estimate
from .names import key_text
from .paired import ONE_ROUND
from .reference import IMPROVED, MISSING, REGRESSION, Check, ReferenceResult
from .stats import Summary
from .verdict import CriterionResult
from .words import CheckStatus, VerdictWord

SIDES = ("baseline", "candidate")


def number(value: Optional[float]) -> str:
    """Four significant digits; whole numbers from 1000 up."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.4g}"


def spread(summary: Optional[Summary]) -> str:
    """"median" for one run, "median (min..max)" for repetitions."""
    if summary is None:
        return "-"
    if summary.n == 1:
        return number(summary.median)
    return f"{number(summary.median)} ({number(summary.low)}.." \
           f"{number(summary.high)})"


def change(ratio: Optional[float]) -> str:
    return "-" if ratio is None else f"{(ratio - 1) * 100:+.1f} %"


def outcome(diff: CounterDiff) -> str:
    """The outcome with what decided it: the rank test's p-value, and the
    ratio's interval when it has one (which then decides)."""
    text = str(diff.outcome)
    if diff.p_value is not None:
        text += f" p={diff.p_value:.2g}"
    r = diff.interval
    if r is not None and not r.valid:
        text += " (not supported by the sample)"
    elif r is not None and r.has_interval:
        text += f" ratio {confidence_pct(r.confidence)} CI " \
                f"{number(r.low)}..{number(r.high)}"
    return text


def pair_title(pair_diff: PairDiff) -> str:
    pair = pair_diff.pair
    return (f"{pair.candidate.name.variant} vs {pair.baseline.name.scheduler}"
            f": {key_text(pair.key)}")


def _round_list(rounds: list[int]) -> str:
    """0-5 for consecutive rounds, else 0, 2, 3."""
    if len(rounds) > 2 and rounds == list(range(rounds[0], rounds[-1] + 1)):
        return f"{rounds[0]}-{rounds[-1]}"
    return ", ".join(str(r) for r in rounds)


def rounds(report: Report, pair_diff: PairDiff) -> str:
    """"rounds: 6 used (0-5) of 6 run, alternating; stop: decisive" or
    "rounds: 1 used (0): 1 round: sampling noise only, ..."."""
    judged, run = pair_diff.rounds, report.rounds
    if judged is None or run is None:
        return "rounds: -"
    used = judged.rounds.used
    text = f"rounds: {len(used)} used"
    if used:
        text += f" ({_round_list(used)})"
    text += f" of {run.rounds_run} run"
    if len(used) == 1:
        return text + ": " + ONE_ROUND
    if len(used) >= 2:
        text += f", order {run.order}"
    if run.stop:
        text += f"; stop: {run.stop}"
    return text


def look(report: Report) -> Optional[str]:
    """"intervals at 98.9 %: look 3 of 7 (sequential: ...)" for a
    sequential run, None for fixed rounds."""
    run = report.rounds
    if run is None or run.plan.looks == 1:
        return None
    text = (f"intervals at {confidence_pct(run.look.level)}: look "
            f"{run.look.index} of {run.look.looks} ({run.plan.describe()}; "
            f"the looks share {confidence_pct(1 - run.confidence)})")
    return text + (f"; {run.look.note}" if run.look.note else "")


def left_out(pair_diff: PairDiff) -> list[str]:
    """"left out: round 2: the candidate failed (...)", one per round."""
    if pair_diff.rounds is None:
        return []
    return ["left out: " + why for why in pair_diff.rounds.rounds.left_out]


def per_round(pair_diff: PairDiff) -> list[str]:
    """Each criterion's per-round ratios and, from 6 rounds, its
    signed-rank interval (shown, not used)."""
    if pair_diff.rounds is None:
        return []
    lines = []
    for counter, found in pair_diff.rounds.ratios.items():
        if found is None or len(found.rounds) < 2:
            continue
        values = ", ".join(f"{r.round}: x{number(r.ratio)}"
                           for r in found.rounds)
        lines.append(f"{counter} per round: {values}")
        if found.signed_rank is not None:
            lines.append(f"{counter} signed-rank (Hodges-Lehmann) "
                         f"x{number(found.signed_rank.point)}"
                         f"{interval(found.signed_rank)}")
        elif found.signed_rank_note:
            lines.append(f"{counter} signed-rank interval "
                         f"{found.signed_rank_note}")
    return lines


def arm(figure: Optional[Estimate], unit: str) -> str:
    """"4.1 ms [3.9, 4.4] pooled over 6 rounds"."""
    if figure is None:
        return "-"
    text = f"{number(figure.point)} {unit}"
    if figure.has_interval:
        text += f" [{number(figure.low)}, {number(figure.high)}]"
    return text + (f" {figure.method}" if figure.method else "")


def arms(pair_diff: PairDiff) -> list[str]:
    """One line per figure: each arm's figure over the rounds used."""
    lines = []
    for counter, sides in pair_diff.arms.items():
        if not any(sides.values()):
            continue
        unit = cn.unit_of(counter)
        title = cn.INTERVALS[counter].title if counter in cn.INTERVALS \
            else counter
        lines.append(f"{title} per arm: baseline "
                     f"{arm(sides.get('baseline'), unit)}, candidate "
                     f"{arm(sides.get('candidate'), unit)}")
    return lines


def confidence_pct(confidence: float) -> str:
    return f"{round(confidence * 100, 1):g} %"


def percent(value: float) -> str:
    """A percentage without its sign: whole from 10 up, else one decimal."""
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"


def span(low: float, high: float) -> str:
    """"11-27" or, with a negative end, "-5 to 11"."""
    if low < 0 or high < 0:
        return f"{percent(low)} to {percent(high)}"
    return f"{percent(low)}-{percent(high)}"


def interval(ratio: Optional[Estimate]) -> str:
    """" (95 % CI 0.81-0.93)", " (no interval)" or "" without a ratio."""
    if ratio is None:
        return ""
    if not ratio.valid:
        return " (not supported by the sample)"
    if not ratio.has_interval:
        return " (no interval)"
    method = f"; {ratio.method}" if ratio.method else ""
    return (f" ({confidence_pct(ratio.confidence)} CI {number(ratio.low)}"
            f"-{number(ratio.high)}{method})")


def standalone(pair_diff: PairDiff) -> Optional[str]:
    """One line with the ratios to the Standalone cases, or None."""
    parts = []
    for metric, title in ((cn.HP_SLOWDOWN, "HP P99 slowdown"),
                          (cn.LP_RETENTION, "LP throughput retention"),
                          (cn.SYSTEM_THROUGHPUT, "system throughput")):
        values = [pair_diff.standalone[side].get(metric) for side in SIDES]
        if any(v is not None for v in values):
            ratio = pair_diff.standalone_ratios.get(metric)
            parts.append(f"{title} baseline {number(values[0])}x, "
                         f"candidate {number(values[1])}x"
                         + interval(ratio))
    return "standalone: " + "; ".join(parts) if parts else None


def criterion(result: CriterionResult) -> str:
    if result.ratio is None:
        return f"{result.criterion.describe()}: ratio missing {result.status}"
    text = (f"{result.criterion.describe()}: ratio "
            f"{number(result.ratio.point)}{interval(result.ratio)} "
            f"{result.status}")
    if result.inside_noise:
        text += " (difference inside the noise)"
    return text


def verdict_word(pair_diff: PairDiff) -> VerdictWord:
    return pair_diff.verdict.word


def _hp_words(ratio: Optional[Estimate]) -> str:
    if ratio is None:
        return "HP P99 missing"
    cut = ratio.point <= 1
    text = (f"cut HP P99 by {percent((1 - ratio.point) * 100)} %" if cut
            else f"raised HP P99 by {percent((ratio.point - 1) * 100)} %")
    if not ratio.valid:
        return text + " (P99 not supported by the sample)"
    if not ratio.has_interval:
        return text + " (no interval)"
    low, high = ((1 - ratio.high, 1 - ratio.low) if cut
                 else (ratio.low - 1, ratio.high - 1))
    return (text + f" ({confidence_pct(ratio.confidence)} CI "
            f"{span(low * 100, high * 100)} %)")


def _lp_words(ratio: Optional[Estimate]) -> str:
    if ratio is None:
        return "LP throughput missing"
    text = f"LP kept {percent(ratio.point * 100)} %"
    if not ratio.has_interval:
        return text + " (no interval)"
    return (text + f" ({confidence_pct(ratio.confidence)} CI "
            f"{span(ratio.low * 100, ratio.high * 100)} %)")


def headline(pair_diff: PairDiff) -> str:
    """"xsched cut HP P99 by 19 % (95 % CI 11-27 %), LP kept 97 % (95 % CI
    93-101 %): PASS"."""
    name = pair_diff.pair.candidate.name.variant
    if pair_diff.verdict.word == VerdictWord.TEST_ONLY:
        why = test_only_note(pair_diff.pair.candidate.name.scheduler)
        return (f"{name}: TEST-ONLY, no verdict: "
                + why.removeprefix("TEST-ONLY: ").removesuffix(": no verdict"))
    hp = pair_diff.ratio_of(cn.HP_P99)
    single = hp is not None and hp.method == ONE_ROUND
    return (f"{name} {_hp_words(hp)}, "
            f"{_lp_words(pair_diff.ratio_of(cn.LP_THROUGHPUT))}: "
            f"{pair_diff.verdict.word}" + (f" ({ONE_ROUND})" if single
                                           else ""))


def thresholds(report: Report) -> str:
    parts = [c.describe() for c in report.criteria]
    return ("verdict: " + ", ".join(parts) +
            f"; \"same\": rank-sum p > {report.alpha:g}")


def summary(report: Report) -> str:
    words = [p.verdict.word for p in report.pairs]
    noun = "pair" if len(report.pairs) == 1 else "pairs"
    text = (f"{len(report.pairs)} {noun}: {words.count(VerdictWord.PASS)} "
            f"passed, {words.count(VerdictWord.FAIL)} failed")
    for word, title in ((VerdictWord.INCONCLUSIVE, "inconclusive"),
                        (VerdictWord.NO_VERDICT, "with no verdict"),
                        (VerdictWord.TEST_ONLY, "test-only")):
        if word in words:
            text += f", {words.count(word)} {title}"
    if report.reference is not None:
        text += "; " + reference_summary(report.reference)
    return text


def test_only(report: Report) -> list[str]:
    """A line per file with cases that are a pipeline test."""
    lines = []
    for path in report.test_only_files:
        names = report.test_only_schedulers.get(path, [])
        if names in ([], ["xsched"]):
            lines.append(f"TEST-ONLY: {path} says xsb_xsched_test_only: its "
                         "xsched cases are a test of the pipeline, not a "
                         "result; they get no verdict")
        else:
            lines.append(f"TEST-ONLY: {path} ran {', '.join(names)} on the "
                         "cpu backend as a test of the pipeline "
                         "(xsb_scheduler_<name>_test_only): those cases are "
                         "not a result; they get no verdict")
    return lines


def reference_summary(result: ReferenceResult) -> str:
    counts: dict[CheckStatus, int] = {}
    for c in result.checks:
        counts[c.status] = counts.get(c.status, 0) + 1
    parts = [f"{counts[s]} {s}" for s in (REGRESSION, MISSING, IMPROVED,
                                          CheckStatus.OK)
             if s in counts]
    return f"reference {result.path}: " + (", ".join(parts) or "no checks")


def reference_row(check: Check) -> list[str]:
    return [check.pair, check.metric, number(check.reference),
            number(check.current), f"{check.tolerance:g}", check.status]


REFERENCE_HEADER = ["pair", "ratio", "reference", "current", "tolerance",
                    "status"]
COUNTER_HEADER = ["counter", "unit", "better", "baseline", "candidate",
                  "change", "outcome"]


def counter_row(diff: CounterDiff) -> list[str]:
    return [diff.name, diff.unit, diff.direction, spread(diff.baseline),
            spread(diff.candidate), change(diff.ratio), outcome(diff)]
