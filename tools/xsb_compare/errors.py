"""The one error the command line turns into exit code 2."""


class InputError(Exception):
    """Unusable input (missing file, not JSON, no pairs, ...).

    The message is one line that says what is wrong and with which file."""
