"""The per-request sample files xsb_bench writes with --xsb_samples_dir
(bench/samples_writer.h): one per case and repetition."""

import os
from dataclasses import dataclass
from typing import Any, Optional

from .errors import InputError
from .load import read_json
from .names import CaseName, parse_case_name

FORMAT = "xsb_samples"
_HP_COLUMNS = ["scheduled_ns", "sent_ns", "completed_ns", "latency_ns",
               "in_window"]


@dataclass
class SampleRun:
    case: CaseName
    repetition: int
    path: str
    window_s: tuple[float, float]  # (begin, end), seconds since T0
    # Every HP request: (scheduled s since T0, latency ms, inside window).
    hp: list[tuple[float, float, bool]]
    lp_completions_s: list[float]  # every LP completion, seconds since T0

    def window_latencies_ms(self) -> list[float]:
        return [latency for _, latency, inside in self.hp if inside]


def parse_samples(doc: Any, path: str) -> Optional[SampleRun]:
    """A SampleRun, or None when doc is some other JSON document. Raises
    InputError for a sample file that is malformed."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    try:
        if doc["version"] != 1:
            raise InputError(f"{path}: sample file version "
                             f"{doc['version']!r} is not 1")
        if doc["hp_columns"] != _HP_COLUMNS:
            raise InputError(f"{path}: unexpected hp_columns "
                             f"{doc['hp_columns']!r}")
        case = parse_case_name(doc["case"])
        if case is None:
            raise InputError(f"{path}: '{doc['case']}' is not an xsb_bench "
                             "case name")
        begin, end = doc["window_ns"]
        hp = [(s / 1e9, latency / 1e6, bool(inside))
              for s, _, _, latency, inside in doc["hp"]]
        lp = [t / 1e9 for t, _ in doc["lp"]]
        return SampleRun(case, int(doc["repetition"]), path,
                         (begin / 1e9, end / 1e9), hp, lp)
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(f"{path}: malformed sample file ({type(e).__name__}"
                         f": {e})") from None


def read_samples_dir(directory: str) -> list[SampleRun]:
    """Every sample file in the directory, by case name then repetition.
    Raises InputError when there is none or one is unreadable."""
    try:
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        raise InputError(f"{directory}: no such directory") from None
    except NotADirectoryError:
        raise InputError(f"{directory}: not a directory") from None
    except OSError as e:
        raise InputError(f"{directory}: cannot list: {e.strerror}") from None
    runs = []
    for name in names:
        if not name.endswith(".json"):
            continue
        path = os.path.join(directory, name)
        run = parse_samples(read_json(path, "sample file"), path)
        if run is not None:
            runs.append(run)
    if not runs:
        raise InputError(f"{directory}: no sample files (write them with "
                         f"xsb_bench --xsb_samples_dir={directory})")
    runs.sort(key=lambda r: (r.case.name, r.repetition))
    return runs
