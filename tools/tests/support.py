"""Shared by the compare tests: paths, and main() run in-process.

The xsb_compare package comes from PYTHONPATH (ctest sets it to tools/;
by hand: PYTHONPATH=tools python3 -m unittest discover -s tools/tests)."""
import io
import os

from xsb_compare import app

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
FIXTURES = os.path.join(TESTS, "fixtures")
COMPARE = os.path.join(TOOLS, "compare.py")


def fixture(name):
    return os.path.join(FIXTURES, name)


def run_main(*argv):
    """(exit code, stdout, stderr) of the command line's main()."""
    out, err = io.StringIO(), io.StringIO()
    code = app.main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()
