"""The TKP3D progress chart, drawn on the server as inline SVG: no JavaScript, nothing to download,
and it prints as sharply as the text around it.

Cumulative verified local hires since 1 January (a solid line, a point at each month's end and at
the report's day), the year's target (a level line) and the projection to 31 December at the
pace so far (a dashed line). Only geometry is made here; the numbers come from service.reports.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from service.web.filters import MONTHS, number

WIDTH, HEIGHT = 600, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 16, 20, 36


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list = field(default_factory=list)       # (y, label)
    x_ticks: list = field(default_factory=list)       # (x, label)
    actual: list = field(default_factory=list)        # (x, y, value, label)
    target: tuple | None = None                       # (y, value)
    projection: tuple | None = None                   # (x1, y1, x2, y2, value)
    plot: tuple = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
    description: str = ""

    @property
    def actual_path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, *_ in self.actual)


def nice_step(top: float, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return max(1, int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw)))


def progress_chart(year: int, series: list[dict], target: int | None, projection: dict | None,
                   today: date) -> Chart:
    """The chart for one calendar year from the report's monthly series and projection."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    days = (end - start).days + 1
    as_of = min(projection["as_of"], end) if projection else (end if today > end else None)
    points = [(start, 0)] + [(min(row["end"], as_of), row["cumulative_local_hires"]) for row in series
                             if as_of and row["start"] <= as_of]
    projected = projection and projection["projected_local_hires"]
    top_value = max([value for _, value in points] + [target or 0, projected or 0, 1])
    step = nice_step(top_value)
    y_max = step * math.ceil(top_value / step)
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: date) -> float:
        return left + (right - left) * ((day - start).days + 1) / days if day > start else left

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / y_max

    chart = Chart(
        y_ticks=[(y(v), number(v)) for v in range(0, y_max + 1, step)],
        x_ticks=[(x(date(year, m, 1)), MONTHS[m - 1][:3]) for m in range(1, 13)],
        actual=[(x(day), y(value), value, f"{day.day} {MONTHS[day.month - 1]}") for day, value in points])
    if target:
        chart.target = (y(target), target)
    if projection and as_of:
        chart.projection = (x(as_of), y(projection["local_hires_to_date"]), x(end), y(projected), projected)
    chart.description = _describe(year, points, target, projection)
    return chart


def _describe(year, points, target, projection) -> str:
    """The chart in one sentence, for screen readers and for anyone reading the print-out."""
    so_far = points[-1][1] if points else 0
    text = f"Penempatan lokal terverifikasi {year}: {number(so_far)} orang"
    if target:
        text += f" dari target {number(target)}"
    if projection:
        text += f"; proyeksi akhir tahun {number(projection['projected_local_hires'])} orang"
    return text + "."
