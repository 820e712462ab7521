"""The run as a timeline in the Chrome trace event format (a JSON object
with "traceEvents"), which Perfetto and chrome://tracing open.

One process per case and repetition. Thread "HP worker": one complete
("X") slice per HP request from its scheduled time to its completion (args:
send lag, in window). Perfetto does not draw overlapping slices on one
track, so a request scheduled before an earlier one completed (queued
behind it) goes on the first extra track "HP worker, queued N" where it
fits. Thread "LP worker": one slice per LP iteration from the previous
iteration's completion (T0 for the first: the worker runs iterations back
to back) to its own. Thread "measurement window": one slice. Times are µs
after the case's T0, so every case starts at 0 and cases line up for
comparison."""

from typing import Any

from .runs import Samples

HP_TID, LP_TID, WINDOW_TID = 1, 2, 3
QUEUED_TID = 10  # + N - 1 for "HP worker, queued N"
HP_SLICE, LP_SLICE = "HP request", "LP iteration"


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


def _lp_events(pid: int, s: Samples) -> list[dict[str, Any]]:
    events, start = [], 0
    for index, (done, inside) in enumerate(s.lp):
        events.append({"ph": "X", "pid": pid, "tid": LP_TID,
                       "name": LP_SLICE, "cat": "lp", "ts": _us(start),
                       "dur": _us(max(0, done - start)),
                       "args": {"iteration": index, "in_window": inside}})
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
