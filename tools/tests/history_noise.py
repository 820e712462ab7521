"""False alarms of history.py check on resampled real smoke runs
(fixtures/smoke_history.json), new check against old, and what it still
catches under lognormal noise: what test_history_detect asserts and
docs/history.md quotes.
  PYTHONPATH=tools python3 tools/tests/history_noise.py"""
import math
import random
import statistics

from history_support import smoke_runs
from xsb_compare.counters import direction_of
from xsb_compare.distributions import t_sf
from xsb_history import check, detect

SMOKE = smoke_runs()
# Each gated counter of each case of the smoke runs: a series to resample.
SERIES = {(case, counter): [run[case][counter] for run in SMOKE]
          for case in SMOKE[0] for counter in check.GATED
          if counter in SMOKE[0][case]}


def old_check(baseline: list, value: float, direction: str,
              threshold: float) -> bool:
    """The check before issue 21, kept as the reference that fails: worse
    when outside the one-sided 99 % t prediction bound of the window's
    log values and the median moved by the threshold."""
    logs = [math.log(v) for v in baseline]
    n, mean = len(logs), statistics.fmean(logs)
    scale = statistics.stdev(logs) * math.sqrt(1 + 1 / n)
    sign = detect.worse_sign(direction)
    t = sign * (math.log(value) - mean) / scale if scale else 0.0
    moved = sign * (value / statistics.median(baseline) - 1)
    return t > 0 and t_sf(t, n - 1) < 0.01 and moved >= threshold


def new_check(baseline: list, value: float, direction: str,
              threshold: float) -> bool:
    return detect.check_value(baseline, value, direction,
                              threshold).verdict == detect.WORSE


def false_alarms(judge, n: int, trials: int, seed: int) -> dict:
    """Per gated counter and case: the share of checks of a resampled run
    against a window of n resampled runs that call it worse (the runs
    drawn with replacement from the 41 real smoke runs)."""
    rng = random.Random(seed)
    alarms = dict.fromkeys(SERIES, 0)
    for _ in range(trials):
        picks = [rng.randrange(len(SMOKE)) for _ in range(n + 1)]
        for (case, counter), values in SERIES.items():
            window = [values[i] for i in picks[:-1]]
            alarms[(case, counter)] += judge(
                window, values[picks[-1]], direction_of(counter),
                check.threshold_of(counter, {}))
    return {key: count / trials for key, count in alarms.items()}


def any_alarm(judge, n: int, trials: int, seed: int) -> float:
    """The share of checks of a whole resampled run (every gated counter
    of every case) with at least one false alarm."""
    rng = random.Random(seed)
    alarms = 0
    for _ in range(trials):
        picks = [rng.randrange(len(SMOKE)) for _ in range(n + 1)]
        alarms += any(judge([values[i] for i in picks[:-1]],
                            values[picks[-1]], direction_of(counter),
                            check.threshold_of(counter, {}))
                      for (case, counter), values in SERIES.items())
    return alarms / trials


DUAL_P99 = ("DualModel/baseline/smoke/rate:200/batch:8/duration_s:4",
            "hp_p99_ms")


def detection(shift: float, sigma: float, n: int, trials: int = 2000,
              seed: int = 7) -> float:
    """The share of checks that call a run worse when every value of it is
    shift x, against n runs before it, all with lognormal noise sigma."""
    rng = random.Random(seed)
    caught = 0
    for _ in range(trials):
        window = [math.exp(rng.gauss(0, sigma)) for _ in range(n)]
        value = shift * math.exp(rng.gauss(0, sigma))
        caught += new_check(window, value, "lower", 0.1)
    return caught / trials


def main() -> None:
    for sigma in (0.03, 0.085, 0.3, 0.56):
        found = ", ".join(f"{shift:g}x {detection(shift, sigma, n):.0%}"
                          for shift in (1.5, 2.0, 3.0) for n in (3, 10))
        print(f"lognormal noise {sigma:g}, caught after 3 / 10 runs: "
              f"{found}")
    for name, judge in (("new", new_check), ("old", old_check)):
        for n in (3, 5, 10):
            rates = false_alarms(judge, n, 10000, seed=n)
            worst = max(rates, key=rates.get)
            whole = any_alarm(judge, n, 10000, seed=n)
            print(f"{name} check, window {n}: worst counter "
                  f"{rates[worst]:.2%} ({worst[1]} of {worst[0]}), "
                  f"DualModel P99 {rates[DUAL_P99]:.2%}; whole run "
                  f"{whole:.2%}")


if __name__ == "__main__":
    main()
