"""tests/run_module.py, which ctest runs every compare test module with:
a module with a skipped test must exit 77 (SKIP_RETURN_CODE), so that
ctest reports it as skipped, never as passed."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from support import TESTS

RUNNER = os.path.join(TESTS, "run_module.py")
MODULES = {
    "passing": "def test_ok(self):\n    pass\n",
    "skipping": "def test_ok(self):\n    pass\n"
                "@unittest.skip('no matplotlib')\n"
                "def test_draw(self):\n    pass\n",
    "failing": "def test_ok(self):\n    pass\n"
               "def test_bad(self):\n    self.fail('wrong number')\n",
}


class RunModuleTest(unittest.TestCase):
    def run_module(self, kind):
        with tempfile.TemporaryDirectory() as d:
            body = textwrap.indent(MODULES[kind], "    ")
            with open(os.path.join(d, f"mod_{kind}.py"), "w") as f:
                f.write(f"import unittest\n\n\nclass T(unittest.TestCase):\n"
                        f"{body}")
            return subprocess.run([sys.executable, "-B", RUNNER,
                                   f"mod_{kind}"], cwd=d, capture_output=True,
                                  text=True, env=dict(os.environ,
                                                      PYTHONPATH=d),
                                  timeout=30)

    def test_exit_codes(self):
        self.assertEqual(self.run_module("passing").returncode, 0)
        skipped = self.run_module("skipping")
        self.assertEqual(skipped.returncode, 77, skipped.stderr)
        self.assertIn("1 test(s) skipped", skipped.stdout)
        self.assertEqual(self.run_module("failing").returncode, 1)


if __name__ == "__main__":
    unittest.main()
