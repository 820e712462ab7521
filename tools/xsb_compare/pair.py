"""Which cases are compared with which.

A candidate (a DualModel case of another scheduler) pairs with the baseline
scheduler's DualModel case whose name is the same once the scheduler part
and the scheduler's settings (parts after duration_s) are removed. With one
file, candidates are its cases of every other scheduler; with two, every
DualModel case of the second file is a candidate for the first file's
baseline cases. Standalone cases are found by scenario, rate, batch and
duration, in the case's own file first, then in the other."""

from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .counters import (SCHEDULER_CONTEXT_PREFIXES, UNCHECKED_CONTEXT_KEYS,
                       UNCHECKED_CONTEXT_PREFIXES)
from .errors import InputError
from .load import Case, Run, listing
from .names import DUAL_MODEL, key_text, standalone_name

# (path, context) of one file.
Context = tuple[str, dict[str, Any]]


@dataclass
class Pair:
    baseline: Case
    candidate: Case
    # role ("hp"/"lp") -> Standalone Case or None, for each side
    baseline_standalone: dict[str, Optional[Case]]
    candidate_standalone: dict[str, Optional[Case]]

    @property
    def key(self) -> tuple[str, ...]:
        return self.candidate.name.pair_key

    @property
    def test_only(self) -> bool:
        """A case whose run says its scheduler ran only as a test
        (xsb_xsched_test_only, xsb_scheduler_<name>_test_only): it had
        nothing to schedule, so the pair is no result."""
        return any(c.test_only_run for c in (self.baseline, self.candidate))


def _checked_keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return sorted(k for k in set(a) | set(b)
                  if k not in UNCHECKED_CONTEXT_KEYS
                  and not k.startswith(UNCHECKED_CONTEXT_PREFIXES))


def context_mismatches(first: Context, second: Context,
                       keys: Optional[Iterable[str]] = None) -> list[str]:
    """One line per context key both files have and disagree on: by
    default every key but UNCHECKED_CONTEXT_KEYS, else only `keys`."""
    (first_path, a), (second_path, b) = first, second
    names = _checked_keys(a, b) if keys is None else list(keys)
    return [f"{key} is '{a[key]}' in {first_path} but '{b[key]}' in "
            f"{second_path}"
            for key in names if key in a and key in b and a[key] != b[key]]


def context_gaps(first: Context, second: Context) -> list[str]:
    """Notes for checked keys only one file has (an older xsb_bench wrote
    the other): they cannot be compared. A scheduler's own keys are left
    out: a run without that scheduler's cases lacks them."""
    (first_path, a), (second_path, b) = first, second
    lines = []
    for key in _checked_keys(a, b):
        if (key in a) == (key in b) or key.startswith(
                SCHEDULER_CONTEXT_PREFIXES):
            continue
        has, lacks = ((first_path, second_path) if key in a
                      else (second_path, first_path))
        lines.append(f"context: {key} is only in {has}, so {lacks} cannot "
                     "be checked against it")
    return lines


def _dual_model(run: Run) -> list[Case]:
    return [c for c in run.cases.values() if c.name.family == DUAL_MODEL]


def _standalone(case: Case,
                runs: tuple[Run, ...]) -> dict[str, Optional[Case]]:
    found = {}
    for role in ("hp", "lp"):
        name = standalone_name(case.name, role)
        found[role] = next((r.cases[name] for r in runs if name in r.cases),
                           None)
    return found


def pair_runs(baseline_run: Run, candidate_run: Run,
              baseline_scheduler: str) -> tuple[list[Pair], list[str]]:
    """(pairs, notes). Raises InputError("no pairs: ...") when none pair."""
    one_file = baseline_run is candidate_run
    baselines: dict[tuple[str, ...], Case] = {}
    notes: list[str] = []
    for case in _dual_model(baseline_run):
        if case.name.scheduler != baseline_scheduler:
            continue
        key = case.name.pair_key
        if key in baselines:
            notes.append(f"several baseline cases for {key_text(key)}; "
                         f"using {baselines[key].name.name}")
            continue
        baselines[key] = case
    candidates = [c for c in _dual_model(candidate_run)
                  if not (one_file and c.name.scheduler == baseline_scheduler)]
    found = listing(c.name.name for c in _dual_model(candidate_run))
    if not baselines:
        raise InputError(
            f"no pairs: no DualModel/{baseline_scheduler}/... case in "
            f"{baseline_run.path} (found {listing(baseline_run.cases)})")
    if not candidates:
        raise InputError(
            f"no pairs: no candidate case (DualModel of a scheduler other "
            f"than {baseline_scheduler}) in {candidate_run.path} (found "
            f"{found})")
    pairs = []
    runs_for_candidate = (candidate_run, baseline_run)
    runs_for_baseline = (baseline_run, candidate_run)
    for candidate in candidates:
        baseline = baselines.get(candidate.name.pair_key)
        if baseline is None:
            notes.append(f"unpaired: {candidate.name.name} (no "
                         f"DualModel/{baseline_scheduler}/"
                         f"{key_text(candidate.name.pair_key)})")
            continue
        pairs.append(Pair(baseline, candidate,
                          _standalone(baseline, runs_for_baseline),
                          _standalone(candidate, runs_for_candidate)))
    if not pairs:
        raise InputError(
            f"no pairs: the candidate cases ({found}) and the baseline cases "
            f"({listing(c.name.name for c in baselines.values())}) differ "
            "in scenario or parameters")
    return pairs, notes
