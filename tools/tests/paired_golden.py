"""Writes fixtures/paired_golden.json: paired-rounds verdict cases that
xsb_bench's stop rule (C++) and tools/xsb_compare (test_paired) must both
reproduce. Run it again only when the method itself changes:
  PYTHONPATH=tools python3 tools/tests/paired_golden.py"""
import json

from support import fixture
from xsb_compare import paired, sequential
from xsb_compare.estimate import Estimate
from xsb_compare.verdict import combine_words, judge_criterion, plan_criteria

CRITERIA = plan_criteria(1.1, 0.7, "hp_p99_ms", "lp_iter_per_s")
ABOUT = ("Paired-rounds verdict cases (docs/compare.md, 'Paired rounds'): d "
         "and d_lp are the per-round log ratios ln(candidate / baseline) of "
         "HP P99 and LP iter/s; looks = L (1: fixed rounds), look = j, "
         "alpha_look = the nominal alpha of look j's two-sided "
         "group-sequential boundary (O'Brien-Fleming spending at alpha, "
         "looks at fractions k / k_max); low/high "
         "and lp_low/lp_high are the t interval of the mean on the log scale "
         "at level 1 - alpha_look; the words use HP < 1.1 and LP > 0.7. "
         "Written by tools/tests/paired_golden.py.")
# name, looks, k_min, HP d, LP d: rounds run = len(d).
CASES = (
    ("fixed 4 rounds, halving", 1, 4, [-0.62, -0.81, -0.55, -0.74],
     [-0.02, 0.01, 0.03, -0.04]),
    ("auto, first look (round 4)", 7, 4, [-0.700, -0.701, -0.699, -0.700],
     [0.0, 0.001, -0.001, 0.0]),
    ("auto, look 3 of 7", 7, 4, [-0.3, 0.1, -0.5, 0.2, -0.1, -0.4],
     [0.05, -0.02, 0.0, 0.01, -0.03, 0.02]),
    ("auto, last look", 7, 4,
     [0.05, -0.2, 0.3, 0.1, -0.1, 0.0, 0.25, -0.15, 0.1, 0.05],
     [0.01, 0.0, -0.02, 0.03, 0.0, -0.01, 0.02, 0.0, 0.01, -0.01]),
    ("fixed 3 rounds, worse", 1, 3, [0.9, 1.0, 0.95], [-0.5, -0.6, -0.55]),
    ("auto, look 5 of 7, LP lost", 7, 4,
     [-0.1, -0.2, -0.15, -0.1, -0.2, -0.12, -0.18, -0.1],
     [-0.9, -1.1, -1.0, -0.95, -1.05, -1.0, -0.9, -1.1]),
)


def golden_plan(looks, k_min):
    """Fixed rounds for one look, else the group-sequential looks after
    rounds k_min .. k_min + looks - 1."""
    if looks == 1:
        return sequential.Plan(sequential.FIXED)
    return sequential.Plan(sequential.BOUNDARIES, k_min, k_min + looks - 1)


def case(name, looks, k_min, d_hp, d_lp):
    look = 1 if looks == 1 else len(d_hp) - k_min + 1
    alpha = sequential.look_alphas(golden_plan(looks, k_min), 0.05)[look - 1]
    found = [paired.mean_interval(d, alpha) for d in (d_hp, d_lp)]
    words = [judge_criterion(c, Estimate(*f.ratio(), f.level))
             for c, f in zip(CRITERIA, found)]
    return {"name": name, "alpha": 0.05, "looks": looks, "k_min": k_min,
            "rounds": len(d_hp), "look": look, "alpha_look": alpha,
            "d": d_hp, "low": found[0].low, "high": found[0].high,
            "d_lp": d_lp, "lp_low": found[1].low, "lp_high": found[1].high,
            "hp_word": str(words[0]), "lp_word": str(words[1]),
            "word": str(combine_words(words))}


def main():
    doc = {"format": "xsb_paired_golden", "version": 1, "about": ABOUT,
           "cases": [case(*c) for c in CASES]}
    with open(fixture("paired_golden.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=1) + "\n")
    for c in doc["cases"]:
        print(f"{c['name']}: {c['word']} (look {c['look']}, alpha "
              f"{c['alpha_look']:.3g})")


if __name__ == "__main__":
    main()
