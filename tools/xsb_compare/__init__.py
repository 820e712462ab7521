"""Compares xsb_bench JSON outputs: pairs scheduler cases with their baseline,
judges them against the reference plan's thresholds, tracks ratios against a
committed reference, and plots per-request samples.

Pure functions over plain data; tools/compare.py is the command line."""
