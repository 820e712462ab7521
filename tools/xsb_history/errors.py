"""The errors the command line turns into exit codes."""


class HistoryError(Exception):
    """Unusable input or store (exit 2). The message is one line that says
    what is wrong and where."""


class NothingComparable(Exception):
    """Nothing to compare with, or nothing measured (exit 3 under --gate).
    The message is one line."""
