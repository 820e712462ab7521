#!/usr/bin/env python3
"""summary.py OUT: the short summary of a gpu-check run (run.sh) in
Markdown on stdout, from the JSON files in OUT and the record of the
machine's libraries in OUT/libraries (libraries.sh). Standard library only:
the GPU machine may have nothing else. Exit 1 when a case or test
failed."""
import json
import os
import re
import sys
from typing import List, Tuple


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"- {name}: unreadable ({e})")
        return None


def cases(doc):
    runs = doc.get("benchmarks", []) + doc.get("xsb_failed_runs", [])
    return [b for b in runs if b.get("run_type", "iteration") == "iteration"]


def fmt(value, digits=1):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def gpu_tests(out):
    doc = load(out, "gpu_tests.json")
    if doc is None:
        return True
    ran, skipped, failed, spin = 0, [], [], []
    for suite in doc.get("testsuites", []):
        for test in suite.get("testsuite", []):
            name = f"{suite['name']}.{test['name']}"
            ran += 1
            if test.get("result") == "SKIPPED":
                skipped.append(name)
            if test.get("failures"):
                failed.append(name)
            if "Spin" in test["name"]:
                spin.append(f"{name}: {'FAILED' if test.get('failures') else test.get('result', '?').lower()}")
    print(f"## GPU tests\n\n{ran} run, {len(failed)} failed, "
          f"{len(skipped)} skipped")
    for name in failed:
        print(f"- FAILED {name}")
    for name in skipped:
        print(f"- skipped {name}")
    print("\nSpin accuracy (within 2 % + 10 us by GPU events):")
    for line in spin:
        print(f"- {line}")
    print()
    return not failed


def errors(doc):
    """Errored cases, listed; False when one failed. A case skipped for
    what the machine lacks (a program, a daemon) is listed but no failure:
    xsb_bench's exit code already says whether anything failed."""
    bad = [b for b in cases(doc) if b.get("error_occurred")]
    failed = False
    for b in bad:
        message = b.get("error_message", "")
        skipped = message.startswith("skipped: ")
        failed = failed or not skipped
        print(f"- {'SKIPPED' if skipped else 'ERROR'} {b['name']}: {message}")
    return not failed


def preemption(doc, title):
    print(f"## {title}\n")
    print("| case | HP kernel alone us | P50 us | P99 us | max us | "
          "LP kernels/s |")
    print("|---|---|---|---|---|---|")
    for b in cases(doc):
        if not b["name"].startswith("Preemption/") or b.get("error_occurred"):
            continue
        name = b["name"].split("/iterations")[0]
        print(f"| {name} | {fmt(b.get('hp_kernel_standalone_us'))} | "
              f"{fmt(b.get('preempt_p50_us'))} | {fmt(b.get('preempt_p99_us'))}"
              f" | {fmt(b.get('preempt_max_us'))} | "
              f"{fmt(b.get('lp_kernels_per_s'), 0)} |")
    print()
    return errors(doc)


def mlp_gflops(shape, batch, forward_ms):
    """2 x layers x hidden^2 x batch per forward, over the standalone time
    (copies included): a floor for the GEMM's own rate."""
    m = re.search(r"layers=(\d+) hidden=(\d+)", shape or "")
    if not m or not forward_ms or not batch:
        return None
    flops = 2 * int(m.group(1)) * int(m.group(2)) ** 2 * batch
    return flops / (forward_ms * 1e-3) / 1e9


def dual_model(doc, title):
    context = doc.get("context", {})
    print(f"## {title}\n")
    print(f"device: {context.get('xsb_device', '?')}; "
          f"telemetry: {context.get('xsb_gpu_telemetry', '?')}\n")
    print("| case | HP P50 ms | HP P99 ms | LP iter/s | HP fwd ms | "
          "LP fwd ms | GPU util % | min clock MHz |")
    print("|---|---|---|---|---|---|---|---|")
    gflops = []
    for b in cases(doc):
        if b.get("error_occurred") or b["name"].startswith("Preemption/"):
            continue
        name = b["name"].split("/iterations")[0]
        print(f"| {name} | {fmt(b.get('hp_p50_ms'), 3)} | "
              f"{fmt(b.get('hp_p99_ms'), 3)} | {fmt(b.get('lp_iter_per_s'))}"
              f" | {fmt(b.get('hp_standalone_forward_ms'), 3)} | "
              f"{fmt(b.get('lp_standalone_forward_ms'), 3)} | "
              f"{fmt(b.get('gpu_util_mean_pct'))} | "
              f"{fmt(b.get('gpu_clock_min_mhz'), 0)} |")
        if name.startswith("Standalone/hp/"):
            gflops.append(("HP", mlp_gflops(context.get("xsb_hp_model"), 1,
                                            b.get("hp_standalone_forward_ms"))))
        if name.startswith("Standalone/lp/"):
            batch = re.search(r"/batch:(\d+)", name)
            gflops.append(("LP", mlp_gflops(
                context.get("xsb_lp_model"),
                int(batch.group(1)) if batch else 0,
                b.get("lp_standalone_forward_ms"))))
    for role, rate in gflops:
        print(f"\n{role} model: {fmt(rate)} GFLOP/s over its standalone "
              "forward (copies included)")
    print()
    return errors(doc)


def kernel_bench(doc, title):
    print(f"## {title}\n")
    for b in cases(doc):
        rates = {k: v for k, v in b.items() if "flop" in k.lower()}
        print(f"- {b['name']}: " + ", ".join(
            f"{k}={fmt(v)}" for k, v in rates.items()))
    print()
    return errors(doc)


def read_text(path: str) -> str:
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def facts(text: str) -> List[Tuple[str, str]]:
    """The "key: value" lines of libraries/choice.txt, in order."""
    return [tuple(line.split(": ", 1)) for line in text.splitlines()
            if ": " in line]


def mapped_files(maps: str) -> List[str]:
    """The files mapped in a /proc/PID/maps text, each once, in order."""
    found = []
    for line in maps.splitlines():
        fields = line.split(None, 5)
        if len(fields) == 6 and fields[5].startswith("/") and \
                fields[5] not in found and not fields[5].startswith("/dev/"):
            found.append(fields[5])
    return found


def origin(path: str, bundle: str) -> str:
    return "bundle" if bundle and path.startswith(bundle + "/") else "machine"


def ldd_lines(text: str, bundle: str) -> List[str]:
    """One line per program of libraries/ldd.txt: what each needed library
    resolved to, bundle paths shortened to <bundle>."""
    lines, program, resolved = [], None, []
    for line in text.splitlines() + ["== "]:
        if line.startswith("== "):
            if program:
                lines.append(f"- {program}: " + "; ".join(resolved))
            program, resolved = line[3:].replace(bundle, "<bundle>"), []
        elif "=>" in line:
            name, target = (part.strip() for part in line.split("=>", 1))
            target = re.sub(r"\s*\(0x[0-9a-f]+\)", "", target)
            if target.startswith("/"):
                target = os.path.normpath(target)
            resolved.append(f"{name} -> {target.replace(bundle, '<bundle>')}")
    return lines


def libraries(out: str) -> None:
    """The machine's facts, the C++ runtime chosen, and the libraries a
    worker loaded (/proc/PID/maps) and ldd resolves for each program."""
    folder = os.path.join(out, "libraries")
    choice = facts(read_text(os.path.join(folder, "choice.txt")))
    if not choice:
        return True
    print("## Machine and libraries\n")
    bundle = dict(choice).get("bundle", "")
    for key, value in choice:
        print(f"- {key}: {value}")
    ready = load(folder, "worker-ready.json") or {}
    device = ready.get("device", {})
    if device:
        print(f"- worker's device: {device.get('name')} "
              f"({device.get('backend')}); driver "
              f"{device.get('driver_version') or '-'}; runtime "
              f"{device.get('runtime_version') or '-'}")
    files = mapped_files(read_text(os.path.join(folder, "worker.maps")))
    if files:
        print("\nFiles a worker mapped (/proc/PID/maps, its model built "
              "on the device):\n")
        print("| file | from |\n|---|---|")
        for path in files:
            print(f"| {path.replace(bundle, '<bundle>')} | "
                  f"{origin(path, bundle)} |")
    resolved = ldd_lines(read_text(os.path.join(folder, "ldd.txt")), bundle)
    if resolved:
        print("\nWhat the loader resolves for each program (ldd):\n")
        print("\n".join(resolved))
    print()


# The sections after the GPU tests: (JSON file in OUT, title, renderer).
# A step of steps/ that writes JSON adds its row here.
SECTIONS = (
    ("kernel_bench.json", "Kernel microbenchmarks", kernel_bench),
    ("kernel_bench_vendor.json", "Vendor GEMM", kernel_bench),
    ("preemption.json", "Preemption latency", preemption),
    ("dual_model.json", "Standalone and DualModel", dual_model),
    ("xsched.json", "XSched A/B: DualModel", dual_model),
    ("xsched.json", "XSched A/B: Preemption", preemption),
    ("mps.json", "NVIDIA MPS: DualModel", dual_model),
    ("mps.json", "NVIDIA MPS: Preemption", preemption),
    ("cu_mask.json", "AMD CU masking: DualModel", dual_model),
    ("cu_mask.json", "AMD CU masking: Preemption", preemption),
    ("torch_pair.json", "PyTorch pair (torch-original)", dual_model),
)


def main(out):
    print(f"# gpu-check summary ({out})\n")
    libraries(out)
    ok = gpu_tests(out)
    for name, title, show in SECTIONS:
        doc = load(out, name)
        if doc is not None:
            ok = show(doc, title) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
