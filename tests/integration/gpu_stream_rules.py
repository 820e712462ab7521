#!/usr/bin/env python3
"""Device work in the GPU code and its tests runs on the stream it belongs
to. Every stream the project creates is non-blocking (XSched schedules
streams, never the legacy default one), so a copy or memset on the legacy
stream (hipMemcpy, hipMemset, their cuda* names) or a launch without a stream
is not ordered against the kernels around it: a race on NVIDIA. Only the
source shows it; a GPU shows it at random.

Exits 1 with one line per use; 0 when there is none."""
import argparse
import os
import re
import sys

FOLDERS = ("kernels/gpu", "tests/gpu")
SOURCES = (".cc", ".h", ".hip")
LEGACY_STREAM_CALL = re.compile(
    r"\b(?P<call>(?:hip|cuda)(?:Memcpy|Memset|Memcpy2D|Memset2D|MemcpyToSymbol"
    r"|MemcpyFromSymbol))\s*\(")
LAUNCH = re.compile(r"<<<(?P<config>[^>]*)>>>")


def launch_arguments(config):
    """Top-level comma-separated arguments of a launch configuration."""
    depth, count = 0, 1
    for c in config:
        if c in "(<[":
            depth += 1
        elif c in ")>]":
            depth -= 1
        elif c == "," and depth == 0:
            count += 1
    return count


def without_comments(text):
    """The source with comments blanked, line numbers kept."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)),
                  text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def check_file(path, problems):
    with open(path) as f:
        text = without_comments(f.read())
    for m in LEGACY_STREAM_CALL.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        problems.append(f"{path}:{line}: {m.group('call')} runs on the legacy "
                        f"stream; use {m.group('call')}Async on the work's "
                        f"own stream and synchronise that stream")
    for m in LAUNCH.finditer(text):
        if launch_arguments(m.group("config")) < 4:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path}:{line}: a launch without a stream runs "
                            f"on the legacy stream; pass the stream as the "
                            f"fourth launch argument")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    os.chdir(os.path.abspath(args.root))
    problems, files = [], 0
    for folder in FOLDERS:
        for name in sorted(os.listdir(folder)):
            if name.endswith(SOURCES):
                files += 1
                check_file(os.path.join(folder, name), problems)
    for problem in problems:
        print(f"gpu_stream_rules: {problem}")
    print(f"gpu_stream_rules: {files} files, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
