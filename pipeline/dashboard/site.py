"""The dashboard as a static site: index.html (overview), actions.html, one page per action,
partenaires.html, unites.html, coherence.html and assets/, from the ledger and findings.

Every page is rendered by Jinja2 with autoescaping, so a name holding <, & or quotes stays text.
Nothing is fetched: the charts are inline SVG, the script and the style sheet sit in assets/.
The site is written to a folder beside the old one, then swapped in: a reader never sees half
a site, and two builds of the same ledger give the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.dashboard.charts import axis_chart
from pipeline.dashboard.views import COLOURS, ORDER, STATUS_LABELS, Dashboard
from pipeline.diagnostics import LABELS as SEVERITIES
from pipeline.ledger import ALL_AXES, PROGRESS_COLUMNS

HERE = Path(__file__).resolve().parent
NAV = [("index.html", "Vue d'ensemble"), ("actions.html", "Actions"), ("partenaires.html", "Partenaires"),
       ("unites.html", "Unités"), ("coherence.html", "Cohérence")]


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    return env


def _finding(f) -> dict:
    key = f"{f.axis}.{f.number}" if f.axis is not None and f.number else None
    return {"key": key, "severity": str(f.severity), "message": f.message, "sources": f.sources, "where": f.where}


def pages(board: Dashboard, site: Path) -> dict[str, str]:
    """Relative path -> HTML text, for every page of the site (site: where it will be written,
    for the links to the documents)."""
    env = _environment()
    slugs = {a.key: a.slug for a in board.actions}
    by_key = {a.key: a for a in board.actions}
    order_of = {a.key: n for n, a in enumerate(board.actions)}
    findings = [_finding(f) for f in board.findings]
    common = {"year": board.year, "nav": NAV, "cycles": board.cycles, "order": ORDER, "labels": STATUS_LABELS,
              "colours": COLOURS, "slugs": slugs, "by_key": by_key, "answers": board.answers,
              "keys_of": lambda holder: sorted(holder.actions, key=lambda k: order_of.get(k, 0))}
    out: dict[str, str] = {}
    scale = max((sum(c.values()) for per in board.counts.values() for c in per.values()), default=1)
    charts = [axis_chart(axis, board.counts[axis], board.cycles, scale) for axis in sorted(board.counts)]
    used = {axis: {s: any(board.counts[axis][c][s] for c in board.cycles) for s in ORDER} for axis in board.counts}
    out["index.html"] = env.get_template("index.html").render(
        common, root="", current="index.html", title="Vue d'ensemble", coverage=board.coverage, charts=charts,
        progress=board.progress, progress_columns=PROGRESS_COLUMNS, all_axes=ALL_AXES,
        counts=board.counts, status_used=used)
    out["actions.html"] = env.get_template("actions.html").render(
        common, root="", current="actions.html", title="Actions", actions=board.actions,
        axes=sorted(board.counts))
    action_page = env.get_template("action.html")
    for action in board.actions:
        hrefs = {cycle: view.evidence.href(site / "actions") for cycle, view in action.cycles.items()
                 if view.evidence is not None}
        plans = {cycle: (view.plan, view.plan.href(site / "actions")) for cycle, view in action.cycles.items()
                 if view.plan is not None and (view.evidence is None or view.evidence.document != view.plan.document)}
        out[f"actions/{action.slug}.html"] = action_page.render(
            common, root="../", current="", title=f"Action {action.key} — {action.title}", a=action, hrefs=hrefs, plans=plans,
            has_catalogue=any(a.in_catalogue for a in board.actions),
            answers=board.answers.get(action.key, []), findings=[f for f in findings if f["key"] == action.key])
    out["partenaires.html"] = env.get_template("partenaires.html").render(
        common, root="", current="partenaires.html", title="Partenaires", organisations=board.organisations,
        groups=board.groups, unresolved=board.unresolved)
    out["unites.html"] = env.get_template("unites.html").render(
        common, root="", current="unites.html", title="Unités municipales", units=board.units,
        has_answers=bool(board.answers))
    out["coherence.html"] = env.get_template("coherence.html").render(
        common, root="", current="coherence.html", title="Cohérence entre les documents", findings=findings,
        severities={str(k): v for k, v in SEVERITIES.items()})
    for asset in sorted((HERE / "assets").iterdir()):
        out[f"assets/{asset.name}"] = asset.read_text(encoding="utf-8")
    return out


def write_site(files: dict[str, str], site: Path) -> None:
    """Write the site beside the old one, then swap them."""
    site.parent.mkdir(parents=True, exist_ok=True)
    fresh = site.with_name(f".{site.name}.nouveau")
    old = site.with_name(f".{site.name}.ancien")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    for relative, text in files.items():
        target = fresh / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    if old.exists():
        shutil.rmtree(old)
