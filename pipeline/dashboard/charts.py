"""The overview's charts as plain geometry (the page template draws them as inline SVG): per
axis, one stacked bar per cycle, the actions by status, on one scale for every axis."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.dashboard.views import COLOURS, ORDER, STATUS_LABELS

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 420, 230, 22, 40, 34
BAR_GAP = 0.35  # share of a slot left empty beside a bar


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    colour: str
    status: str
    label: str
    count: int
    cycle: str


@dataclass
class Bar:
    cycle: str
    x: float  # centre
    total: int
    top: float
    segments: list[Segment]


@dataclass
class Chart:
    axis: int
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value)


def _ticks(scale: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if scale / s <= 5)
    return list(range(0, scale + 1, step))


def axis_chart(axis: int, per_cycle: dict[str, dict[str, int]], cycles: list[str], scale: int) -> Chart:
    """`per_cycle`: cycle -> status -> number of actions; `scale`: the largest bar of all axes."""
    plot = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - 8) / max(len(cycles), 1)
    unit = plot / max(scale, 1)
    baseline = HEIGHT - BOTTOM
    bars = []
    for n, cycle in enumerate(cycles):
        x = LEFT + slot * n + slot * BAR_GAP / 2
        width = slot * (1 - BAR_GAP)
        y = baseline
        segments = []
        for status in ORDER:
            count = per_cycle.get(cycle, {}).get(status, 0)
            if count:
                height = count * unit
                y -= height
                segments.append(Segment(round(x, 1), round(y, 1), round(width, 1), round(height, 1), COLOURS[status],
                                        status, STATUS_LABELS[status], count, cycle))
        total = sum(per_cycle.get(cycle, {}).values())
        bars.append(Bar(cycle, round(x + width / 2, 1), total, round(y, 1), segments))
    ticks = [(round(baseline - value * unit, 1), value) for value in _ticks(scale)]
    return Chart(axis, WIDTH, HEIGHT, baseline, bars, ticks)
