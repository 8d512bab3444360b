"""Next cycle's documents: contexts built from the ledger and records, rendered from templates/.

* plan-deploiement-<next>.docx: every action the last bilan reports as postponed,
  suspended or under way, with why and the plan's lead codes, plus the actions
  selected in config.yaml;
* bilan-<next>.docx: the draft for that plan (leads and partners from the
  registry; what the units reported, once collected, else placeholders; the
  SOMMAIRE counts and a status chart from the same data);
* bilan-<biennial>.docx: the draft of the biennial plan (priorities, programmes,
  the immigration actions whose period falls in the cycle);
* plan-deploiement-<next biennial>.docx: the biennial plan carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.collect import NOT_DONE, STARTED, ActionUpdate, Updates, load_updates
from extract.errors import UsageError
from pipeline.drafts.chart import status_chart
from pipeline.drafts.cycles import BILAN, PLAN, TEMPLATES, draft_files
from pipeline.drafts.front_matter import FrontMatter, front_matter, latest_bilan
from pipeline.drafts.front_matter import context as front_context
from pipeline.ledger import CarriedItem, LedgerEntry, PlannedAction, carried_items, planned_actions, same_title
from pipeline.names import Registry
from pipeline.drafts.render import Sources

AXIS_TITLES = {
    1: "LA MOBILITÉ DES PERSONNES",
    2: "L'HABITATION ET LE MILIEU DE VIE",
    3: "LE DÉVELOPPEMENT DES QUARTIERS À ÉCHELLE HUMAINE",
    4: "L'ACTION COMMUNAUTAIRE ET LA COHÉSION SOCIALE",
    5: "LE DÉVELOPPEMENT ET L'ÉPANOUISSEMENT DES PERSONNES",
}


class DraftError(UsageError):
    """config.yaml asks for a draft its documents cannot make; French message."""


@dataclass
class Draft:
    template: str
    output: str
    context: dict
    sources: Sources
    messages: list[str] = field(default_factory=list)  # French lines the build shows


def _where(fact) -> str:
    """"bilan-2020.txt, ligne 245" for a fact of the ledger."""
    return f"{fact.source}, {fact.provenance.describe()}"


def _entity_name(registry: Registry, person) -> str:
    """A person of the ledger by its registry name."""
    return registry.display_name(person.id, person.name)


def annual_plan(actions: list[PlannedAction], from_cycle: str, cycle: str, glossary: dict[str, str]) -> Draft:
    sources = Sources()
    axes: dict[int, list[dict]] = {}
    for action in actions:
        entry = action.entry
        facts = entry.cycles.get(from_cycle)
        plan = facts.plan if facts else None
        catalogue = entry.catalogue
        origin = (_where(plan) if plan else f"catalogue du plan d'action, {catalogue.source}, {catalogue.where}"
                  if catalogue else f"registre des actions ({entry.key})")
        axes.setdefault(entry.axis, []).append({
            "number": entry.number, "title": entry.title,
            "leads": " ".join(u.code for u in action.units) or "À déterminer", "reason": action.why,
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
    return Draft(TEMPLATES["annual_plan"], f"{PLAN}-{cycle}.docx", context, sources)


def _status_notes(update: ActionUpdate | None) -> list[str]:
    """➔ lines for an action not carried out, and both statuses when the units disagree."""
    if update is None:
        return []
    if update.disagreement:
        given = " ; ".join(f"{status} ({', '.join(units)})" for status, units in update.statuses.items())
        return [f"➔ Statut à trancher : {given}"]
    if update.status in NOT_DONE:
        return [f"➔ {update.status.capitalize()}" + (f" : {update.notes[0]}" if update.notes else "")]
    return []


def _partners(update: ActionUpdate | None, latest, registry: Registry, resolve, sources: Sources) -> list[dict]:
    if update is not None and update.partners:
        out: dict[str, dict] = {}
        for written in update.partners:
            for r in resolve(written):
                for entity_id in r.ids or [None]:
                    name = registry.display_name(entity_id, r.text)
                    if name in out:
                        continue
                    units = ", ".join(a.unit for a in update.answers if a.unit and written in a.partners)
                    out[name] = {"name": name, "src": sources.mark(
                        f"Partenaire : réponse de {units}" if units else "Partenaire : fichier de mises à jour")}
        return list(out.values())
    return [{"name": _entity_name(registry, p), "src": sources.mark(f"Partenaire : {_where(latest)}")}
            for p in (latest.partners if latest else [])]


def _opportunities(updates: Updates, registry: Registry, resolve, sources: Sources) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for o in updates.opportunities:
        if o.axis is None:
            continue  # collect reports it; the draft cannot place it
        leads = [next((registry.entities[i].name for r in resolve(o.unit) for i in r.ids), o.unit)] if o.unit else []
        objective = o.objective or "[À compléter : objectif]"
        if o.action:
            objective += f" (en lien avec l'action {o.action})"
        if o.notes:
            objective += f" — {o.notes}"
        out.setdefault(int(o.axis), []).append({
            "objective": objective, "achievements": o.achievements or ["[À compléter : réalisations]"],
            "leads": leads, "partners": [registry.display_name((r.ids or [None])[0], r.text)
                                        for p in o.partners for r in resolve(p)],
            "src": sources.mark(f"Occasion saisie : {o.source}" if o.source else "Occasion saisie : fichier de mises à jour"),
        })
    return out


def annual_bilan(actions: list[PlannedAction], registry: Registry, cycle: str, updates: Updates, resolve,
                 front: FrontMatter) -> Draft:
    sources = Sources()
    by_action = updates.by_action()
    axes: dict[int, list[dict]] = {}
    for action in actions:
        entry, update = action.entry, by_action.get(action.key)
        latest = action.latest("bilan")
        lead_origin = latest if latest and latest.leads else action.latest("plan")
        leads = [{"name": _entity_name(registry, l), "src": sources.mark(f"Responsable : {_where(lead_origin)}")}
                 for l in (lead_origin.leads if lead_origin else [])]
        achievements = (update.achievements if update else []) or [f"[À compléter : réalisations {cycle}]"]
        axes.setdefault(entry.axis, []).append({
            "number": entry.number, "title": entry.title, "achievements": achievements,
            "notes": _status_notes(update), "leads": leads,
            "partners": _partners(update, latest, registry, resolve, sources),
            "src": sources.mark(f"Titre : {entry.title_source}. Reprise : {action.why}"),
            "status": update.status if update else None,
        })
    opportunities = _opportunities(updates, registry, resolve, sources)
    chart = status_chart(axes) if updates else None
    summary = []
    for n in range(1, 6):
        planned = axes.get(n, [])
        started = sum(1 for a in planned if a["status"] in STARTED)
        summary.append({"label": f"{n}. {AXIS_TITLES[n].capitalize()}", "planned": str(len(planned)),
                        "started": str(started) if updates else "",
                        "opportunities": str(len(opportunities.get(n, []))) if updates else ""})
    summary.append({"label": "", "planned": str(sum(len(a) for a in axes.values())),
                    "started": str(sum(int(r["started"] or 0) for r in summary)) if updates else "",
                    "opportunities": str(sum(int(r["opportunities"] or 0) for r in summary)) if updates else ""})
    context = {
        "cycle": cycle,
        "subtitle": f"Ébauche du bilan {cycle} — à compléter par les unités responsables",
        **front_context(front, sources.mark),
        "summary": summary,
        "chart": chart, "chart_caption": chart.description if chart else "",
        "axes": [{"number": n, "title": AXIS_TITLES[n], "actions": axes.get(n, []),
                  "opportunities": opportunities.get(n, [])} for n in range(1, 6)],
    }
    return Draft(TEMPLATES["annual_bilan"], f"{BILAN}-{cycle}.docx", context, sources)


def _names_text(registry: Registry, people: list) -> str:
    return ", ".join(registry.display_name(p.id, p.name) for p in people)


def biennial_bilan(plan, immigration, registry: Registry, cycle: str, link_program: str | None,
                   front: FrontMatter) -> Draft:
    sources = Sources()
    years = sorted({int(y) for y in cycle.split("-")})
    years = list(range(years[0], years[-1] + 1))
    priorities = [{
        "rank": p.rank, "title": p.title, "axis": p.axis, "objective": p.objective,
        "partners": [{"name": registry.display_name(n.id, n.name),
                      "src": sources.mark(f"{Path(plan.source.path).name}, priorité {p.rank}")} for n in p.partners],
        "src": sources.mark(f"{Path(plan.source.path).name}, priorité {p.rank}"),
    } for p in plan.priorities]
    programs, annex = [], None
    for g in plan.programs:
        actions = []
        if immigration is not None and link_program and same_title(g.title, link_program):
            by_axis: dict[int, list[dict]] = {}
            for a in immigration.actions:
                if a.period and set(a.period.years) & set(years):
                    where = a.provenance.describe()
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
        **front_context(front, sources.mark),
        "priorities": priorities, "programs": programs, "annex": annex,
    }
    return Draft(TEMPLATES["biennial_bilan"], f"{BILAN}-{cycle}.docx", context, sources)


def biennial_plan(plan, registry: Registry, cycle: str, carried: list[CarriedItem]) -> Draft:
    """The next biennial plan: the priorities and programmes the carry-over rules keep
    (pipeline/ledger/next_cycle.py), renumbered, each with why in its comment."""
    sources = Sources()
    name = Path(plan.source.path).name
    kept = {id(c.item): c for c in carried if c.kept}
    dropped = [c for c in carried if not c.kept]

    def why(item) -> str:
        c = kept[id(item)]
        return f" Reprise : {c.why}." if c.why else ""

    def program(g, kind, rank):
        return {"rank": rank, "title": g.title, "axis": g.axis, "objective": g.objective,
                "leads": " ".join(l.name for l in g.leads),
                "src": sources.mark(f"{name}, {kind} {g.rank}.{why(g)}")}

    def chosen(items):
        return [item for item in items if id(item) in kept]

    intro = f"Ébauche : les éléments du plan {plan.cycle} sont repris pour que la Commission les révise."
    if dropped:
        intro += (" Retirés, car réalisés ou annulés au bilan " + plan.cycle + " : "
                  + " ; ".join(f"{c.item.title} (action{'s' if len(c.actions) > 1 else ''} {', '.join(c.actions)})"
                               for c in dropped) + ".")
    context = {
        "cycle": cycle,
        "subtitle": f"Reprise du plan {plan.cycle} — priorités, programmes et stratégies à réviser par la Commission",
        "intro": intro,
        "realities": [{"rank": r.rank, "title": r.title, "description": r.description or ""} for r in plan.realities],
        "priorities": [{"rank": n, "title": p.title, "axis": p.axis, "objective": p.objective,
                        "partners": "\n".join(registry.display_name(x.id, x.name) for x in p.partners),
                        "src": sources.mark(f"{name}, priorité {p.rank}.{why(p)}")}
                       for n, p in enumerate(chosen(plan.priorities), start=1)],
        "programs": [program(g, "programme", n) for n, g in enumerate(chosen(plan.programs), start=1)],
        "other_plans": [program(g, "autre plan", n) for n, g in enumerate(chosen(plan.other_plans), start=1)],
        "glossary": [{"code": c, "name": n} for c, n in plan.glossary.items()],
        "strategies": [{"rank": s.rank, "title": s.title, "description": s.description or ""} for s in plan.strategies],
        "fund": plan.fund.text if plan.fund else "",
    }
    draft = Draft(TEMPLATES["biennial_plan"], f"{PLAN}-{cycle}.docx", context, sources)
    draft.messages = [f"{draft.output} : « {c.item.title} » n'est pas repris ({c.why})." for c in dropped]
    return draft


def next_cycle_drafts(config, entries: list[LedgerEntry], records: list, resolver) -> list[Draft]:
    """The Word documents config.yaml asks for (see `draft_files`): the annual plan and bilan,
    the biennial bilan and plan."""
    registry = resolver.registry
    wanted = set(draft_files(config).values())
    out = []
    annual = config.drafts.annual
    if annual is not None:
        glossary = {}
        for entry in entries:
            facts = entry.cycles.get(annual.from_cycle)
            for lead in (facts.plan.leads if facts and facts.plan else []):
                if lead.id:
                    glossary[lead.name] = registry.entities[lead.id].name
        actions = planned_actions(entries, annual.from_cycle, annual.select, registry)
        updates = load_updates(config.updates_path, annual.next_cycle)
        out += [annual_plan(actions, annual.from_cycle, annual.next_cycle, glossary),
                annual_bilan(actions, registry, annual.next_cycle, updates, resolver.resolve,
                             front_matter(latest_bilan(records, annual.next_cycle)))]
    biennial = config.drafts.biennial
    if biennial is None:
        return out
    plan = next((r for r in records if r.kind == "plan_deploiement" and r.cycle == biennial.from_cycle), None)
    if plan is None:
        raise DraftError(f"config.yaml, clé « drafts.biennial.from_cycle » : aucun plan de déploiement du cycle "
                         f"{biennial.from_cycle} parmi les documents ; déclarez-le (kind: plan_deploiement, "
                         f"cycle: \"{biennial.from_cycle}\") ou corrigez le cycle.")
    if "biennial_bilan" in wanted:
        program_link = next((l for l in config.links if l.program), None)
        immigration = None
        if program_link is not None:
            target = next((l for l in config.links if l.action == program_link.action and not l.program), None)
            if target is not None:
                immigration = next((r for r in records if Path(r.source.path).name == Path(target.document).name), None)
        out.append(biennial_bilan(plan, immigration, registry, biennial.from_cycle,
                                  program_link.program if program_link else None,
                                  front_matter(latest_bilan(records, biennial.from_cycle))))
    bilan = next((r for r in records if r.kind == "bilan" and r.cycle == biennial.from_cycle
                  and getattr(r, "format", "annuel") == "biennal"), None)
    out.append(biennial_plan(plan, registry, biennial.next_cycle,
                             carried_items(plan, bilan, config.links, biennial.from_cycle)))
    return out
