"""Next cycle's documents: contexts built from the ledger and records, rendered from templates/.

* plan-deploiement-<next>.docx: every action the last bilan reports as postponed,
  suspended or under way, with why and the plan's lead codes, plus the actions
  selected in config.yaml;
* bilan-<next>.docx: the draft for that plan (leads and partners from the
  registry, placeholders for what the units will report, optional updates file);
* bilan-<biennial>.docx: the draft of the biennial plan (priorities, programmes,
  the immigration actions whose period falls in the cycle);
* plan-deploiement-<next biennial>.docx: the biennial plan carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.keys import action_key, sort_key
from pipeline.records import Provenance
from pipeline.registry import Registry
from pipeline.render import Sources
from pipeline.status import POSTPONED, SUSPENDED

AXIS_TITLES = {
    1: "LA MOBILITÉ DES PERSONNES",
    2: "L'HABITATION ET LE MILIEU DE VIE",
    3: "LE DÉVELOPPEMENT DES QUARTIERS À ÉCHELLE HUMAINE",
    4: "L'ACTION COMMUNAUTAIRE ET LA COHÉSION SOCIALE",
    5: "LE DÉVELOPPEMENT ET L'ÉPANOUISSEMENT DES PERSONNES",
}
_CARRY = {POSTPONED: "Reportée", SUSPENDED: "Suspendue"}


@dataclass
class Draft:
    template: str
    output: str
    context: dict
    sources: Sources


def _where(fact: dict) -> str:
    """"bilan-2020.txt, ligne 245" for a fact of the ledger."""
    return f"{fact['source']}, {Provenance(**(fact.get('provenance') or {})).describe()}"


def _entity_name(registry: Registry, person: dict) -> str:
    return registry.entities[person["id"]].name if person.get("id") in registry.entities else person["name"]


def carried_actions(entries: list[dict], from_cycle: str, select: list[str]) -> list[tuple[dict, str]]:
    """(ledger entry, why) for each action of next cycle's plan."""
    out = []
    for entry in entries:
        facts = entry["cycles"].get(from_cycle, {})
        status = facts.get("status")
        if status in _CARRY and facts.get("reported"):
            evidence = (facts.get("status_evidence") or [""])[0]
            out.append((entry, f"{_CARRY[status]} en {from_cycle} : {evidence}".strip()))
        elif facts.get("under_way"):
            out.append((entry, f"En cours en {from_cycle} : {facts['under_way'][0]}"))
    chosen = {e["key"] for e, _ in out}
    by_key = {e["key"]: e for e in entries}
    for key in select:
        canonical = action_key(*key.split(".", 1))
        if canonical in by_key and canonical not in chosen:
            out.append((by_key[canonical], "Retenue pour le nouveau cycle (config.yaml)"))
    return sorted(out, key=lambda pair: (pair[0]["axis"], sort_key(pair[0]["number"])))


def annual_plan(entries: list[dict], from_cycle: str, cycle: str, select: list[str], glossary: dict[str, str]) -> Draft:
    sources = Sources()
    axes: dict[int, list[dict]] = {}
    for entry, why in carried_actions(entries, from_cycle, select):
        facts = entry["cycles"].get(from_cycle, {})
        plan = facts.get("plan") or {}
        leads = " ".join(l["name"] for l in plan.get("leads", [])) or "À déterminer"
        origin = _where(plan) if plan else f"registre des actions ({entry['key']})"
        axes.setdefault(entry["axis"], []).append({
            "number": entry["number"], "title": entry["title"], "leads": leads, "reason": why,
            "src": sources.mark(f"Titre et responsable : {origin}. Motif : bilan {from_cycle}."),
        })
    context = {
        "cycle": cycle,
        "subtitle": f"Actions reportées, suspendues ou en cours au bilan {from_cycle}, à compléter par la Commission",
        "intro": (f"Ébauche préparée à partir du bilan {from_cycle} : chaque action reprise indique pourquoi elle l'est. "
                  "Ajoutez les nouvelles actions retenues pour l'année."),
        "axes": [{"number": n, "title": AXIS_TITLES[n], "actions": axes[n]} for n in sorted(axes)],
        "glossary": [{"code": c, "name": n} for c, n in sorted(glossary.items())],
    }
    return Draft("plan-deploiement.docx", f"plan-deploiement-{cycle}.docx", context, sources)


def load_updates(path: Path | None) -> dict[str, dict]:
    """The year's achievements by action key (YAML list or XLSX sheet: action, statut, réalisations, partenaires)."""
    if path is None:
        return {}
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True).active
        header = [str(c.value or "").strip().lower() for c in next(sheet.iter_rows(max_row=1))]
        rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    out = {}
    for row in rows:
        key = str(row.get("action") or row.get("key") or "").strip()
        if not key:
            continue
        achievements = row.get("réalisations") or row.get("achievements") or []
        partners = row.get("partenaires") or row.get("partners") or []
        out[action_key(*key.split(".", 1))] = {
            "status": str(row.get("statut") or row.get("status") or "").strip().lower() or None,
            "achievements": achievements.splitlines() if isinstance(achievements, str) else list(achievements),
            "partners": partners.splitlines() if isinstance(partners, str) else list(partners),
        }
    return out


def annual_bilan(entries: list[dict], registry: Registry, from_cycle: str, cycle: str, select: list[str],
                 updates: dict[str, dict], resolve) -> Draft:
    sources = Sources()
    axes: dict[int, list[dict]] = {}
    for entry, why in carried_actions(entries, from_cycle, select):
        update = updates.get(entry["key"], {})
        latest = next((entry["cycles"][c]["bilan"] for c in sorted(entry["cycles"], reverse=True)
                       if entry["cycles"][c].get("bilan")), None)
        plan = entry["cycles"].get(from_cycle, {}).get("plan") or {}
        lead_facts = (latest or {}).get("leads") or plan.get("leads", [])
        lead_origin = latest if (latest or {}).get("leads") else plan
        leads = [{"name": _entity_name(registry, l), "src": sources.mark(f"Responsable : {_where(lead_origin)}")}
                 for l in lead_facts]
        if update.get("partners"):
            partners = [{"name": registry.entities[i].name if i else r.text, "src": sources.mark("Partenaire : fichier de mises à jour")}
                        for name in update["partners"] for r in resolve(name) for i in (r.ids or [None])]
        else:
            partners = [{"name": _entity_name(registry, p), "src": sources.mark(f"Partenaire : {_where(latest)}")}
                        for p in (latest or {}).get("partners", [])]
        achievements = update.get("achievements") or [f"[À compléter : réalisations {cycle}]"]
        notes = [f"➔ {update['status'].capitalize()}"] if update.get("status") in ("reportée", "suspendue", "annulée") else []
        axes.setdefault(entry["axis"], []).append({
            "number": entry["number"], "title": entry["title"], "achievements": achievements, "notes": notes,
            "leads": leads, "partners": partners,
            "src": sources.mark(f"Titre : {entry['title_source']}. Reprise : {why}"),
            "status": update.get("status"),
        })
    summary = []
    for n in range(1, 6):
        actions = axes.get(n, [])
        started = sum(1 for a in actions if a["status"] in ("réalisée", "entamée"))
        summary.append({"label": f"{n}. {AXIS_TITLES[n].capitalize()}", "planned": str(len(actions)),
                        "started": str(started) if updates else "", "opportunities": ""})
    total = sum(len(a) for a in axes.values())
    summary.append({"label": "", "planned": str(total),
                    "started": str(sum(int(r["started"] or 0) for r in summary)) if updates else "", "opportunities": ""})
    context = {
        "cycle": cycle,
        "subtitle": f"Ébauche du bilan {cycle} — à compléter par les unités responsables",
        "summary": summary,
        "axes": [{"number": n, "title": AXIS_TITLES[n], "actions": axes.get(n, []), "opportunities": []} for n in range(1, 6)],
    }
    return Draft("bilan.docx", f"bilan-{cycle}.docx", context, sources)


def _names_text(registry: Registry, people: list) -> str:
    return ", ".join(registry.entities[p.id].name if p.id in registry.entities else p.name for p in people)


def biennial_bilan(plan, immigration, registry: Registry, cycle: str, link_program: str | None) -> Draft:
    sources = Sources()
    years = sorted({int(y) for y in cycle.split("-")})
    years = list(range(years[0], years[-1] + 1))
    priorities = [{
        "rank": p.rank, "title": p.title, "axis": p.axis, "objective": p.objective,
        "partners": [{"name": registry.entities[n.id].name if n.id in registry.entities else n.name,
                      "src": sources.mark(f"{Path(plan.source.path).name}, priorité {p.rank}")} for n in p.partners],
        "src": sources.mark(f"{Path(plan.source.path).name}, priorité {p.rank}"),
    } for p in plan.priorities]
    programs, annex = [], None
    for g in plan.programs:
        actions = []
        if immigration is not None and link_program and g.title.strip().lower() == link_program.strip().lower():
            by_axis: dict[int, list[dict]] = {}
            for a in immigration.actions:
                if a.period and set(a.period.years) & set(years):
                    where = f"ligne {a.provenance.line}" if a.provenance.line else f"page {a.provenance.page}"
                    by_axis.setdefault(a.axis, []).append({
                        "number": a.number, "title": a.title, "partners": _names_text(registry, a.partners),
                        "expected_results": a.expected_results or "", "period": a.period.text,
                        "src": sources.mark(f"{Path(immigration.source.path).name}, {where}"),
                    })
            actions = [{"number": n, "title": AXIS_TITLES[n], "actions": by_axis[n]} for n in sorted(by_axis)]
            annex = {"title": g.title, "axes": actions}
        programs.append({"rank": g.rank, "title": g.title, "axis": g.axis, "objective": g.objective,
                         "leads": _names_text(registry, g.leads), "annex": bool(actions),
                         "src": sources.mark(f"{Path(plan.source.path).name}, programme {g.rank}")})
    context = {
        "cycle": cycle, "years": " ou ".join(str(y) for y in years),
        "subtitle": f"Ébauche du bilan {cycle} — par priorité et par programme",
        "priorities": priorities, "programs": programs, "annex": annex,
    }
    return Draft("bilan-biennal.docx", f"bilan-{cycle}.docx", context, sources)


def biennial_plan(plan, registry: Registry, cycle: str) -> Draft:
    sources = Sources()
    name = Path(plan.source.path).name

    def program(g, kind):
        return {"rank": g.rank, "title": g.title, "axis": g.axis, "objective": g.objective,
                "leads": " ".join(l.name for l in g.leads), "src": sources.mark(f"{name}, {kind} {g.rank}")}

    context = {
        "cycle": cycle,
        "subtitle": f"Reprise du plan {plan.cycle} — priorités, programmes et stratégies à réviser par la Commission",
        "intro": f"Ébauche : les éléments du plan {plan.cycle} sont repris tels quels pour que la Commission les révise.",
        "realities": [{"rank": r.rank, "title": r.title, "description": r.description or ""} for r in plan.realities],
        "priorities": [{"rank": p.rank, "title": p.title, "axis": p.axis, "objective": p.objective,
                        "partners": "\n".join(registry.entities[n.id].name if n.id in registry.entities else n.name
                                              for n in p.partners),
                        "src": sources.mark(f"{name}, priorité {p.rank}")} for p in plan.priorities],
        "programs": [program(g, "programme") for g in plan.programs],
        "other_plans": [program(g, "autre plan") for g in plan.other_plans],
        "glossary": [{"code": c, "name": n} for c, n in plan.glossary.items()],
        "strategies": [{"rank": s.rank, "title": s.title, "description": s.description or ""} for s in plan.strategies],
        "fund": plan.fund.text if plan.fund else "",
    }
    return Draft("plan-deploiement-biennal.docx", f"plan-deploiement-{cycle}.docx", context, sources)
