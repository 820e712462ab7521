#!/usr/bin/env python3
"""The mutation check: plants each bug of mutations.py, one at a time, in a
copy of the source, runs every test that could notice it (the ctest
selections mutations.selections_for gives the mutated file), and fails if
any bug survives (its tests all pass) or if the unmutated copy fails them.
A build or test that times out counts as catching the bug.

    run.py --source REPO --work DIR [--only TEXT[|TEXT...]] [--list]

The copy (DIR/src) and its build (DIR/src/build, CPU backend only) are kept
between runs and synced file by file, so a rerun rebuilds only what changed;
with ccache (CCACHE_BASEDIR defaults to the common parent of REPO and DIR)
the planted bugs' objects come from the cache too. Each mutation rebuilds
the whole copy (incrementally) and runs its selections with ctest. ctest
runs it with label `mutation`, which the default preset leaves out
(`ctest --preset mutation`).
Prints one line per mutation: which test caught it."""
import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import time

from mutations import MUTATIONS, selections_for

# A mutation that makes the build or a test hang is caught, not an abort.
BUILD_TIMEOUT_S = 1800
TEST_TIMEOUT_S = 300
CTEST_TIMEOUT_S = 1800

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
        self.build_dir = os.path.join(self.src, "build")
        self.env = dict(os.environ)
        self.env.setdefault("CCACHE_BASEDIR",
                            os.path.commonpath([os.path.abspath(source),
                                                os.path.abspath(work)]))
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        sync_tree(source, self.src)

    def configure(self):
        if os.path.exists(os.path.join(self.build_dir, "CMakeCache.txt")):
            return
        args = ["cmake", "-S", self.src, "-B", self.build_dir,
                "-DCMAKE_BUILD_TYPE=Release", "-DXSB_GPU_BACKEND=none",
                "-DPython3_EXECUTABLE=" + sys.executable]
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        done = run(args, env=self.env)
        if done.returncode != 0:
            sys.exit("mutation: configuring the copy failed:\n" +
                     done.stdout[-3000:] + done.stderr[-3000:])

    def build(self):
        """(built, log); a build past BUILD_TIMEOUT_S reads as not built,
        with the reason in the log."""
        try:
            done = run(["cmake", "--build", self.build_dir, "-j",
                        str(os.cpu_count() or 2)], env=self.env,
                       timeout=BUILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return False, f"build timed out after {BUILD_TIMEOUT_S} s"
        return done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    def ctest(self, selection):
        """Names of the failed tests of one ctest selection (a test past
        its timeout fails); ["ctest timed out"] when the whole run does."""
        try:
            done = run(["ctest", "--test-dir", self.build_dir, "-j",
                        str(os.cpu_count() or 2), "--timeout",
                        str(TEST_TIMEOUT_S), *selection], env=self.env,
                       timeout=CTEST_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return [f"ctest {' '.join(selection)} timed out"]
        if done.returncode == 0:
            return []
        # Only the FAILED list: skipped tests are listed apart.
        listed = done.stdout.partition("The following tests FAILED:")[2]
        failed = re.findall(r"^\s*\d+ - (\S+) \((\w+)", listed, re.M)
        return ([f"{name} ({why})" for name, why in failed] or
                [f"ctest {' '.join(selection)} (exit {done.returncode})"])

    def run_tests(self, selections, build=True):
        """(failed test names, log): every selection's, after a build (a
        Python-only change needs none); a build that times out is a
        failure too (the bug hangs something)."""
        built, log = self.build() if build else (True, "")
        if not built:
            if "timed out" in log:
                return [log], ""
            return None, log
        failed = []
        for selection in selections:
            failed += self.ctest(selection)
        return failed, ""


def needs_build(mutation):
    """Python tools run from the source; everything else is compiled."""
    return not mutation.path.startswith("tools/")


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
    parser.add_argument("--only", default="",
                        help="mutations whose name holds this text; "
                        "several texts separated by |")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    wanted = args.only.split("|")
    chosen = [m for m in MUTATIONS if any(w in m.name for w in wanted)]
    if args.list:
        for m in chosen:
            where = " ".join(" ".join(x) for x in selections_for(m.path))
            print(f"{m.path}\t{m.name}\t{where}")
        return 0
    begin = time.monotonic()
    copy = Copy(args.source, args.work)
    copy.configure()
    # The tests must pass before any bug is planted, or every bug would
    # look caught.
    every = sorted({tuple(s) for m in chosen for s in selections_for(m.path)})
    clean, log = copy.run_tests([list(s) for s in every],
                                any(needs_build(m) for m in chosen))
    if clean is None:
        sys.exit("mutation: the unmutated copy does not build:\n" + log)
    if clean:
        sys.exit("mutation: the unmutated copy fails " + ", ".join(clean))
    survivors = 0
    for m in chosen:
        original = apply(copy, m)
        try:
            failed, log = copy.run_tests(selections_for(m.path),
                                         needs_build(m))
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
    if any(needs_build(m) for m in chosen):
        copy.build()
    print(f"mutation: {len(chosen) - survivors} of {len(chosen)} caught, "
          f"{survivors} survived ({time.monotonic() - begin:.0f} s)")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
