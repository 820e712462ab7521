"""Which cases are compared with which.

A candidate (a DualModel case of another scheduler) pairs with the baseline
scheduler's DualModel case whose name is the same once the scheduler part
and the scheduler's settings (parts after duration_s) are removed. With one
file, candidates are its cases of every other scheduler; with two, every
DualModel case of the second file is a candidate for the first file's
baseline cases. Standalone cases are found by scenario, rate, batch and
duration, in the case's own file first, then in the other."""

from dataclasses import dataclass

from .counters import MATCHED_CONTEXT_KEYS
from .errors import InputError
from .load import listing
from .names import DUAL_MODEL, key_text, standalone_name


@dataclass
class Pair:
    baseline: object  # load.Case
    candidate: object  # load.Case
    # role ("hp"/"lp") -> Standalone Case or None, for each side
    baseline_standalone: dict
    candidate_standalone: dict

    @property
    def key(self):
        return self.candidate.name.pair_key


def context_mismatches(first, second, keys=MATCHED_CONTEXT_KEYS):
    """One line per context fact both have and disagree on. first and
    second are (path, context dict)."""
    (first_path, a), (second_path, b) = first, second
    return [f"{key} is '{a[key]}' in {first_path} but '{b[key]}' in "
            f"{second_path}"
            for key in keys if key in a and key in b and a[key] != b[key]]


def _dual_model(run):
    return [c for c in run.cases.values() if c.name.family == DUAL_MODEL]


def _standalone(case, runs):
    found = {}
    for role in ("hp", "lp"):
        name = standalone_name(case.name, role)
        found[role] = next((r.cases[name] for r in runs if name in r.cases),
                           None)
    return found


def pair_runs(baseline_run, candidate_run, baseline_scheduler):
    """(pairs, notes). Raises InputError("no pairs: ...") when none pair."""
    one_file = baseline_run is candidate_run
    baselines = {}
    notes = []
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
