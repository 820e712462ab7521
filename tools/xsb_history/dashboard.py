"""dashboard: one static, self-contained HTML page (no script, no network):
per headline counter and case, an inline SVG trend over the last N commits
with change points marked and every point a link to its row in the runs
table on the same page (#run-<id>). svg_trend and page are pure."""

import dataclasses
import html
import math
import os

from xsb_compare.counters import unit_of

from . import detect
from .errors import HistoryError
from .series import short
from .trend import Trend, step_text

HEADLINE = ("hp_p99_ms", "lp_iter_per_s")
W, H, LEFT, RIGHT, TOP, BOTTOM = 760, 262, 70, 10, 12, 70


def uses_log_scale(values: list) -> bool:
    """Log when the values span more than 8x."""
    lo, hi = min(values), max(values)
    return lo > 0 and hi > 8 * lo


def tick_labels(ticks: list) -> list:
    """The ticks in one notation: fixed point, as many decimals for every
    tick as the largest needs for 3 significant digits (never an exponent
    beside a plain number, e.g. "1320" and "894", "0.050" and "0.200")."""
    top = max((abs(t) for t in ticks), default=0)
    digits = math.floor(math.log10(top)) + 1 if top > 0 else 1
    decimals = min(6, max(0, 3 - digits))
    return [f"{t:.{decimals}f}" for t in ticks]


def axis_title(counter: str, log: bool) -> str:
    """'hp_p99_ms (ms), log scale': the counter, its unit, the scale."""
    unit = unit_of(counter)
    return (counter + (f" ({unit})" if unit else "")
            + (", log scale" if log else ""))


def _scale(values: list) -> tuple:
    """(y of a value, tick values): log when the values span > 8x."""
    lo, hi = min(values), max(values)
    use_log = uses_log_scale(values)
    f = math.log10 if use_log else (lambda v: v)
    a, b = f(lo), f(hi)
    if a == b:
        a, b = a - 1, b + 1
    pad = (b - a) * 0.08
    a, b = a - pad, b + pad

    def y(v: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - (f(v) - a) / (b - a))
    ticks = [a + (b - a) * i / 4 for i in range(5)]
    return y, [10 ** t if use_log else t for t in ticks]


def slots(series) -> tuple:
    """(x slot of each point, x slot of each gap): gaps sit between the
    points in run order."""
    point_slots, gap_slots, slot, g = [], [], 0, 0
    for i in range(len(series.points) + 1):
        while g < len(series.gaps) and series.gaps[g].before <= i:
            gap_slots.append(slot)
            slot, g = slot + 1, g + 1
        if i < len(series.points):
            point_slots.append(slot)
            slot += 1
    return point_slots, gap_slots


def _frame(s, y, ticks) -> list:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" '
             f'height="{H}" role="img">',
             f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" '
             f'height="{H - TOP - BOTTOM}" fill="#fafafa" stroke="#bbb"/>']
    parts += [f'<text x="{LEFT - 4}" y="{y(t) + 4:.1f}" font-size="10" '
              f'text-anchor="end">{label}</text>'
              for t, label in zip(ticks, tick_labels(ticks))]
    middle = (TOP + H - BOTTOM) / 2
    title = html.escape(axis_title(s.counter, uses_log_scale(s.values)))
    parts.append(f'<text x="12" y="{middle:.1f}" font-size="10" '
                 f'text-anchor="middle" transform="rotate(-90 12 '
                 f'{middle:.1f})">{title}</text>')
    parts.append(f'<text x="{(LEFT + W - RIGHT) / 2:.1f}" y="{H - 2}" '
                 'font-size="10" text-anchor="middle">commit (oldest '
                 'first)</text>')
    return parts


def _commit_label(x: float, run) -> str:
    return (f'<text x="{x:.1f}" y="{H - BOTTOM + 12}" font-size="9" '
            f'text-anchor="end" transform="rotate(-50 {x:.1f} '
            f'{H - BOTTOM + 12})">{html.escape(short(run.commit)[:7])}</text>')


def _gap_mark(x: float, gap, counter: str) -> str:
    """A red cross at the top: this run's value was NaN or Infinity in
    every repetition, so it has no point."""
    tip = html.escape(f"run {gap.run.id} {short(gap.run.commit)}: {counter} "
                      f"not finite ({', '.join(gap.left_out)}): no value")
    return (f'<a href="#run-{gap.run.id}"><text class="nonfinite" '
            f'x="{x:.1f}" y="{TOP + 14}" font-size="14" fill="#c00" '
            f'text-anchor="middle">&#215;<title>{tip}</title></text></a>')


def svg_trend(trend: Trend) -> str:
    s = trend.series
    point_slots, gap_slots = slots(s)
    y, ticks = _scale(s.values)
    step_x = (W - LEFT - RIGHT) / max(len(point_slots) + len(gap_slots), 1)

    def x(i: float) -> float:
        return LEFT + step_x * (i + 0.5)
    parts = _frame(s, y, ticks)
    for step in trend.steps:
        sx = x(point_slots[step.index] - 0.5)
        parts.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{TOP}" '
                     f'y2="{H - BOTTOM}" stroke="#c00" stroke-dasharray="5 3">'
                     f'<title>{html.escape(step_text(step))}</title></line>')
    line = " ".join(f"{x(point_slots[i]):.1f},{y(v):.1f}"
                    for i, v in enumerate(s.values))
    parts.append(f'<polyline points="{line}" fill="none" stroke="#3465a4"/>')
    for i, (p, tp) in enumerate(zip(s.points, trend.points)):
        px, colour = x(point_slots[i]), ("#c00" if tp.verdict == detect.WORSE
                                         else "#3465a4")
        tip = html.escape(f"run {p.run.id} {short(p.run.commit)} "
                          f"{p.value:.4g} ({tp.verdict})" +
                          (f"; left out, not finite: {', '.join(p.left_out)}"
                           if p.left_out else ""))
        ring = (f'<circle class="nonfinite" cx="{px:.1f}" cy="{y(p.value):.1f}"'
                ' r="7" fill="none" stroke="#c60" stroke-width="2"/>'
                if p.left_out else "")
        parts.append(f'<a href="#run-{p.run.id}">{ring}<circle cx="{px:.1f}" '
                     f'cy="{y(p.value):.1f}" r="4" fill="{colour}">'
                     f'<title>{tip}</title></circle></a>')
        parts.append(_commit_label(px, p.run))
    for gap, slot in zip(s.gaps, gap_slots):
        parts.append(_gap_mark(x(slot), gap, s.counter))
        parts.append(_commit_label(x(slot), gap.run))
    parts.append("</svg>")
    return "".join(parts)


def non_finite_text(series) -> str:
    """What the chart marks for NaN or Infinity, or "" when nothing."""
    partial = sum(1 for p in series.points if p.left_out)
    said = []
    if partial:
        said.append(f"{partial} point(s) with a non-finite repetition left "
                    "out (ringed)")
    if series.gaps:
        said.append(f"{len(series.gaps)} run(s) with no finite value "
                    "(crossed at the top)")
    return "; ".join(said)


def _section(trend: Trend) -> str:
    s = trend.series
    steps = "; ".join(f"at {short(s.points[st.index].run.commit)}: "
                      f"{step_text(st)}" for st in trend.steps)
    odd = non_finite_text(s)
    odd = f" &middot; not finite: {html.escape(odd)}" if odd else ""
    return (f'<section><h3>{html.escape(s.counter)} &middot; '
            f'{html.escape(s.case)}</h3><p class="m">{html.escape(s.machine)}'
            f' &middot; config {s.config} &middot; {len(s.points)} run(s)'
            f' &middot; change points: {html.escape(steps or "none")}{odd}'
            f'</p>{svg_trend(trend)}</section>')


def _runs_table(runs: list) -> str:
    rows = "".join(
        f'<tr id="run-{r.id}"><td>{r.id}</td><td>{html.escape(r.recorded_at)}'
        f'</td><td><code>{html.escape(r.commit or "-")}</code></td><td>'
        f'{html.escape(r.branch or "-")}</td><td>{html.escape(r.machine)}'
        f'</td><td>{r.config_hash[:8]}</td><td>{html.escape(r.source)}</td>'
        f'</tr>' for r in reversed(runs))
    return ('<h2>Runs</h2><table><tr><th>run</th><th>recorded (UTC)</th>'
            '<th>commit</th><th>branch</th><th>machine</th><th>config</th>'
            f'<th>results file</th></tr>{rows}</table>')


STYLE = ("body{font-family:sans-serif;margin:1.5em;max-width:820px}"
         "table{border-collapse:collapse;font-size:12px}"
         "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
         "overflow-wrap:anywhere}"
         "tr:target{background:#ffd}.m{color:#555;font-size:12px}")


def page(trends: list, runs: list, title: str) -> str:
    body = "".join(_section(t) for t in trends) or "<p>No values yet.</p>"
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
            f'{html.escape(title)}</title><style>{STYLE}</style></head>'
            f'<body><h1>{html.escape(title)}</h1><p class="m">Red points: '
            'worse than the lookback window before them; dashed red lines: '
            'change points. Every point links to its run below.</p>'
            f'{body}{_runs_table(runs)}</body></html>\n')


def last_commits(runs: list, count: int) -> list:
    """The runs of the newest `count` distinct commits."""
    commits = []
    for run in reversed(runs):
        if run.commit not in commits:
            commits.append(run.commit)
    keep = set(commits[:count])
    return [r for r in runs if r.commit in keep]


def dashboard_command(args, store, out, err) -> int:
    from .trend_command import trends_of
    shown = last_commits(store.runs(), args.last)
    ids = {r.id for r in shown}
    trends = []
    for counter in args.counter or HEADLINE:
        trends += [t for t in trends_of(args, store, counter)
                   if t.series.points[-1].run.id in ids]
    trends = [_trim(t, ids) for t in trends]
    try:
        os.makedirs(args.dir, exist_ok=True)
        path = os.path.join(args.dir, "index.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(page(trends, shown, "xsb_bench history"))
    except OSError as e:
        raise HistoryError(f"{args.dir}: cannot write the dashboard: "
                           f"{e.strerror}") from None
    out.write(f"wrote {path}: {len(trends)} trend(s), {len(shown)} run(s)\n")
    return 0


def _trim(trend: Trend, ids: set) -> Trend:
    """The trend restricted to the points of the runs shown (analysis
    stays that of the whole series)."""
    keep = [i for i, p in enumerate(trend.series.points) if p.run.id in ids]
    first = keep[0]
    gaps = tuple(dataclasses.replace(g, before=max(0, g.before - first))
                 for g in trend.series.gaps if g.run.id in ids)
    series = dataclasses.replace(
        trend.series, points=tuple(trend.series.points[i] for i in keep),
        gaps=gaps)
    steps = tuple(detect.Step(s.index - first, s.before, s.after, s.change,
                              s.p) for s in trend.steps if s.index > first)
    return Trend(series, tuple(trend.points[i] for i in keep), steps,
                 trend.threshold)
