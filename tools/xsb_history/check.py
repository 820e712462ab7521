"""check: a new results file against the comparable recorded runs up to a
target (a branch, a commit, or the merge base), per case and counter.

The baseline of a check is a lookback window: the last N comparable runs
(same machine and configuration) on the target's branch, ending with the
newest run at the target. Finding the target and the window needs the
store's rows only; judging is detect.check_value per counter."""

import re
from dataclasses import dataclass, field

from xsb_compare.counters import HIGHER, LOWER, direction_of, report_order

from . import detect
from .config import config_hash, config_of, differences, tracked_changes
from .errors import HistoryError, NothingComparable
from .ingest import ResultsFile, failures_of, non_finite_of
from .series import case_value, short

# Minimum relative effect per counter (--threshold NAME=F overrides); the
# tails move more than the middle, throughputs less.
DEFAULT_THRESHOLD = 0.10
THRESHOLDS = {"hp_p999_ms": 0.25, "hp_max_ms": 0.25,
              "hp_send_lag_p99_us": 0.25, "lp_iter_per_s": 0.05,
              "lp_samples_per_s": 0.05, "hp_achieved_rps": 0.05}
# The counters whose "worse" fails the gate unless --threshold names more:
# every HP percentile below the tail's P99.9 (P50 and P90 move less than
# P99 on a quiet machine, so they show a shift of the whole distribution
# soonest) and LP throughput.
GATED = ("hp_p50_ms", "hp_p90_ms", "hp_p99_ms", "lp_iter_per_s")
_HEX = re.compile(r"^[0-9a-fA-F]{4,40}$")


def threshold_of(counter: str, overrides: dict) -> float:
    if counter in overrides:
        return overrides[counter]
    return THRESHOLDS.get(counter, DEFAULT_THRESHOLD)


@dataclass(frozen=True)
class Target:
    """Where the baseline window ends."""
    description: str  # e.g. "merge-base 1a2b3c4d (branch main)"
    anchor_id: int  # the newest comparable run at the target
    branch: str


@dataclass(frozen=True)
class Row:
    case: str
    counter: str
    gated: bool
    judgement: object  # detect.Judgement


@dataclass
class CheckReport:
    target: str
    window: list  # RunRow, oldest first
    rows: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # "case: message"
    unmatched: list = field(default_factory=list)  # cases without history
    notes: list = field(default_factory=list)

    def count(self, verdict: str, gated_only: bool = False) -> int:
        return sum(1 for r in self.rows if r.judgement.verdict == verdict
                   and (r.gated or not gated_only))

    def exit_code(self) -> int:
        """--gate: 1 a gated counter is worse; 3 a case failed or nothing
        could be judged; else 0."""
        if self.count(detect.WORSE, gated_only=True):
            return 1
        judged = [r for r in self.rows if r.judgement.verdict in
                  (detect.WORSE, detect.BETTER, detect.SAME)]
        if self.failed or not judged:
            return 3
        return 0


def comparable(runs: list, machine: str, config: dict,
               ignore: tuple) -> list:
    """The runs of this machine whose configuration matches; raises
    NothingComparable with the reason when there is none."""
    here = [r for r in runs if r.machine == machine]
    if not here:
        known = sorted({r.machine for r in runs})
        raise NothingComparable(
            f"nothing comparable: no recorded run on machine '{machine}' "
            f"(machines recorded: {', '.join(known) or 'none'})")
    wanted = config_hash(config, ignore)
    same = [r for r in here if config_hash(r.config, ignore) == wanted]
    if not same:
        nearest = here[-1]
        lines = differences(config, nearest.config, ignore)
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        raise NothingComparable(
            f"not comparable: {lines[0]}{more} (newest run on this machine: "
            f"{nearest.id} at {short(nearest.commit)}); pass --ignore "
            f"{lines[0].split(' ', 1)[0]} to compare across it")
    return same


def _anchor_at(runs: list, commits: list, what: str) -> Target:
    """The newest run at the first of commits (newest first) that has one.
    """
    for depth, sha in enumerate(commits):
        at = [r for r in runs if r.commit == sha]
        if at:
            back = (f", its nearest recorded ancestor {short(sha)} is "
                    f"{depth} commit(s) back" if depth else "")
            return Target(what + back, at[-1].id, at[-1].branch)
    return None


def _merge_base_target(runs: list, head: str, base_branch: str, git,
                       cwd: str) -> Target:
    if not head:
        raise HistoryError("--against merge-base needs the new run's "
                           "commit: give --commit or run in the checkout")
    base = git.merge_base(head, base_branch, cwd)
    if not base:
        raise HistoryError(f"--against merge-base: git finds no merge base "
                           f"of {short(head)} and {base_branch} (fetch "
                           "that branch or give --base-branch)")
    target = _anchor_at(runs, git.ancestors(base, 200, cwd),
                        f"merge base {short(base)} with {base_branch}")
    if target is None:
        raise NothingComparable(
            f"nothing comparable: no comparable run at the merge base "
            f"{short(base)} or its 200 nearest ancestors")
    return target


def find_target(runs: list, against: str, head: str, base_branch: str,
                git, cwd: str = ".") -> Target:
    """The target among comparable runs: 'merge-base', a branch recorded in
    the history, a commit (prefix) recorded there, or any git ref whose
    nearest recorded ancestor is used."""
    if against == "merge-base":
        return _merge_base_target(runs, head, base_branch, git, cwd)
    on_branch = [r for r in runs if r.branch == against]
    if on_branch:
        return Target(f"branch {against} (newest run {on_branch[-1].id} at "
                      f"{short(on_branch[-1].commit)})", on_branch[-1].id,
                      against)
    if _HEX.match(against):
        at = [r for r in runs if r.commit.startswith(against.lower())]
        if at:
            return Target(f"commit {short(at[-1].commit)}", at[-1].id,
                          at[-1].branch)
    sha = git.resolve(against, cwd)
    target = sha and _anchor_at(runs, git.ancestors(sha, 200, cwd),
                                f"{against} ({short(sha)})")
    if not target:
        raise NothingComparable(f"nothing comparable: no comparable run on "
                                f"branch or at commit '{against}'")
    return target


def lookback(runs: list, target: Target, size: int) -> list:
    """The last `size` comparable runs on the target's branch, ending with
    the target's run."""
    return [r for r in runs if r.branch == target.branch
            and r.id <= target.anchor_id][-size:]


def _judge_case(case, base_cases: list, thresholds: dict, gated: tuple,
                alpha: float) -> list:
    counters = set().union(*case.repetitions)
    rows = []
    for counter in report_order(counters):
        direction = direction_of(counter)
        if direction not in (LOWER, HIGHER):
            continue
        baseline = [v for v in (case_value(c, counter) for c in base_cases)
                    if v is not None]
        judgement = detect.check_value(
            baseline, case_value(case, counter), direction,
            threshold_of(counter, thresholds), alpha)
        rows.append(Row(case.name, counter, counter in gated, judgement))
    return rows


def judge(new: ResultsFile, window: list, cases: dict, thresholds: dict,
          alpha: float, target: str) -> CheckReport:
    """Every case of the new run against its history in the window."""
    gated = GATED + tuple(c for c in thresholds if c not in GATED)
    report = CheckReport(target, window)
    for case in new.cases:
        if not case.measured:
            message = case.errors[0] if case.errors else "no counters"
            report.failed.append(f"{case.name}: {message}")
            continue
        failures = failures_of(case)
        if failures:
            report.notes.append(f"{case.name}: {len(failures)} "
                                f"repetition(s) failed ({failures[0]})")
        report.notes += [f"{case.name}: {counter} is {shown} in repetition "
                         f"{rep}: not finite, left out of its median here"
                         for counter, shown, rep in non_finite_of(case)]
        base_cases = [c for run in window for c in cases.get(run.id, [])
                      if c.name == case.name and c.measured]
        if not base_cases:
            report.unmatched.append(case.name)
            continue
        report.rows += _judge_case(case, base_cases, thresholds, gated,
                                   alpha)
    return report


def run_check(store, new: ResultsFile, machine: str, against: str,
              options: dict, git) -> CheckReport:
    """options: thresholds, ignore, lookback, alpha, head, base_branch,
    cwd. Raises NothingComparable or HistoryError."""
    if not new.measured:
        raise NothingComparable(
            f"nothing measured: every case of {new.path} failed or has no "
            "counters" + (f" ({new.cases[0].name}: "
                          f"{new.cases[0].errors[0]})"
                          if new.cases[0].errors else ""))
    runs = [r for r in store.runs() if r.content_hash != new.content_hash]
    config, ignore = config_of(new.context), tuple(options["ignore"])
    runs = comparable(runs, machine, config, ignore)
    target = find_target(runs, against, options["head"],
                         options["base_branch"], git, options["cwd"])
    window = lookback(runs, target, options["lookback"])
    report = judge(new, window, store.cases([r.id for r in window]),
                   options["thresholds"], options["alpha"],
                   target.description)
    newest = window[-1]
    report.notes += tracked_changes(new.context, newest.context)
    report.notes += ["compared across an ignored difference: " + line
                     for line in
                     differences(config, newest.config)
                     if line.split(" ", 1)[0] in ignore]
    return report
