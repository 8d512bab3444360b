"""The bilan draft's chart: actions per axis by status, as a PNG the template places as an image.

Drawn with matplotlib's Agg canvas (no pyplot, no global state) and saved without a
software tag or date, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pipeline.collect import STATUSES

UNKNOWN = "non renseigné"
COLOURS = {
    "réalisée": "#1D4F91", "entamée": "#5B8BD0", "reportée": "#E3A33B", "suspendue": "#C8553D",
    "annulée": "#7F2A1E", "non amorcée": "#A7A9AC", UNKNOWN: "#E6E7E8",
}


@dataclass(frozen=True)
class Image:
    """An image for a template: PNG bytes and the width it takes on the page."""

    png: bytes
    width_cm: float
    description: str


def status_counts(axes: dict[int, list[dict]]) -> dict[int, dict[str, int]]:
    """axis -> status -> number of actions (statuses outside the list count as not given)."""
    out = {}
    for axis in range(1, 6):
        counts = dict.fromkeys([*STATUSES, UNKNOWN], 0)
        for action in axes.get(axis, []):
            counts[action["status"] if action["status"] in counts else UNKNOWN] += 1
        out[axis] = counts
    return out


def status_chart(axes: dict[int, list[dict]]) -> Image:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    counts = status_counts(axes)
    figure = Figure(figsize=(6.5, 2.8), dpi=150)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    labels = [f"Axe {n}" for n in counts]
    left = [0] * len(labels)
    shown = [s for s in COLOURS if any(c[s] for c in counts.values())]
    for status in shown:
        values = [counts[n][status] for n in counts]
        ax.barh(labels, values, left=left, color=COLOURS[status], label=status, edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_xlabel("Nombre d'actions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Actions du plan par axe et par statut", fontsize=10)
    if shown:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    summary = "; ".join(f"axe {n} : " + ", ".join(f"{v} {s}" for s, v in c.items() if v) for n, c in counts.items()
                        if any(c.values()))
    return Image(buffer.getvalue(), 15.0, f"Actions par axe et par statut — {summary}")
