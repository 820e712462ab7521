#!/usr/bin/env python3
"""Compares xsb_bench results: a thin wrapper over the xsb_compare package
(tools/xsb_compare/app.py does the work).

  python3 -m xsb_compare BASELINE.json [CANDIDATE.json]   # with tools/ on
                                                          # PYTHONPATH
  tools/compare.py BASELINE.json [CANDIDATE.json]         # the same

Run as a script, Python puts this file's folder first on the module path,
which is where xsb_compare lives. Exit codes: 0 pass, 1 fail, 2 unusable
input, 3 inconclusive or nothing valid to judge (1 and 3 under --gate only).
See docs/compare.md."""

import sys
from typing import Optional, Sequence, TextIO

from xsb_compare import app


def main(argv: Optional[Sequence[str]] = None,
         out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Runs the comparison; returns the exit code."""
    return app.main(argv, out, err)


if __name__ == "__main__":
    sys.exit(app.entry_point())
