"""The verdicts and ratios, as the compare tool (tools/xsb_compare) gives
them: it is run as a subprocess with --format json and its answer is read
defensively (fields it does not write yet fall back to older ones). Nothing
here judges a run itself."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

from .noise import PairNoise, read_noise

PASS, FAIL, INCONCLUSIVE = "PASS", "FAIL", "INCONCLUSIVE"
TEST_ONLY, NO_VERDICT = "TEST-ONLY", "NO-VERDICT"
TEST_ONLY_KEY = "xsb_xsched_test_only"
HP_P99, LP_THROUGHPUT = "hp_p99_ms", "lp_iter_per_s"
HP_SLOWDOWN, LP_RETENTION = "hp_p99_slowdown", "lp_retention"
SYSTEM_THROUGHPUT = "system_throughput"
_OLD_RETENTION = "lp_throughput_retention"
_WORST_FIRST = (FAIL, INCONCLUSIVE, PASS)


@dataclass
class Interval:
    """A ratio with its confidence interval when the tool gives one."""
    point: Optional[float]
    low: Optional[float] = None
    high: Optional[float] = None
    confidence: Optional[float] = None


@dataclass
class Criterion:
    counter: str
    op: str  # "<" or ">"
    threshold: float
    ratio: Optional[float]
    passed: bool
    inside_noise: bool
    # The compare tool's word for it (PASS, FAIL, INCONCLUSIVE, ...) and
    # the ratio's interval, when it gives them.
    status: Optional[str] = None
    interval: Optional["Interval"] = None


@dataclass
class PairVerdict:
    key: str  # scenario and parameters
    baseline: str  # case names
    candidate: str
    variant: str  # the candidate's scheduler and settings
    word: str
    hp_p99_ratio: Optional[Interval]
    lp_ratio: Optional[Interval]
    # "baseline"/"candidate" -> HP_SLOWDOWN/LP_RETENTION/... -> Interval
    standalone: dict[str, dict[str, Interval]]
    criteria: list[Criterion]
    reasons: list[str]
    validity_notes: list[str]
    # counter -> compare's {"median", "min", "max", "values"} per side
    counters: dict[str, dict[str, Any]]
    repetitions: dict[str, int]
    # The paired rounds (compare's "rounds"): the rounds used, those left
    # out and why, and each criterion's per-round (round, ratio).
    rounds_used: list[int] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    per_round: dict[str, list[tuple[int, float]]] = field(
        default_factory=dict)
    # figure -> "baseline"/"candidate" -> the arm's figure over the rounds
    arms: dict[str, dict[str, Interval]] = field(default_factory=dict)
    # What else used the machine in its windows (compare's "noise").
    noise: Optional[PairNoise] = None

    def criterion(self, counter: str) -> Optional["Criterion"]:
        return next((c for c in self.criteria if c.counter == counter),
                    None)


@dataclass
class RunRounds:
    """How the run's rounds ran (compare's top-level "rounds")."""
    run: int  # K
    stop: Optional[str]  # "decisive", "max", "fixed", ... or None
    level: Optional[float]  # the intervals' confidence (the look's)
    look: int = 1
    looks: int = 1
    order: str = ""


@dataclass
class Comparison:
    word: str  # the run's verdict
    pairs: list[PairVerdict]
    notes: list[str] = field(default_factory=list)
    gate_code: int = 0  # what compare --gate would exit with
    rounds: Optional[RunRounds] = None


def compare_command(run_path: str, tools_dir: str,
                    extra: tuple[str, ...] = ()) -> list[str]:
    """`python3 -m xsb_compare RUN --format json`, or tools/compare.py
    where the package has no __main__ yet."""
    if os.path.exists(os.path.join(tools_dir, "xsb_compare",
                                   "__main__.py")):
        head = [sys.executable, "-m", "xsb_compare"]
    else:
        head = [sys.executable, os.path.join(tools_dir, "compare.py")]
    return head + [run_path, "--format", "json", *extra]


def run_compare(run_path: str, tools_dir: str,
                extra: tuple[str, ...] = ()) -> tuple[Optional[dict], str]:
    """(compare's JSON, "") or (None, why there is none)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (tools_dir, env.get("PYTHONPATH", "")) if p)
    try:
        done = subprocess.run(compare_command(run_path, tools_dir, extra),
                              capture_output=True, text=True, env=env,
                              timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"the compare tool did not run ({e})"
    lines = done.stderr.strip().splitlines()
    if done.returncode not in (0, 1):
        return None, (lines[-1] if lines else
                      f"the compare tool exited with {done.returncode}")
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError:
        return None, "the compare tool's output is not JSON"


def interval(value: Any) -> Optional[Interval]:
    """An Interval from {"point", "low", "high", "confidence"} or a bare
    number; None for anything else."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Interval(float(value))
    if not isinstance(value, dict):
        return None
    point = value.get("point")
    if not isinstance(point, (int, float)):
        return None
    return Interval(float(point), value.get("low"), value.get("high"),
                    value.get("confidence"))


def _standalone(pair: dict) -> dict[str, dict[str, Interval]]:
    old = pair.get("standalone") or {}
    sides: dict[str, dict[str, Interval]] = {}
    for side in ("baseline", "candidate"):
        ratios = old.get(side) or {}
        retention = ratios.get(LP_RETENTION, ratios.get(_OLD_RETENTION))
        found = ((HP_SLOWDOWN, interval(ratios.get(HP_SLOWDOWN))),
                 (LP_RETENTION, interval(retention)))
        sides[side] = {name: iv for name, iv in found if iv is not None}
    new = pair.get("standalone_ratios")
    if isinstance(new, dict):
        for name, value in new.items():
            iv = interval(value)
            if iv is not None:
                sides["candidate"][name] = iv
    return sides


def _criteria(pair: dict) -> list[Criterion]:
    found = []
    for c in (pair.get("verdict") or {}).get("criteria") or []:
        found.append(Criterion(str(c.get("counter")), str(c.get("op")),
                               c.get("threshold"), c.get("ratio"),
                               bool(c.get("passed")),
                               bool(c.get("inside_noise")),
                               c.get("status") if isinstance(
                                   c.get("status"), str) else None,
                               interval(c.get("interval"))))
    return found


def _ratio_of(pair: dict, field_name: str, counter: str) -> Optional[Interval]:
    found = interval(pair.get(field_name))
    if found is not None:
        return found
    for c in pair.get("counters") or []:
        if c.get("name") == counter:
            return interval(c.get("ratio"))
    return None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _per_round(rounds: dict) -> dict[str, list[tuple[int, float]]]:
    found = {}
    for counter, data in (rounds.get("criteria") or {}).items():
        rows = (data or {}).get("per_round") or []
        found[counter] = [(int(r["round"]), float(r["ratio"])) for r in rows
                          if isinstance(r, dict) and _number(r.get("ratio"))
                          is not None and _number(r.get("round")) is not None]
    return found


def _arms(pair: dict) -> dict[str, dict[str, Interval]]:
    found: dict[str, dict[str, Interval]] = {}
    for figure, sides in (pair.get("arms") or {}).items():
        found[figure] = {side: iv for side, iv in (
            (side, interval(value)) for side, value in (sides or {}).items())
            if iv is not None}
    return found


def run_rounds(data: dict) -> Optional[RunRounds]:
    found = data.get("rounds")
    if not isinstance(found, dict) or _number(found.get("run")) is None:
        return None
    return RunRounds(int(found["run"]), found.get("stop"),
                     _number(found.get("level")),
                     int(_number(found.get("look")) or 1),
                     int(_number(found.get("looks")) or 1),
                     str(found.get("order") or ""))


def pair_verdict(pair: dict, test_only: bool) -> PairVerdict:
    variant = "/".join([str(pair.get("candidate_scheduler", "?"))] +
                       [str(s) for s in pair.get("candidate_settings") or []])
    word = pair.get("verdict_word")
    if word not in (PASS, FAIL, INCONCLUSIVE, TEST_ONLY, NO_VERDICT):
        passed = (pair.get("verdict") or {}).get("passed")
        word = PASS if passed else FAIL
        if test_only and pair.get("candidate_scheduler") == "xsched":
            word = TEST_ONLY
    counters = {c["name"]: c for c in pair.get("counters") or []
                if isinstance(c, dict) and "name" in c}
    verdict = pair.get("verdict") or {}
    rounds = pair.get("rounds") if isinstance(pair.get("rounds"),
                                              dict) else {}
    return PairVerdict(
        str(pair.get("key", "")), str(pair.get("baseline", "")),
        str(pair.get("candidate", "")), variant, word,
        _ratio_of(pair, "hp_p99_ratio", HP_P99),
        _ratio_of(pair, "lp_ratio", LP_THROUGHPUT), _standalone(pair),
        _criteria(pair), list(verdict.get("reasons") or []),
        [str(n) for n in pair.get("validity_notes") or []], counters,
        dict(pair.get("repetitions") or {}),
        [int(r) for r in rounds.get("used") or []],
        [str(n) for n in rounds.get("left_out") or []], _per_round(rounds),
        _arms(pair), read_noise(pair))


def overall_word(words: list[str], test_only: bool) -> str:
    """The run's verdict: TEST-ONLY for a test-only run, else the worst of
    the pairs' (FAIL, INCONCLUSIVE, PASS), NO-VERDICT without any."""
    if test_only:
        return TEST_ONLY
    for word in _WORST_FIRST:
        if word in words:
            return word
    return NO_VERDICT


def test_only_run(context: dict) -> bool:
    """The run says a scheduler ran only as a test of the pipeline
    (xsb_xsched_test_only, xsb_scheduler_<name>_test_only)."""
    return TEST_ONLY_KEY in context or any(
        k.startswith("xsb_scheduler_") and k.endswith("_test_only")
        for k in context)


def read_comparison(data: Optional[dict], why: str,
                    context: dict) -> Comparison:
    """The Comparison from compare's JSON (None: `why` says why not)."""
    test_only = test_only_run(context)
    if data is None:
        return Comparison(overall_word([], test_only), [],
                          [f"no verdict: {why}"], 0)
    pairs = [pair_verdict(p, test_only) for p in data.get("pairs") or []
             if isinstance(p, dict)]
    word = overall_word([p.word for p in pairs], test_only)
    gate = data.get("exit_code_gate")
    if not isinstance(gate, int):
        gate = 1 if word == FAIL else 0
    notes = [str(n) for n in data.get("notes") or []]
    return Comparison(word, pairs, notes, gate, run_rounds(data))


def compare_run(run_path: str, context: dict, tools_dir: str,
                extra: tuple[str, ...] = ()) -> Comparison:
    data, why = run_compare(run_path, tools_dir, extra)
    return read_comparison(data, why, context)
