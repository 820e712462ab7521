"""Shared by the report tests (test_report*.py): a small synthetic run, a
PNG reader, the report.md table reader and the skip convention (exit code
77, which ctest reports as skipped: SKIP_RETURN_CODE)."""

import json
import os
import struct
import sys
import zlib
from typing import Any, Optional

from xsb_compare import confidence as ci

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
REPORT = os.path.join(TOOLS, "report.py")

SKIP = 77
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BYTES_PER_PIXEL = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type, 8-bit depth
BASE = "DualModel/baseline/smoke/rate:20/batch:8/duration_s:2"
OS = "DualModel/os-priority/smoke/rate:20/batch:8/duration_s:2"
HP_ALONE = "Standalone/hp/smoke/rate:20/duration_s:2"
LP_ALONE = "Standalone/lp/smoke/batch:8/duration_s:2"
CONTEXT = {"xsb_backend": "cpu", "xsb_device": "test CPU",
           "xsb_arrival": "uniform", "xsb_seed": "42",
           "xsb_hp_model": "mlp layers=4", "xsb_lp_model": "mlp layers=4",
           "xsb_percentiles": "exact, nearest rank"}


def matplotlib_missing() -> Optional[str]:
    """Why matplotlib cannot be used here, or None."""
    try:
        import matplotlib  # noqa: F401
        return None
    except Exception as e:
        return f"{type(e).__name__}: {e}"


def skip_without_matplotlib() -> None:
    reason = matplotlib_missing()
    if reason:
        print(f"SKIPPED: matplotlib is not importable by {sys.executable} "
              f"({reason}); install python3-matplotlib")
        sys.exit(SKIP)


def _entry(name: str, counters: dict[str, float], rep: int = 0) -> dict:
    return {"name": name + "/iterations:1/real_time", "run_name": name +
            "/iterations:1/real_time", "run_type": "iteration",
            "repetitions": 1, "repetition_index": rep, "threads": 1,
            "iterations": 1, "real_time": 3.0, "cpu_time": 0.01,
            "time_unit": "s", "label": f"scheduler={name.split('/')[1]}",
            **counters}


WINDOW_NS = (1_000_000_000, 3_000_000_000)  # 2 s after 1 s of warm-up
HP_EVERY_NS = 5_000_000  # 200 requests/s: 400 in the window
_HP_COLUMNS = ["scheduled_ns", "sent_ns", "completed_ns", "latency_ns",
               "in_window"]


def _hp_latencies(level_ms: float) -> list[float]:
    """One run's HP latencies in schedule order, 3.2 s of requests: in the
    window a ramp whose nearest-rank P99 is level x 0.992, shuffled in
    time; outside it level x 0.2."""
    inside = [level_ms * (0.2 + 0.8 * k / 400) for k in range(1, 401)]
    found, seen = [], 0
    for i in range(640):
        if WINDOW_NS[0] <= i * HP_EVERY_NS < WINDOW_NS[1]:
            found.append(inside[(seen * 37) % 400])
            seen += 1
        else:
            found.append(level_ms * 0.2)
    return found


def _samples(case: str, round_index: int, hp_ms: list[float],
             lp_every_ms: float) -> dict:
    """A sample file: HP every 5 ms; LP back to back every lp_every_ms."""
    hp = [[i * HP_EVERY_NS, i * HP_EVERY_NS + 20_000,
           i * HP_EVERY_NS + int(v * 1e6), int(v * 1e6),
           int(WINDOW_NS[0] <= i * HP_EVERY_NS < WINDOW_NS[1])]
          for i, v in enumerate(hp_ms)]
    lp = []
    if lp_every_ms:
        t = lp_every_ms
        while t < 3.2e3:
            lp.append([int(t * 1e6), int(1e3 <= t < 3e3)])
            t += lp_every_ms
    return {"format": "xsb_samples", "version": 1, "case": case,
            "repetition": round_index,
            "clock": "CLOCK_MONOTONIC, ns relative to T0",
            "window_ns": list(WINDOW_NS), "hp_columns": _HP_COLUMNS,
            "hp": hp, "lp_columns": ["completed_ns", "in_window"], "lp": lp}


def _hp_counters(hp_ms: list[float]) -> dict[str, float]:
    """The HP counters xsb_bench computes from these latencies."""
    inside = sorted(v for i, v in enumerate(hp_ms)
                    if WINDOW_NS[0] <= i * HP_EVERY_NS < WINDOW_NS[1])
    found = {"hp_max_ms": inside[-1], "hp_mean_ms": sum(inside) / len(inside),
             "hp_requests": float(len(inside)), "hp_target_rps": 200.0,
             "hp_achieved_rps": 200.0, "hp_send_lag_p99_us": 20.0}
    for tag, p in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99),
                   ("p999", 0.999)):
        iv = ci.percentile_interval(inside, p, 0.95)
        found.update({f"hp_{tag}_ms": iv.point, f"hp_{tag}_ci_low_ms": iv.low,
                      f"hp_{tag}_ci_high_ms": iv.high or iv.point,
                      f"hp_{tag}_valid": float(iv.valid)})
    return found


def _lp_counters(every_ms: float) -> dict[str, float]:
    rate = 1000 / every_ms
    return {"lp_iter_per_s": rate, "lp_iters": rate * 2,
            "lp_samples_per_s": rate * 8,
            "lp_ci_low_iter_per_s": rate * 0.97,
            "lp_ci_high_iter_per_s": rate * 1.03}


# case -> (HP level in ms or None, LP every ms or None, each round's drift)
CASES = {BASE: (20.0, 10.0, (1.0, 1.2, 0.9, 1.1)),
         OS: (5.0, 11.0, (1.0, 0.9, 1.15, 1.05)),
         HP_ALONE: (3.0, None, (1.0,)),
         LP_ALONE: (None, 9.0, (1.0,))}


def make_run(folder: str, context: Optional[dict] = None,
             rounds: int = 1) -> str:
    """benchmark.json and samples/ of a smoke-like run in folder, its
    counters computed from its samples as xsb_bench computes them:
    baseline (HP P99 about 20 ms, LP 100 it/s), os-priority (5 ms, 91
    it/s) and both Standalone cases (round 0 only). rounds: up to 4, each
    round's HP latencies scaled by the case's drift. Returns the JSON's
    path."""
    samples = os.path.join(folder, "samples")
    os.makedirs(samples, exist_ok=True)
    entries = []
    for r in range(rounds):
        for name, (level, lp_every, drift) in CASES.items():
            if r >= len(drift):
                continue
            hp = _hp_latencies(level * drift[r]) if level else []
            counters = {**(_hp_counters(hp) if hp else {}),
                        **(_lp_counters(lp_every) if lp_every else {})}
            entries.append(_entry(name, counters, r))
            file = name.replace("/", "_").replace(":", "_") + f".rep{r}.json"
            write_json(os.path.join(samples, file),
                       _samples(name, r, hp, lp_every or 0))
    path = os.path.join(folder, "benchmark.json")
    rounds_context = {"xsb_rounds": str(rounds), "xsb_sequential": "fixed",
                      "xsb_rounds_run": str(rounds),
                      "xsb_rounds_stop": "fixed"} if rounds > 1 else {}
    write_json(path, {"context": {**CONTEXT, **rounds_context,
                                  **(context or {})}, "benchmarks": entries})
    return path


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_json(path: str, doc: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)


def png_size(path: str) -> tuple[int, int]:
    """(width, height) after decoding the whole PNG: every chunk's CRC is
    checked and the image data must inflate to height rows of pixels."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"{path}: not a PNG")
    offset, header, idat = 8, None, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        crc = struct.unpack(">I", data[offset + 8 + length:
                                       offset + 12 + length])[0]
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"{path}: bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height, depth, colour = header[:4]
    row = 1 + width * _BYTES_PER_PIXEL[colour] * depth // 8
    if len(zlib.decompress(idat)) != height * row:
        raise ValueError(f"{path}: image data does not match {width}x"
                         f"{height}")
    return width, height


def markdown_table(text: str, header_start: str) -> list[list[str]]:
    """The rows (header first) of the first table in report.md whose header
    starts with header_start ("case | HP P50")."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"| {header_start}"):
            rows = []
            for row in lines[i:]:
                if not row.startswith("|"):
                    break
                if not row.startswith("|---"):
                    rows.append([c.strip() for c in row.strip("|").split(
                        " | ")])
            return rows
    raise AssertionError(f"no table starting with '{header_start}'")
