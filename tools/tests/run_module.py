"""Runs one test module for ctest: `python3 run_module.py test_cli`.

Exit 0 when every test passed, 1 on a failure or error, 77 when none failed
but some were skipped (ctest's SKIP_RETURN_CODE for these tests), so that a
module whose checks could not run is reported as skipped, never as passed.
xsb_compare comes from PYTHONPATH, which ctest sets."""
import sys
import unittest

SKIPPED = 77


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: run_module.py TEST_MODULE\n")
        return 2
    suite = unittest.defaultTestLoader.loadTestsFromName(argv[1])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful():
        return 1
    if result.skipped:
        print(f"{argv[1]}: {len(result.skipped)} test(s) skipped: reporting "
              f"the module as skipped (exit {SKIPPED})")
        return SKIPPED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
