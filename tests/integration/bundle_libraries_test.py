#!/usr/bin/env python3
"""The GPU validation bundle (scripts/gpu-check.sh) never shadows the
machine's own libraries (issue 26, docs/gpu.md "Libraries"):
- each bundled program finds the bundle's lib/ through its RUNPATH
  ($ORIGIN/../lib, readelf), and the device side exports no library path;
- libstdc++ and libgcc_s come from the bundle only when the machine's lack
  a version the programs need (a fake older libstdc++ in a fake loader
  cache), or when forced;
- with the bundle's libstdc++ forced, the processes the suite starts (the
  XSched daemon, a child a worker starts) still get exactly the environment
  run.sh was given and map the machine's libstdc++, while the worker maps
  the bundle's (fake XSched install, tests/fakes: the shim copies the
  worker's /proc/self/environ and maps and starts xsb_env_dump, which
  copies its own; the fake daemon copies its own)."""
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

import harness

SCRIPTS = os.path.join(harness.REPO_ROOT, "scripts")
DEVICE_SIDE = [os.path.join(SCRIPTS, "gpu-check", name)
               for name in ("run.sh", "libraries.sh")] + sorted(
    glob.glob(os.path.join(SCRIPTS, "gpu-check", "steps", "*.sh")))
RUNPATH = "$ORIGIN/../lib"
# What bash itself changes in the environment of what it starts.
SHELL_VARIABLES = {"_", "SHLVL", "PWD", "OLDPWD"}
# What xsb_bench adds for an xsched worker (docs/xsched.md).
SCHEDULER_VARIABLE = re.compile(r"^(XSCHED_|XLOG_|LD_PRELOAD$)")


def sh(*args, env=None, timeout=120):
    return subprocess.run(list(args), capture_output=True, text=True,
                          env=env, timeout=timeout * harness.time_scale())


def clean_env(**extra):
    """os.environ without XSched's, the fakes' and the loader's variables;
    this test's Python first on PATH, so that the fake daemon's python3 is
    not a pyenv shim, which would change its own environment."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XSCHED_", "XSB_FAKE_", "LD_"))}
    env["PATH"] = os.path.dirname(sys.executable) + ":" + env["PATH"]
    env.update(extra)
    return env


def read_environ(path):
    with open(path, "rb") as f:
        entries = f.read().decode(errors="replace").split("\0")
    return dict(e.split("=", 1) for e in entries if "=" in e)


def mapped_files(path):
    with open(path) as f:
        return {line.split(None, 5)[5].strip() for line in f
                if len(line.split(None, 5)) == 6 and "/" in line}


def libstdcxx(files):
    return [f for f in files if "/libstdc++.so" in f]


def differences(got, expected, allowed=re.compile("^$")):
    """The variables whose value differs, other than the shell's own and
    those `allowed` matches: {name: (expected, got)}."""
    return {k: (expected.get(k), got.get(k))
            for k in set(got) | set(expected)
            if k not in SHELL_VARIABLES and not allowed.match(k)
            and got.get(k) != expected.get(k)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BundleLibrariesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.xsched = os.path.join(cls.tmp.name, "fake_xsched_install")
        os.makedirs(os.path.join(cls.xsched, "lib"))
        os.makedirs(os.path.join(cls.xsched, "bin"))
        shutil.copy(harness.ARGS.fake_shim,
                    os.path.join(cls.xsched, "lib", "libshimhip.so"))
        shutil.copy(harness.ARGS.fake_xserver,
                    os.path.join(cls.xsched, "bin", "xserver"))
        cls.bundles = {}
        for name, extra in (("plain", []),
                            ("xsched", ["--xsched_root=" + cls.xsched])):
            bundle = os.path.join(cls.tmp.name, name)
            prepare = sh(os.path.join(SCRIPTS, "gpu-check.sh"), "--prepare",
                         "--no_build", "--build_dir=" + harness.ARGS.build_dir,
                         "--bundle=" + bundle, *extra)
            cls.bundles[name] = (bundle, prepare)
        cls.machine_libstdcxx = os.path.realpath(sh(
            "bash", "-c", f". {DEVICE_SIDE[1]}; machine_library libstdc++.so.6"
        ).stdout.split("\t")[0])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def bundle(self, name="plain"):
        bundle, prepare = self.bundles[name]
        self.assertEqual(prepare.returncode, 0, prepare.stderr)
        return bundle

    def run_device_side(self, bundle, *flags, env=None):
        out = tempfile.mkdtemp(dir=self.tmp.name)
        run = sh(os.path.join(bundle, "run.sh"), "--backend=cpu", "--short",
                 "--out=" + out, *flags, env=env or clean_env(), timeout=240)
        with open(os.path.join(out, "libraries", "choice.txt")) as f:
            choice = f.read()
        return run, out, choice

    def test_each_program_finds_the_bundle_through_its_runpath(self):
        bundle = self.bundle()
        # bin/examples/ and bin/python/ hold the exec models' scripts.
        programs = [path for path in glob.glob(os.path.join(bundle, "bin", "*"))
                    if os.path.isfile(path)]
        self.assertGreaterEqual(len(programs), 2, programs)
        for program in programs:
            dynamic = sh("readelf", "-d", program).stdout
            self.assertIn(f"Library runpath: [{RUNPATH}]", dynamic, program)
            self.assertNotIn("Library rpath:", dynamic, program)
        ldd = sh("ldd", os.path.join(bundle, "bin", "xsb_bench")).stdout
        self.assertRegex(ldd, rf"libbenchmark\S* => {re.escape(bundle)}"
                         r"/bin/\.\./lib/libbenchmark")
        # The C++ runtime waits in lib/fallback/, out of the RUNPATH's reach.
        self.assertNotIn(f"{bundle}/lib/libstdc++", ldd)
        for name in ("libstdc++.so.6", "libgcc_s.so.1"):
            self.assertTrue(os.path.isfile(
                os.path.join(bundle, "lib", "fallback", name)), name)
            self.assertFalse(os.path.lexists(os.path.join(bundle, "lib", name)))
        with open(os.path.join(bundle, "versions.txt")) as f:
            self.assertRegex(f.read(),
                             r"(?m)^bin/xsb_worker libstdc\+\+\.so\.6 GLIBCXX_")

    def test_a_program_without_the_runpath_is_refused(self):
        build = os.path.join(self.tmp.name, "old_build")
        for program in ("bench/xsb_bench", "bench/xsb_worker",
                        "tests/gpu/gpu_kernels_test"):
            os.makedirs(os.path.dirname(os.path.join(build, program)),
                        exist_ok=True)
            shutil.copy("/bin/true", os.path.join(build, program))
        prepare = sh(os.path.join(SCRIPTS, "gpu-check.sh"), "--prepare",
                     "--no_build", "--build_dir=" + build,
                     "--bundle=" + os.path.join(self.tmp.name, "refused"))
        self.assertEqual(prepare.returncode, 1)
        self.assertRegex(prepare.stderr, r"xsb_bench lacks the RUNPATH "
                         r"\$ORIGIN/\.\./lib: rebuild it")

    def test_the_device_side_exports_no_library_path(self):
        for path in DEVICE_SIDE:
            with open(path) as f:
                offending = [line.strip() for line in f
                             if not line.lstrip().startswith("#") and
                             re.search(r"\bLD_[A-Z_]+=|\bexport\b", line)]
            self.assertEqual(offending, [], path)

    def test_version_names_read_without_binutils_match_readelf(self):
        """libraries.sh reads a library's versions with grep; on this
        machine's libstdc++ and libgcc_s, it finds every version readelf
        says they define, and none they do not."""
        for soname in ("libstdc++.so.6", "libgcc_s.so.1"):
            path = sh("bash", "-c", f". {DEVICE_SIDE[1]}; "
                      f"machine_library {soname}").stdout.split("\t")[0]
            listing = sh("readelf", "-V", "--wide", path).stdout
            defined = re.findall(r"Flags: none\s+Index: \d+\s+Cnt: \d+\s+"
                                 r"Name: (\S+)", listing)
            self.assertGreater(len(defined), 5, listing[:2000])
            names = "\n".join(defined + ["GLIBCXX_3.4.99", "GCC_99.0.0"])
            missing = subprocess.run(
                ["bash", "-c", f". {DEVICE_SIDE[1]}; missing_nodes {path}"],
                input=names, capture_output=True, text=True).stdout
            self.assertEqual(missing.split(), ["GLIBCXX_3.4.99", "GCC_99.0.0"],
                             soname)

    def test_glibc_is_checked_against_glibcs_libraries_only(self):
        """libcudart.so.N defines versions of its own name; the glibc
        check must not look for it among the machine's libraries."""
        fake = os.path.join(self.tmp.name, "glibc_check")
        os.makedirs(fake, exist_ok=True)
        with open(os.path.join(fake, "versions.txt"), "w") as f:
            f.write("bin/xsb_worker libcudart.so.99 libcudart.so.99\n"
                    "bin/xsb_worker libc.so.6 GLIBC_2.2.5\n"
                    "bin/xsb_worker libm.so.6 GLIBC_2.99\n")
        check = sh("bash", "-c", f"bundle={fake}; . {DEVICE_SIDE[1]}; "
                   "check_glibc")
        self.assertEqual(check.returncode, 1, check.stdout)
        self.assertRegex(check.stdout, r"^glibc: glibc \d+\.\d+; programs "
                         r"need GLIBC_2\.2\.5; MISSING libm\.so\.6 GLIBC_2\.99:"
                         r" the programs cannot start here")

    def test_the_machines_runtime_when_it_is_as_new(self):
        bundle = self.bundle()
        run, out, choice = self.run_device_side(bundle, "--steps=none")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertRegex(choice, r"(?m)^libstdc\+\+\.so\.6: .*chosen: machine "
                         r"\(it has every version the programs need\)$")
        self.assertRegex(choice, r"(?m)^libgcc_s\.so\.1: .*chosen: machine")
        self.assertRegex(choice, r"(?m)^glibc: glibc \d+\.\d+; programs need "
                         r"GLIBC_2\.\d+$")
        self.assertFalse(os.path.lexists(
            os.path.join(bundle, "lib", "libstdc++.so.6")))
        worker = mapped_files(os.path.join(out, "libraries", "worker.maps"))
        self.assertEqual([os.path.realpath(f) for f in libstdcxx(worker)],
                         [self.machine_libstdcxx], worker)
        self.assertIn(os.path.join(bundle, "bin", "xsb_worker"), worker)
        with open(os.path.join(out, "summary.md")) as f:
            summary = f.read()
        self.assertIn("## Machine and libraries", summary)
        self.assertRegex(summary, r"(?m)^- os: \S")
        self.assertRegex(summary, rf"\| {re.escape(self.machine_libstdcxx)} "
                         r"\| machine \|")
        self.assertRegex(summary, r"(?m)^- <bundle>/bin/xsb_bench: .*"
                         r"libbenchmark\S* -> <bundle>/lib/")

    def test_the_bundles_runtime_when_the_machines_is_older(self):
        """A loader cache (a fake ldconfig first on PATH) that names a
        libstdc++ defining only GLIBCXX_3.4 and 3.4.10: the bundle's is
        linked into lib/ and the worker maps it."""
        bundle = self.bundle()
        machine = os.path.join(self.tmp.name, "old_machine")
        os.makedirs(machine, exist_ok=True)
        with open(os.path.join(machine, "libstdc++.so.6"), "wb") as f:
            f.write(b"\0libstdc++.so.6\0GLIBCXX_3.4\0GLIBCXX_3.4.10\0")
        with open(os.path.join(machine, "ldconfig"), "w") as f:
            f.write("#!/bin/sh\nprintf '\\tlibstdc++.so.6 (libc6,x86-64) "
                    f"=> {machine}/libstdc++.so.6\\n'\n")
        os.chmod(os.path.join(machine, "ldconfig"), 0o755)
        env = clean_env(PATH=machine + ":" + os.environ["PATH"])
        run, out, choice = self.run_device_side(bundle, "--steps=none",
                                                env=env)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertRegex(choice, r"(?m)^libstdc\+\+\.so\.6: machine "
                         rf"{re.escape(machine)}/libstdc\+\+\.so\.6 \(the "
                         r"loader cache, newest GLIBCXX_3\.4\.10\); .*chosen: "
                         r"bundle \(the machine's lacks GLIBCXX_3\.4\.\d+ and \d+ more "
                         r"the programs need\)$")
        self.assertEqual(os.readlink(os.path.join(bundle, "lib",
                                                  "libstdc++.so.6")),
                         "fallback/libstdc++.so.6")
        worker = mapped_files(os.path.join(out, "libraries", "worker.maps"))
        self.assertEqual(libstdcxx(worker), [os.path.join(
            bundle, "lib", "fallback", "libstdc++.so.6")], worker)
        # The next run on a machine with a new enough libstdc++ drops the
        # link again.
        run, _, choice = self.run_device_side(bundle, "--steps=none")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertFalse(os.path.lexists(
            os.path.join(bundle, "lib", "libstdc++.so.6")))

    def test_an_older_libstdcxx_on_ld_library_path_is_named(self):
        bundle = self.bundle()
        machine = os.path.join(self.tmp.name, "old_path")
        os.makedirs(machine, exist_ok=True)
        with open(os.path.join(machine, "libstdc++.so.6"), "wb") as f:
            f.write(b"\0GLIBCXX_3.4\0")
        run, out, choice = self.run_device_side(
            bundle, "--steps=none", "--dry_run",
            env=clean_env(LD_LIBRARY_PATH=machine))
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertIn(f"libstdc++.so.6: {machine}/libstdc++.so.6 comes first "
                      "through LD_LIBRARY_PATH, before the programs' RUNPATH: "
                      "remove its folder from LD_LIBRARY_PATH", run.stdout)

    def test_children_get_the_environment_they_would_have_without_it(self):
        bundle = self.bundle("xsched")
        dumps = os.path.join(self.tmp.name, "dumps")
        os.makedirs(dumps)
        machine_path = os.path.join(self.tmp.name, "machine_lib")
        os.makedirs(machine_path)
        env = clean_env(LD_LIBRARY_PATH=machine_path,
                        XSB_FAKE_DUMP_DIR=dumps,
                        XSB_FAKE_DUMP_CHILD=harness.ARGS.env_dump)
        run, out, choice = self.run_device_side(
            bundle, "--steps=xsched", "--cxx_runtime=bundle",
            f"--xsched_port={free_port()}", env=env)
        self.assertEqual(run.returncode, 0, run.stdout[-3000:] + run.stderr)
        self.assertRegex(choice, r"(?m)^libstdc\+\+\.so\.6: .*chosen: bundle "
                         r"\(--cxx_runtime=bundle\)$")
        bundle_lib = os.path.join(bundle, "lib") + "/"
        found = {kind: sorted(glob.glob(os.path.join(dumps, kind + "-*.environ")))
                 for kind in ("xserver", "shim", "child")}
        self.assertEqual(len(found["xserver"]), 1, found)
        self.assertGreaterEqual(len(found["shim"]), 2, found)
        self.assertEqual(len(found["child"]), len(found["shim"]), found)
        # The daemon: exactly run.sh's environment, no bundle library.
        xserver = found["xserver"][0]
        self.assertEqual(differences(read_environ(xserver), env), {})
        maps = mapped_files(xserver[:-len("environ")] + "maps")
        self.assertEqual([f for f in maps if f.startswith(bundle_lib)], [])
        for shim, child in zip(found["shim"], found["child"]):
            worker_env = read_environ(shim)
            # The worker: run.sh's environment plus the scheduler's own
            # variables; its libstdc++ is the bundle's, as forced.
            self.assertEqual(differences(worker_env, env, SCHEDULER_VARIABLE),
                             {}, shim)
            self.assertEqual(worker_env["LD_LIBRARY_PATH"], machine_path)
            self.assertEqual(libstdcxx(mapped_files(shim[:-7] + "maps")),
                             [bundle_lib + "fallback/libstdc++.so.6"])
            # Its child: the worker's environment, the machine's libstdc++,
            # nothing from the bundle's lib/.
            child_env = read_environ(child)
            self.assertEqual(differences(child_env, worker_env), {}, child)
            child_maps = mapped_files(child[:-7] + "maps")
            self.assertEqual([os.path.realpath(f)
                              for f in libstdcxx(child_maps)],
                             [self.machine_libstdcxx], child)
            self.assertEqual([f for f in child_maps
                              if f.startswith(bundle_lib)], [], child)
            for name, value in child_env.items():
                self.assertNotIn(bundle_lib, value, name)


if __name__ == "__main__":
    harness.main("build_dir", "fake_shim", "fake_xserver", "env_dump")
