#!/usr/bin/env python3
"""The mutation check: plants each bug of mutations.py, one at a time, in a
copy of the source, runs the tests that should notice it, and fails if any
bug survives (its tests all pass) or if the unmutated copy fails them.

    run.py --source REPO --work DIR [--only SUBSTRING] [--list]

The copy (DIR/src) and its build (DIR/src/build, CPU backend only) are kept
between runs and synced file by file, so a rerun rebuilds only what changed;
with ccache (CCACHE_BASEDIR defaults to the common parent of REPO and DIR)
the planted bugs' objects come from the cache too. ctest runs it with label
`mutation`, which the default preset leaves out (`ctest --preset mutation`).
Prints one line per mutation: which test caught it."""
import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import time

from mutations import MUTATIONS

IGNORED = {".git", "__pycache__", ".cache"}


def sync_tree(source, dest):
    """Makes dest a copy of source (without build folders), copying only
    files whose content differs so that unchanged files keep their mtime."""
    wanted = set()
    for root, dirs, files in os.walk(source):
        rel = os.path.relpath(root, source)
        dirs[:] = [d for d in dirs if d not in IGNORED and not
                   (rel == "." and d.startswith("build"))]
        os.makedirs(os.path.join(dest, rel), exist_ok=True)
        for name in files:
            src = os.path.join(root, name)
            dst = os.path.normpath(os.path.join(dest, rel, name))
            wanted.add(dst)
            if not os.path.exists(dst) or not filecmp.cmp(src, dst,
                                                          shallow=False):
                shutil.copyfile(src, dst)
                shutil.copymode(src, dst)
    for root, dirs, files in os.walk(dest):
        rel = os.path.relpath(root, dest)
        dirs[:] = [d for d in dirs if not (rel == "." and
                                           d.startswith("build"))]
        for name in files:
            path = os.path.normpath(os.path.join(root, name))
            if path not in wanted and "__pycache__" not in path:
                os.remove(path)


def run(command, cwd=None, env=None, timeout=900):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


class Copy:
    """The source copy and its build."""

    def __init__(self, source, work):
        self.src = os.path.join(work, "src")
        self.build = os.path.join(self.src, "build")
        self.env = dict(os.environ)
        self.env.setdefault("CCACHE_BASEDIR",
                            os.path.commonpath([os.path.abspath(source),
                                                os.path.abspath(work)]))
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        sync_tree(source, self.src)

    def configure(self):
        if os.path.exists(os.path.join(self.build, "CMakeCache.txt")):
            return
        args = ["cmake", "-S", self.src, "-B", self.build,
                "-DCMAKE_BUILD_TYPE=Release", "-DXSB_GPU_BACKEND=none",
                "-DPython3_EXECUTABLE=" + sys.executable]
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        done = run(args, env=self.env)
        if done.returncode != 0:
            sys.exit("mutation: configuring the copy failed:\n" +
                     done.stdout[-3000:] + done.stderr[-3000:])

    def build_targets(self, targets):
        done = run(["cmake", "--build", self.build, "-j",
                    str(os.cpu_count() or 2), "--target", *targets],
                   env=self.env)
        return done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    def run_cpp_tests(self, targets):
        """Names of the failed tests (GoogleTest's FAILED lines)."""
        failed = []
        for target in targets:
            exe = os.path.join(self.build, "tests", "unit", target)
            done = run([exe], env=self.env, timeout=120)
            if done.returncode != 0:
                names = re.findall(r"^\[  FAILED  \] (\S+\.\S+)(?: \(|,|$)",
                                   done.stdout, re.M)
                failed += sorted(set(names)) or [target + " (exit %d)"
                                                 % done.returncode]
        return failed

    def run_py_tests(self):
        tests = os.path.join(self.src, "tools", "tests")
        # Not the report's and history's, nor the plots' (slow, and no
        # number of compare's comes from them) and the module runner's.
        modules = sorted(
            name[:-3] for name in os.listdir(tests)
            if re.match(r"test_.*\.py$", name) and
            not re.match(r"test_(report|history|plots|run_module)", name))
        env = dict(self.env, PYTHONPATH=os.path.join(self.src, "tools"))
        done = run([sys.executable, "-B", "-m", "unittest", *modules],
                   cwd=tests, env=env, timeout=600)
        if done.returncode == 0:
            return []
        names = re.findall(r"^(?:FAIL|ERROR): (\S+) \((\S+)\)", done.stderr,
                           re.M)
        failed = [cls if cls.endswith(test) else f"{cls}.{test}"
                  for test, cls in names]  # subtests repeat a name
        return (sorted(set(failed), key=failed.index) or
                ["unittest (exit %d)" % done.returncode])

    def run_tests(self, mutation):
        if mutation.kind == "cpp":
            ok, log = self.build_targets(mutation.targets)
            if not ok:
                return None, log
            return self.run_cpp_tests(mutation.targets), ""
        return self.run_py_tests(), ""


def apply(copy, mutation):
    path = os.path.join(copy.src, mutation.path)
    with open(path) as f:
        text = f.read()
    count = text.count(mutation.old)
    if count != 1:
        sys.exit(f"mutation: '{mutation.name}': its text occurs {count} times "
                 f"in {mutation.path} (must be once): update "
                 f"tests/mutation/mutations.py")
    with open(path, "w") as f:
        f.write(text.replace(mutation.old, mutation.new))
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if args.only in m.name]
    if args.list:
        for m in chosen:
            print(f"{m.kind}\t{m.path}\t{m.name}")
        return 0
    begin = time.monotonic()
    copy = Copy(args.source, args.work)
    targets = sorted({t for m in chosen for t in m.targets})
    if targets:
        copy.configure()
    ok, log = copy.build_targets(targets) if targets else (True, "")
    if not ok:
        sys.exit("mutation: the unmutated copy does not build:\n" + log)
    # The tests must pass before any bug is planted, or every bug would
    # look caught.
    clean = copy.run_cpp_tests(targets)
    if any(m.kind == "py" for m in chosen):
        clean += copy.run_py_tests()
    if clean:
        sys.exit("mutation: the unmutated copy fails " + ", ".join(clean))
    survivors = 0
    for m in chosen:
        original = apply(copy, m)
        try:
            failed, log = copy.run_tests(m)
        finally:
            with open(os.path.join(copy.src, m.path), "w") as f:
                f.write(original)
        if failed is None:
            sys.exit(f"mutation: '{m.name}' does not compile: fix "
                     f"tests/mutation/mutations.py\n{log}")
        if not failed:
            survivors += 1
        caught = ", ".join(failed[:3]) + (
            f" (+{len(failed) - 3} more)" if len(failed) > 3 else "")
        print(f"{'caught  ' if failed else 'SURVIVED'} {m.path}: {m.name}"
              f"{' <- ' + caught if failed else ''}", flush=True)
    # The restored sources, rebuilt, so the next run starts from them.
    if targets:
        copy.build_targets(targets)
    print(f"mutation: {len(chosen) - survivors} of {len(chosen)} caught, "
          f"{survivors} survived ({time.monotonic() - begin:.0f} s)")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
