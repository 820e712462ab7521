"""Which cases go together: the DualModel cases of one scenario and
parameters (every scheduler) with the Standalone references of the same
scenario, rate or batch, and duration."""

from dataclasses import dataclass, field
from typing import Optional

from .runs import DUAL_MODEL, Case, Run

STANDALONE_HP = "standalone hp"
STANDALONE_LP = "standalone lp"


@dataclass
class Group:
    key: str  # scenario/rate:R/batch:B/duration_s:D, as compare keys pairs
    scenario: str
    params: dict[str, str]
    dual: list[Case] = field(default_factory=list)  # schedulers, in order
    standalone_hp: Optional[Case] = None
    standalone_lp: Optional[Case] = None

    def series(self) -> list[tuple[str, Case]]:
        """(label, case): each scheduler, then the Standalone references."""
        found = [(c.variant, c) for c in self.dual]
        if self.standalone_hp:
            found.append((STANDALONE_HP, self.standalone_hp))
        if self.standalone_lp:
            found.append((STANDALONE_LP, self.standalone_lp))
        return found


def case_key(case: Case) -> str:
    return "/".join([case.scenario] +
                    [f"{k}:{v}" for k, v in case.params.items()])


def _matches(group: Group, case: Case) -> bool:
    """Whether a Standalone case is the reference of a DualModel group."""
    if case.scenario != group.scenario:
        return False
    shared = ("rate", "duration_s") if case.role == "hp" else (
        "batch", "duration_s")
    return all(case.params.get(k) == group.params.get(k) for k in shared)


def group_cases(run: Run) -> list[Group]:
    """The groups of a run, in file order; a Standalone case that matches no
    DualModel group gets a group of its own."""
    groups: dict[str, Group] = {}
    for case in run.cases.values():
        if case.family == DUAL_MODEL:
            key = case_key(case)
            groups.setdefault(key, Group(key, case.scenario,
                                         dict(case.params))).dual.append(case)
    for case in run.cases.values():
        if case.family == DUAL_MODEL:
            continue
        group = next((g for g in groups.values()
                      if g.dual and _matches(g, case)), None)
        if group is None:
            key = case_key(case)
            group = groups.setdefault(key, Group(key, case.scenario,
                                                 dict(case.params)))
        if case.role == "hp":
            group.standalone_hp = group.standalone_hp or case
        else:
            group.standalone_lp = group.standalone_lp or case
    return list(groups.values())


def scenarios(run: Run) -> list[str]:
    """The run's scenarios, in file order."""
    found: list[str] = []
    names = [case.scenario for case in run.cases.values()]
    names += [table.case.split("/")[2] for table in run.tenants]
    for name in names:
        if name not in found:
            found.append(name)
    return found
