#!/usr/bin/env python3
"""xsb_bench, the orchestrator, never links a GPU runtime (it learns the
device from `xsb_worker --probe`); xsb_worker links the runtime of the GPU
backend compiled beside the CPU one. Checked on the built programs with ldd,
which also lists what the direct dependencies pull in."""
import argparse
import re
import subprocess
import sys

GPU_RUNTIME = re.compile(r"\b(libamdhip64|libhsa-runtime64|libcudart|libcuda)"
                         r"\.so[.\d]*")
WORKER_NEEDS = {"hip": "libamdhip64", "cuda": "libcudart"}


def gpu_libraries(program):
    listing = subprocess.run(["ldd", program], capture_output=True, text=True,
                             check=True).stdout
    return sorted({m.group(0) for m in GPU_RUNTIME.finditer(listing)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--worker", required=True)
    parser.add_argument("--gpu_backend", required=True)  # hip, cuda or none
    args = parser.parse_args()
    failures = []
    bench = gpu_libraries(args.bench)
    print(f"xsb_bench links: {', '.join(bench) or 'no GPU runtime'}")
    if bench:
        failures.append(f"{args.bench} links the GPU runtime "
                        f"({', '.join(bench)}); the orchestrator must learn "
                        f"the device from `xsb_worker --probe`")
    worker = gpu_libraries(args.worker)
    print(f"xsb_worker links: {', '.join(worker) or 'no GPU runtime'}")
    need = WORKER_NEEDS.get(args.gpu_backend)
    if need and not any(lib.startswith(need + ".") for lib in worker):
        failures.append(f"{args.worker} does not link {need} although the "
                        f"{args.gpu_backend} backend is compiled")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
