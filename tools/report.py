#!/usr/bin/env python3
"""Builds a results folder from one xsb_bench run: report.md, a
self-contained report.html, PNG plots (with matplotlib), trace.json (Chrome
trace event format) and the verdict block on stdout.

  tools/report.py results/original-20261201T031500Z/benchmark.json
  tools/report.py old.json --samples-dir old_samples --out results/old

Exit codes: 0 written, 1 a failed verdict under --gate, 2 unusable input.
See docs/report.md."""

import sys

# Run as a script, Python puts this file's folder (tools/) first on the
# module path, which is where xsb_report lives.
from xsb_report.cli import main

if __name__ == "__main__":
    sys.exit(main())
