"""Shared by the report tests (test_report*.py): a small synthetic run, a
PNG reader, the report.md table reader and the skip convention (exit code
77, which ctest reports as skipped: SKIP_RETURN_CODE)."""

import json
import os
import struct
import sys
import zlib
from typing import Any, Optional

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


def _samples(case: str, hp_ms: list[float], lp_every_ms: float) -> dict:
    """2 s window after 1 s warm-up; HP every 50 ms; LP back to back."""
    hp = [[i * 50_000_000, i * 50_000_000 + 20_000,
           i * 50_000_000 + int(v * 1e6), int(v * 1e6),
           int(1e9 <= i * 50_000_000 < 3e9)] for i, v in enumerate(hp_ms)]
    lp = []
    if lp_every_ms:
        t = lp_every_ms
        while t < 3.2e3:
            lp.append([int(t * 1e6), int(1e3 <= t < 3e3)])
            t += lp_every_ms
    return {"format": "xsb_samples", "version": 1, "case": case,
            "repetition": 0, "clock": "CLOCK_MONOTONIC, ns relative to T0",
            "window_ns": [1_000_000_000, 3_000_000_000],
            "hp_columns": ["scheduled_ns", "sent_ns", "completed_ns",
                           "latency_ns", "in_window"], "hp": hp,
            "lp_columns": ["completed_ns", "in_window"], "lp": lp}


def _hp_counters(p99: float) -> dict[str, float]:
    return {"hp_p50_ms": 1.0, "hp_p90_ms": 2.0, "hp_p99_ms": p99,
            "hp_p999_ms": p99 * 1.5, "hp_max_ms": p99 * 1.5,
            "hp_mean_ms": 1.2, "hp_requests": 400.0, "hp_target_rps": 20.0,
            "hp_achieved_rps": 20.0, "hp_send_lag_p99_us": 123.4,
            # 400 requests support a P99 interval at 95 % (>= 368).
            "hp_p99_ci_low_ms": p99 * 0.9, "hp_p99_ci_high_ms": p99 * 1.1,
            "hp_p99_valid": 1.0, "hp_p999_valid": 0.0}


def _lp_counters(rate: float) -> dict[str, float]:
    return {"lp_iter_per_s": rate, "lp_iters": rate * 2,
            "lp_samples_per_s": rate * 8,
            "lp_ci_low_iter_per_s": rate * 0.97,
            "lp_ci_high_iter_per_s": rate * 1.03}


def make_run(folder: str, context: Optional[dict] = None) -> str:
    """benchmark.json and samples/ of a smoke-like run in folder: baseline
    (HP P99 20 ms), os-priority (5 ms), both Standalone cases. Returns the
    JSON's path."""
    cases = [(BASE, {**_hp_counters(20.0), **_lp_counters(100.0)}, 10.0),
             (OS, {**_hp_counters(5.0), **_lp_counters(90.0)}, 11.0),
             (HP_ALONE, _hp_counters(3.0), 0.0),
             (LP_ALONE, _lp_counters(110.0), 9.0)]
    samples = os.path.join(folder, "samples")
    os.makedirs(samples, exist_ok=True)
    for name, counters, lp_every in cases:
        p99 = counters.get("hp_p99_ms")
        hp = [1.0 + (i % 7) * 0.3 for i in range(58)] + [p99, p99] \
            if p99 else []
        file = name.replace("/", "_").replace(":", "_") + ".rep0.json"
        write_json(os.path.join(samples, file),
                   _samples(name, hp, lp_every))
    path = os.path.join(folder, "benchmark.json")
    write_json(path, {"context": {**CONTEXT, **(context or {})},
                      "benchmarks": [_entry(n, c) for n, c, _ in cases]})
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
