"""What makes two runs comparable, and the machine fingerprint. Pure.

Two runs are compared only when they come from the same machine fingerprint
and agree on every xsb_ entry of their context that the compare tool also
checks (backend, device, model shapes, arrival, seed, warm-up, memory limit,
scheduler settings: all but xsb_compare's UNCHECKED_CONTEXT_KEYS, so both
tools refuse the same pairs), and on whether the run was test-only; a case is
compared only with the case of the same name (scenario, rate, batch,
duration and scheduler settings are in the name). The driver and runtime
versions are recorded but do not split a history: a driver update is one of
the changes the history is there to catch, so a check names it instead."""

import hashlib
import json

from xsb_compare.counters import UNCHECKED_CONTEXT_KEYS

# Recorded and named when they change, never a reason to refuse.
TRACKED_KEYS = ("xsb_driver_version", "xsb_runtime_version")
# Always part of a configuration, present or not ('' when absent).
ALWAYS_COMPARED = ("xsb_backend", "xsb_device", "xsb_xsched_test_only")


def compared_keys(context: dict) -> list:
    """The context keys that decide comparability for this run."""
    keys = {k for k in context if k.startswith("xsb_")
            and k not in UNCHECKED_CONTEXT_KEYS and k not in TRACKED_KEYS}
    return sorted(keys | set(ALWAYS_COMPARED))


def config_of(context: dict) -> dict:
    """The context entries that decide comparability ('' when absent)."""
    return {key: str(context.get(key, "")) for key in compared_keys(context)}


def config_hash(config: dict, ignore: tuple = ()) -> str:
    kept = {k: v for k, v in config.items() if k not in ignore}
    text = json.dumps(kept, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def differences(here: dict, there: dict, ignore: tuple = ()) -> list:
    """One line per compared key whose value differs."""
    keys = sorted(set(here) | set(there))
    return [f"{key} is '{here.get(key, '')}' here but "
            f"'{there.get(key, '')}' in the recorded runs"
            for key in keys if key not in ignore
            and here.get(key, "") != there.get(key, "")]


def tracked_changes(here: dict, there: dict) -> list:
    """Lines naming a driver or runtime change (not a reason to refuse)."""
    return [f"{key} changed: '{there.get(key, '')}' -> "
            f"'{here.get(key, '')}'" for key in TRACKED_KEYS
            if here.get(key, "") != there.get(key, "")]


def machine_fingerprint(context: dict, local_host: str,
                        local_cpu: str) -> str:
    """hostname / CPU model [/ device]: the host from the results' context
    (else this machine's), the CPU model of this machine when the results
    were produced here, and the device when it is not that CPU."""
    host = context.get("host_name") or local_host
    cpu = local_cpu if host == local_host else ""
    device = context.get("xsb_device", "")
    parts = [host] + [p for p in (cpu, device) if p]
    if len(parts) == 3 and parts[1] == parts[2]:
        parts.pop()
    return " / ".join(parts)


def local_cpu_model(cpuinfo_path: str = "/proc/cpuinfo") -> str:
    """The 'model name' of this machine's CPU, '' when unknown."""
    try:
        with open(cpuinfo_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.partition(":")
                if sep and key.strip() == "model name":
                    return value.strip()
    except OSError:
        pass
    return ""
