"""The status words reports print, as enums.

Each member is also the plain string it prints (`Outcome.SAME == "same"`,
hashing and formatting like that string), so JSON output and older callers
that compare with strings keep working."""

from enum import Enum, IntEnum


class Word(str, Enum):
    """A str-valued enum that prints, formats and hashes as its value."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str(self), spec)

    def __hash__(self) -> int:
        return str.__hash__(self)


class Direction(Word):
    """Which side of a counter is better."""
    LOWER = "lower"  # latency, lag
    HIGHER = "higher"  # throughput
    NEUTRAL = "neutral"  # counts, settings, facts
    UNKNOWN = "?"  # a counter the table does not know


class Outcome(Word):
    """One counter's comparison."""
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"  # inside the noise
    HIGHER_VALUE = "higher"  # for counters with no better side
    LOWER_VALUE = "lower"
    MISSING = "missing"  # a side lacks the counter


class VerdictWord(Word):
    """A pair's verdict, and each criterion's."""
    PASS = "PASS"  # the whole interval meets the threshold
    FAIL = "FAIL"  # the whole interval misses it (or a repetition failed)
    INCONCLUSIVE = "INCONCLUSIVE"  # the interval straddles the threshold
    TEST_ONLY = "TEST-ONLY"  # a test of the pipeline: no result to judge
    NO_VERDICT = "NO-VERDICT"  # nothing valid to judge (invalid, missing)


class CheckStatus(Word):
    """A reference check's result."""
    OK = "ok"
    REGRESSION = "regression"
    IMPROVED = "improved"
    MISSING = "missing"


class ExitCode(IntEnum):
    """compare's exit codes (docs/compare.md)."""
    OK = 0  # report written; under --gate every verdict passed
    FAIL = 1  # under --gate: a verdict failed or a reference check regressed
    UNUSABLE = 2  # unusable input or a bad option
    INCONCLUSIVE = 3  # under --gate: inconclusive, or nothing valid to judge
