#!/usr/bin/env python3
"""Checks the layout's dependency rules (docs/architecture.md).

The first line of each folder's CMakeLists.txt under bench/, shim_env/,
kernels/ and tests/ says what the folder holds and what it may depend on:

    # <folder>: <what it holds>. May depend on: <entry>, <entry>, ...

An entry is a folder (bench/measure: its headers and its targets), a header
(kernels/workload.h: that header only) or a target (xsb_base: linking it
only); "anything" and "nothing of the project" are the two extremes. Each
folder's own sources may include only headers of the folder itself or ones
its rule allows, and its CMake files may link only project targets of the
folder itself or ones its rule allows. The GPU runtime (hip::, CUDA::,
xsb_gpu_runtime) may be linked in kernels/gpu and tests only. A folder whose
rule says "no processes or files" may not include the system headers that
start processes or open files either.

Exits 1 with one line per violation; 0 when every rule holds."""
import argparse
import os
import re
import sys

CHECKED = ("bench", "shim_env", "kernels", "tests")
RULE = re.compile(r"^# (?P<folder>[\w/]+): .*May depend on: (?P<deps>.*?)\.?$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"(?P<path>[^"]+)"', re.M)
DEFINE = re.compile(r"\badd_(?:library|executable)\(\s*(?P<name>[\w-]+)"
                    r"(?P<rest>[^)]*)\)")
LINK = re.compile(r"\btarget_link_libraries\((?P<args>[^)]*)\)", re.S)
KEYWORDS = {"PUBLIC", "PRIVATE", "INTERFACE"}
GPU_RUNTIME = re.compile(r"^(hip::|CUDA::|xsb_gpu_runtime$)")
SOURCES = (".cc", ".h", ".hip")
NO_PROCESSES_OR_FILES = "no processes or files"
SYSTEM_INCLUDE = re.compile(r"^\s*#\s*include\s+<(?P<path>[^>]+)>", re.M)
PROCESS_OR_FILE_HEADERS = {
    "cstdio", "stdio.h", "fstream", "filesystem", "unistd.h", "fcntl.h",
    "poll.h", "spawn.h", "dirent.h", "signal.h", "csignal", "sys/stat.h",
    "sys/wait.h", "sys/types.h", "sys/socket.h",
}


def folders_with_rules(root):
    """{folder: (rule text, CMake files)} for every folder to check."""
    found = {}
    for top in CHECKED:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            if "CMakeLists.txt" not in files:
                continue
            folder = os.path.relpath(dirpath, root)
            cmake = [os.path.join(dirpath, f) for f in sorted(files)
                     if f == "CMakeLists.txt" or f.endswith(".cmake")]
            with open(os.path.join(dirpath, "CMakeLists.txt")) as f:
                found[folder] = (f.readline().rstrip("\n"), cmake)
    return found


def parse_rule(folder, line, problems):
    """(folders, headers, targets) allowed, or None for "anything"."""
    m = RULE.match(line)
    if not m or m.group("folder") != folder:
        problems.append(f"{folder}/CMakeLists.txt: the first line must be "
                        f"'# {folder}: <what it holds>. May depend on: ...', "
                        f"got '{line}'")
        return set(), set(), set()
    deps = m.group("deps").strip()
    if deps == "anything":
        return None
    entries = [] if deps == "nothing of the project" else \
        [e.strip() for e in deps.split(",") if e.strip()]
    folders = {e for e in entries if "/" in e and not e.endswith(".h")}
    folders |= {e for e in entries if "/" not in e and not e.startswith("xsb_")}
    headers = {e for e in entries if e.endswith(".h")}
    targets = {e for e in entries if e.startswith("xsb_")}
    return folders, headers, targets


def project_targets(root, rules):
    """{target: folder} for every target the checked folders define."""
    owner = {}
    for folder, (_, cmake_files) in rules.items():
        for path in cmake_files:
            with open(path) as f:
                for m in DEFINE.finditer(f.read()):
                    owner[m.group("name")] = folder
    return owner


def check_system_includes(folder, name, text, problems):
    for m in SYSTEM_INCLUDE.finditer(text):
        if m.group("path") in PROCESS_OR_FILE_HEADERS:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{folder}/{name}:{line}: includes <{m.group('path')}>"
                            f", process or file code, which the rule of "
                            f"{folder} forbids")


def check_includes(root, folder, allowed, pure, problems):
    folders, headers, _ = allowed
    directory = os.path.join(root, folder)
    for name in sorted(os.listdir(directory)):
        if not name.endswith(SOURCES):
            continue
        with open(os.path.join(directory, name)) as f:
            text = f.read()
        if pure:
            check_system_includes(folder, name, text, problems)
        for m in INCLUDE.finditer(text):
            path = m.group("path")
            parent = os.path.dirname(path)
            if parent == folder or path in headers or parent in folders:
                continue
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{folder}/{name}:{line}: includes {path}, which "
                            f"the rule of {folder} does not allow")


def check_links(folder, allowed, cmake_files, owner, problems):
    for path in cmake_files:
        with open(path) as f:
            text = f.read()
        for m in LINK.finditer(text):
            tokens = m.group("args").split()
            for token in tokens[1:]:
                if token in KEYWORDS or token.startswith(("$", "#")):
                    continue
                line = text.count("\n", 0, m.start()) + 1
                where = f"{os.path.relpath(path)}:{line}"
                if GPU_RUNTIME.match(token) and folder != "kernels/gpu" and \
                        allowed is not None:
                    problems.append(f"{where}: {tokens[0]} links the GPU "
                                    f"runtime ({token}); only kernels/gpu may")
                    continue
                if allowed is None or token not in owner:
                    continue
                folders, _, targets = allowed
                home = owner[token]
                if home == folder or home in folders or token in targets:
                    continue
                problems.append(f"{where}: {tokens[0]} links {token} "
                                f"({home}), which the rule of {folder} does "
                                f"not allow")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    os.chdir(root)
    rules = folders_with_rules(root)
    problems = []
    owner = project_targets(root, rules)
    for folder in sorted(rules):
        line, cmake_files = rules[folder]
        allowed = parse_rule(folder, line, problems)
        if allowed is not None:
            check_includes(root, folder, allowed,
                           NO_PROCESSES_OR_FILES in line, problems)
        check_links(folder, allowed, cmake_files, owner, problems)
    for problem in problems:
        print(f"layout: {problem}")
    print(f"layout: {len(rules)} folders, {len(owner)} targets, "
          f"{len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
