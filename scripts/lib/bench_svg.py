"""Plain SVG charts for bench/results.md, standard library only.

Two kinds, enough for the benchmark report:
  bar_chart   horizontal bars (median), a min–max whisker and every run as a
              dot, with optional vertical goal lines
  ecdf_chart  empirical distribution (share of runs at or below x) of a few
              series, outliers beyond the axis counted
Both write a self-contained SVG with fixed fonts and no scripts.
"""

import math
import statistics
from xml.sax.saxutils import escape

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _text(x, y, s, size=12, anchor="start", extra=""):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT} {extra}>'
            f"{escape(s)}</text>")


def _svg(width, height, body):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">\n<rect width="100%" height="100%" fill="white"/>\n'
            + "\n".join(body) + "\n</svg>\n")


def _nice_step(span, ticks=6):
    """A 1/2/5×10^k step giving about `ticks` intervals over span."""
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _fmt(v):
    return f"{v:g}" if abs(v) >= 0.01 or v == 0 else f"{v:.1e}"


def bar_chart(path, title, rows, unit, goals=(), subtitle=""):
    """rows: [(label, median, lo, hi, [each run])]; goals: [(x, label)]."""
    label_w, plot_w, bar_h, gap = 230, 520, 22, 14
    top = 58 if subtitle else 44
    height = top + len(rows) * (bar_h + gap) + 58
    width = label_w + plot_w + 90
    xmax = max([r[3] for r in rows] + [g[0] for g in goals] + [1e-9]) * 1.08
    step = _nice_step(xmax)
    xmax = math.ceil(xmax / step) * step
    sx = lambda v: label_w + plot_w * v / xmax
    body = [_text(width / 2, 22, title, 15, "middle", 'font-weight="bold"')]
    if subtitle:
        body.append(_text(width / 2, 40, subtitle, 11, "middle", 'fill="#444"'))
    axis_y = top + len(rows) * (bar_h + gap)
    tick = 0.0
    while tick <= xmax + 1e-12:
        x = sx(tick)
        body.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y}" stroke="#ddd"/>')
        body.append(_text(x, axis_y + 16, _fmt(tick), 11, "middle"))
        tick += step
    body.append(_text(label_w + plot_w / 2, axis_y + 36, unit, 12, "middle"))
    for i, (label, med, lo, hi, points) in enumerate(rows):
        y = top + i * (bar_h + gap)
        colour = COLOURS[i % len(COLOURS)]
        body.append(_text(label_w - 8, y + bar_h * 0.7, label, 12, "end"))
        body.append(f'<rect x="{label_w}" y="{y}" width="{max(sx(med) - label_w, 0.5):.1f}" '
                    f'height="{bar_h}" fill="{colour}" fill-opacity="0.75"/>')
        mid = y + bar_h / 2
        body.append(f'<line x1="{sx(lo):.1f}" y1="{mid}" x2="{sx(hi):.1f}" y2="{mid}" stroke="black"/>')
        for v in (lo, hi):
            body.append(f'<line x1="{sx(v):.1f}" y1="{mid - 6}" x2="{sx(v):.1f}" y2="{mid + 6}" stroke="black"/>')
        for v in points:
            body.append(f'<circle cx="{sx(v):.1f}" cy="{mid}" r="2.5" fill="white" stroke="black"/>')
        body.append(_text(sx(hi) + 6, y + bar_h * 0.7, f"{med:.3f}" if med < 100 else f"{med:,.0f}", 11))
    for k, (x_goal, glabel) in enumerate(goals):  # labels stacked upwards
        x = sx(x_goal)
        body.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" stroke="#b00" '
                    f'stroke-dasharray="5,3" stroke-width="1.5"/>')
        body.append(_text(x + 3, axis_y - 4 - 13 * k, glabel, 10, "start", 'fill="#b00"'))
    body.append(f'<line x1="{label_w}" y1="{top - 6}" x2="{label_w}" y2="{axis_y}" stroke="black"/>')
    body.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="black"/>')
    with open(path, "w") as f:
        f.write(_svg(width, height, body))


def ecdf_chart(path, title, series, xlabel, subtitle=""):
    """series: [(name, [values])]. Linear x axis up to 4× the largest median,
    so that a long tail does not squash the typical runs into a corner; the
    runs beyond it are counted in the legend with the largest."""
    left, plot_w, top, plot_h = 70, 560, 58 if subtitle else 44, 300
    width, height = left + plot_w + 210, top + plot_h + 60
    reach = 4 * max(statistics.median(vs) for _, vs in series if vs)
    step = _nice_step(reach, 8)
    xmax = math.ceil(reach / step) * step
    sx = lambda v: left + plot_w * min(v, xmax) / xmax
    sy = lambda q: top + plot_h * (1 - q)
    body = [_text(width / 2, 22, title, 15, "middle", 'font-weight="bold"')]
    if subtitle:
        body.append(_text(width / 2, 40, subtitle, 11, "middle", 'fill="#444"'))
    tick = 0.0
    while tick <= xmax + 1e-12:
        x = sx(tick)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#e4e4e4"/>')
        body.append(_text(x, top + plot_h + 16, _fmt(round(tick, 10)), 11, "middle"))
        tick += step
    for q in (0, 0.25, 0.5, 0.75, 1):
        y = sy(q)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        body.append(_text(left - 6, y + 4, f"{q:.2f}", 11, "end"))
    body.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="black"/>')
    body.append(_text(left + plot_w / 2, top + plot_h + 38, xlabel, 12, "middle"))
    body.append(_text(16, top + plot_h / 2, "share of runs at or below x", 12, "middle",
                      f'transform="rotate(-90 16 {top + plot_h / 2})"'))
    for i, (name, vs) in enumerate(series):
        vs = sorted(vs)
        if not vs:
            continue
        colour = COLOURS[i % len(COLOURS)]
        n = len(vs)
        pts = [(sx(0), sy(0))]
        for k, v in enumerate(vs):  # a step up at each run, within the axis
            if v > xmax:
                break
            pts += [(sx(v), sy(k / n)), (sx(v), sy((k + 1) / n))]
        pts.append((left + plot_w, pts[-1][1]))
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        med = statistics.median(vs)
        body.append(f'<circle cx="{sx(med):.1f}" cy="{sy(0.5):.1f}" r="4" fill="{colour}"/>')
        beyond = [v for v in vs if v > xmax]
        ly = top + 14 + i * 50
        body.append(f'<line x1="{left + plot_w + 14}" y1="{ly}" x2="{left + plot_w + 36}" y2="{ly}" '
                    f'stroke="{colour}" stroke-width="2"/>')
        body.append(_text(left + plot_w + 42, ly + 4, name, 12))
        body.append(_text(left + plot_w + 42, ly + 19, f"median {med:.3g}, n={n}", 10, "start", 'fill="#444"'))
        if beyond:
            body.append(_text(left + plot_w + 42, ly + 32, f"{len(beyond)} beyond the axis, max {max(beyond):.3g}",
                              10, "start", 'fill="#444"'))
    with open(path, "w") as f:
        f.write(_svg(width, height, body))
