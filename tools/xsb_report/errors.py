"""The one error the command line turns into exit code 2."""


class ReportError(Exception):
    """Unusable input or output (missing file, not a benchmark JSON, no
    samples, a folder that cannot be written).

    The message is one line that says what is wrong and with which file."""
