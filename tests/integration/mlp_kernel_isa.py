#!/usr/bin/env python3
"""The MLP kernel's tile loads are in flight together on AMD: compiled for
gfx90a, MlpLayerKernel's first two global loads (one element of the input
tile and one of the weight tile) have no wait on vector memory
(s_waitcnt vmcnt) between them. A shared-memory store between the two loads
in the source makes the compiler wait for the first before it issues the
second, which doubles the kernel's load latency per K-tile.

Runs the device compiler once (--cuda-device-only -S); exits 1 with the
instructions between the loads when the check fails."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

KERNEL = "MlpLayerKernel"
GLOBAL_LOAD = re.compile(r"^\s*global_load_")
VM_WAIT = re.compile(r"^\s*s_waitcnt\b.*\bvmcnt\(")


def kernel_body(assembly):
    """The instruction lines of the kernel's function, comments dropped."""
    lines, inside = [], False
    for line in assembly.splitlines():
        if re.match(rf"^_Z\w*{KERNEL}\w*:", line):
            inside = True
            continue
        if inside:
            if line.strip().startswith("s_endpgm"):
                break
            code = line.split(";", 1)[0].rstrip()
            if code.strip():
                lines.append(code)
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clang", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--arch", default="gfx90a")
    parser.add_argument("flags", nargs=argparse.REMAINDER,
                        help="device compiler flags, after --")
    args = parser.parse_args()
    flags = [f for f in args.flags if f != "--"]
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "mlp.s")
        command = [args.clang, *flags, f"--offload-arch={args.arch}",
                   "--cuda-device-only", "-S", args.source, "-o", out]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"mlp_kernel_isa: {' '.join(command)} failed:\n{run.stderr}")
            return 1
        with open(out) as f:
            body = kernel_body(f.read())
    loads = [i for i, line in enumerate(body) if GLOBAL_LOAD.match(line)]
    if len(loads) < 2:
        print(f"mlp_kernel_isa: {KERNEL} for {args.arch} has {len(loads)} "
              f"global load(s); expected the two tile loads")
        return 1
    between = body[loads[0]:loads[1] + 1]
    waits = [line.strip() for line in between if VM_WAIT.match(line)]
    print(f"mlp_kernel_isa: {KERNEL} for {args.arch}: {len(between) - 2} "
          f"instructions between the tile loads, "
          f"{len(waits)} vector-memory wait(s)")
    if waits:
        print("mlp_kernel_isa: the second tile load waits for the first; "
              "load both tiles' values into registers before the shared "
              "stores:")
        print("\n".join(between))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
