#!/usr/bin/env python3
"""Regression tracking across commits for xsb_bench results: record runs in
a history (SQLite, or PostgreSQL for a shared CI history), list, show and
export them, follow a counter's trend, check a new run against a branch,
commit or merge base, and write a static dashboard. See docs/history.md.

  tools/history.py record results/run.json
  tools/history.py check results/pr.json --against merge-base --gate
  tools/history.py trend hp_p99_ms --case os-priority
  tools/history.py dashboard results/dashboard

Exit codes: 0 ok, 1 regression (check --gate), 2 unusable input, 3 nothing
comparable, nothing measured or a case failed (check --gate)."""

import sys

# Run as a script, Python puts this file's folder (tools/) first on the
# module path, which is where xsb_history lives.
from xsb_history.cli import main

if __name__ == "__main__":
    sys.exit(main())
