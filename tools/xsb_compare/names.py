"""xsb_bench case names and what they say.

  DualModel/<scheduler>/<scenario>/rate:R/batch:B/duration_s:D[/k:v...]
  Standalone/hp/<scenario>/rate:R/duration_s:D
  Standalone/lp/<scenario>/batch:B/duration_s:D
  Tenants/<scheduler>/<scenario>/tenants:N/duration_s:D[/k:v...]
    (a scenario other than the hp/lp pair: xsb_compare.tenants)

Parts after duration_s are the scheduler's settings (e.g. XSched's
lp_threshold:4/lp_batch_size:2). Google Benchmark appends its own parts
(/iterations:1/real_time); they are removed first."""

import re
from dataclasses import dataclass
from typing import Optional

DUAL_MODEL = "DualModel"
STANDALONE = "Standalone"
TENANTS = "Tenants"
XSCHED = "xsched"  # the scheduler whose runs can be test-only
_BENCHMARK_PART = re.compile(
    r"^(?:(?:iterations|repeats|threads|min_time|min_warmup_time):[^/]*"
    r"|real_time|manual_time|process_time)$")
_DURATION = "duration_s"


@dataclass(frozen=True)
class CaseName:
    name: str  # without Google Benchmark's parts
    family: str  # DUAL_MODEL, STANDALONE or TENANTS
    scheduler: str  # DualModel and Tenants only
    role: str  # Standalone only: "hp" or "lp"
    scenario: str
    params: tuple[str, ...]  # ("rate:200", "batch:8", "duration_s:4")
    settings: tuple[str, ...]  # ("lp_threshold:4", "lp_batch_size:2")

    def param(self, key: str) -> Optional[str]:
        for part in self.params:
            k, _, v = part.partition(":")
            if k == key:
                return v
        return None

    @property
    def pair_key(self) -> tuple[str, ...]:
        """What a candidate shares with its baseline: scenario and params."""
        return (self.scenario,) + self.params

    @property
    def variant(self) -> str:
        """The scheduler with its settings: what tells candidates apart."""
        return "/".join((self.scheduler,) + self.settings)


def strip_benchmark_parts(name: str) -> str:
    parts = name.split("/")
    while len(parts) > 1 and _BENCHMARK_PART.match(parts[-1]):
        parts.pop()
    return "/".join(parts)


def _split_params(
        parts: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    for i, part in enumerate(parts):
        if part.split(":", 1)[0] == _DURATION:
            return tuple(parts[:i + 1]), tuple(parts[i + 1:])
    return tuple(parts), ()


def parse_case_name(raw: str) -> Optional[CaseName]:
    """A CaseName, or None when the name is not an xsb_bench case."""
    name = strip_benchmark_parts(raw)
    parts = name.split("/")
    if len(parts) < 3 or not all(parts[:3]):
        return None
    family = parts[0]
    if family in (DUAL_MODEL, TENANTS):
        params, settings = _split_params(parts[3:])
        return CaseName(name, family, parts[1], "", parts[2], params,
                        settings)
    if family == STANDALONE and parts[1] in ("hp", "lp"):
        return CaseName(name, family, "", parts[1], parts[2],
                        tuple(parts[3:]), ())
    return None


def key_text(pair_key: tuple[str, ...]) -> str:
    """("smoke", "rate:200", ...) -> "smoke/rate:200/..." for reports."""
    return "/".join(pair_key)


def standalone_name(case: CaseName, role: str) -> str:
    """The Standalone case a DualModel case is normalised by."""
    duration = _DURATION + ":" + (case.param(_DURATION) or "")
    if role == "hp":
        middle = "rate:" + (case.param("rate") or "")
    else:
        middle = "batch:" + (case.param("batch") or "")
    return "/".join((STANDALONE, role, case.scenario, middle, duration))
