"""The run as a timeline in the Chrome trace event format (a JSON object
with "traceEvents"), which Perfetto and chrome://tracing open.

One process per case and repetition. Thread "HP worker": one complete
("X") slice per HP request from its scheduled time to its completion (args:
send lag, in window). Perfetto does not draw overlapping slices on one
track, so a request scheduled before an earlier one completed (queued
behind it) goes on the first extra track "HP worker, queued N" where it
fits. Thread "LP worker": one slice per LP iteration from the previous
iteration's completion (T0 for the first: the worker runs iterations back
to back) to its own; a run of more than LP_SLICES_MAX iterations gets one
slice per LP_BIN_NS bin instead (named "LP iterations", args: how many),
which keeps the file proportionate (a 3-minute main job's trace was 20
MB) while a gap still shows an LP stall. Thread "measurement window": one
slice. Times are µs
after the case's T0, so every case starts at 0 and cases line up for
comparison."""

from typing import Any

from .runs import Samples

HP_TID, LP_TID, WINDOW_TID = 1, 2, 3
QUEUED_TID = 10  # + N - 1 for "HP worker, queued N"
HP_SLICE, LP_SLICE = "HP request", "LP iteration"
LP_BIN_SLICE = "LP iterations"
# Per run: up to this many LP iterations each get a slice; more are
# aggregated into bins (docs/report.md, "trace.json").
LP_SLICES_MAX = 2000
LP_BIN_NS = 100_000_000


def _metadata(pid: int, process: str) -> list[dict[str, Any]]:
    events = [{"ph": "M", "pid": pid, "tid": 0, "name": "process_name",
               "args": {"name": process}},
              {"ph": "M", "pid": pid, "tid": 0, "name": "process_sort_index",
               "args": {"sort_index": pid}}]
    for tid, name in ((HP_TID, "HP worker"), (LP_TID, "LP worker"),
                      (WINDOW_TID, "measurement window")):
        events.append({"ph": "M", "pid": pid, "tid": tid,
                       "name": "thread_name", "args": {"name": name}})
    return events


def _us(ns: int) -> float:
    return ns / 1000.0


def hp_lanes(hp: list[tuple[int, int, int, int, bool]]) -> list[int]:
    """Per request, its track: 0 (the HP worker's) or N for "queued N",
    the first whose slices all ended by the request's scheduled time."""
    ends: list[int] = []
    lanes = []
    for scheduled, _, completed, _, _ in hp:
        lane = next((i for i, end in enumerate(ends) if end <= scheduled),
                    len(ends))
        if lane == len(ends):
            ends.append(completed)
        ends[lane] = completed
        lanes.append(lane)
    return lanes


def _hp_events(pid: int, s: Samples) -> list[dict[str, Any]]:
    lanes = hp_lanes(s.hp)
    events = [{"ph": "M", "pid": pid, "tid": QUEUED_TID + lane - 1,
               "name": "thread_name",
               "args": {"name": f"HP worker, queued {lane}"}}
              for lane in range(1, max(lanes, default=0) + 1)]
    for index, ((scheduled, sent, _, latency, inside), lane) in enumerate(
            zip(s.hp, lanes)):
        events.append({
            "ph": "X", "pid": pid, "name": HP_SLICE, "cat": "hp",
            "tid": HP_TID if lane == 0 else QUEUED_TID + lane - 1,
            "ts": _us(scheduled), "dur": _us(latency),
            "args": {"request": index, "send_lag_us": _us(sent - scheduled),
                     "latency_ms": latency / 1e6, "in_window": inside}})
    return events


def _lp_slice(pid: int, name: str, start: int, done: int,
              args: dict[str, Any]) -> dict[str, Any]:
    return {"ph": "X", "pid": pid, "tid": LP_TID, "name": name, "cat": "lp",
            "ts": _us(start), "dur": _us(max(0, done - start)), "args": args}


def lp_bins(lp: list[tuple[int, bool]]) -> list[tuple[int, int, int, int]]:
    """(first index, last index, start ns, last completion ns) per LP_BIN_NS
    bin of completions that holds any; a bin starts at the completion
    before its first (T0 for the first), so bins tile the timeline."""
    bins: list[tuple[int, int, int, int]] = []
    start = 0
    for index, (done, _) in enumerate(lp):
        if bins and bins[-1][3] // LP_BIN_NS == done // LP_BIN_NS:
            bins[-1] = (bins[-1][0], index, bins[-1][2], done)
        else:
            bins.append((index, index, start, done))
        start = done
    return bins


def _lp_events(pid: int, s: Samples) -> list[dict[str, Any]]:
    if len(s.lp) > LP_SLICES_MAX:
        return [_lp_slice(pid, LP_BIN_SLICE, start, done,
                          {"iterations": last - first + 1,
                           "first_iteration": first,
                           "in_window": sum(s.lp[i][1]
                                            for i in range(first, last + 1))})
                for first, last, start, done in lp_bins(s.lp)]
    events, start = [], 0
    for index, (done, inside) in enumerate(s.lp):
        events.append(_lp_slice(pid, LP_SLICE, start, done,
                                {"iteration": index, "in_window": inside}))
        start = done
    return events


def trace_events(samples: list[Samples]) -> dict[str, Any]:
    """The trace document of these sample files (pids from 1, in order)."""
    events: list[dict[str, Any]] = []
    for pid, s in enumerate(samples, start=1):
        events += _metadata(pid, f"{s.case} rep {s.repetition}")
        begin, end = s.window_ns
        events.append({"ph": "X", "pid": pid, "tid": WINDOW_TID,
                       "name": "measurement window", "cat": "window",
                       "ts": _us(begin), "dur": _us(end - begin),
                       "args": {}})
        events += _hp_events(pid, s) + _lp_events(pid, s)
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"source": "xsb_bench --xsb_samples_dir",
                          "clock": "µs after each case's T0"}}
