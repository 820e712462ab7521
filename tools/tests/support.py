"""Shared by the compare.py tests: paths, and main() run in-process."""
import io
import os
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
FIXTURES = os.path.join(TESTS, "fixtures")
COMPARE = os.path.join(TOOLS, "compare.py")
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)

import compare  # noqa: E402  (tools/compare.py)


def fixture(name):
    return os.path.join(FIXTURES, name)


def run_main(*argv):
    """(exit code, stdout, stderr) of compare.py's main()."""
    out, err = io.StringIO(), io.StringIO()
    code = compare.main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()
