"""Builds a results folder from one xsb_bench run: report.md, a
self-contained report.html, PNG plots, a Chrome trace (trace.json) and the
terminal verdict block.

Pure functions over plain data; drawing needs matplotlib (optional), the
verdicts come from the compare tool (xsb_compare, run as a subprocess).
tools/report.py and `python3 -m xsb_report` are the command line
(cli.main); docs/report.md describes the folder."""
