"""Regression tracking across commits for xsb_bench results: a history store
(SQLite by default, PostgreSQL for a shared CI history), change detection
(robust z-score for a new run, step detection over a series), trends and a
static dashboard.

Pure functions over plain data; storage sits behind store.Store;
tools/history.py (or `python3 -m xsb_history` from tools/) is the command
line. See docs/history.md."""

TOOL_VERSION = "1"
