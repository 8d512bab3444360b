"""Names review stage: over all records, the names to review and the organisations named in achievements.

Writes, in French: the review report (unresolved names with their closest
registry candidates, written forms merged into one entity) and the mentions
found inside achievements, kept apart from the listed partners.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from pipeline.names.matching import name_key
from pipeline.names.mention_cache import MentionCache
from pipeline.names.resolver import Resolver
from extract.records import fiche_places, walk_items


def find_mentions(records: list, resolver: Resolver, cache: MentionCache | None = None) -> list[dict]:
    """Organisations named inside achievements, with whether the fiche also lists them. With a
    cache, spaCy is loaded only for texts it has not seen."""
    out = []
    for record in records:
        document = Path(record.source.path).name
        for place, names, achievements in fiche_places(record):
            listed = {n.id for n in names if n.id}
            for item in walk_items(achievements):
                found = cache.get(item.text) if cache is not None else None
                if found is None:
                    found = resolver.find_mentions(item.text)
                    if cache is not None:
                        cache.put(item.text, found)
                for text, entity_id in found:
                    entity = resolver.registry.entities[entity_id]
                    out.append({
                        "document": document, "place": place, "mention": text, "id": entity_id,
                        "name": entity.name, "kind": entity.kind, "listed_as_partner": entity_id in listed,
                        "provenance": item.provenance.model_dump(mode="json"),
                    })
    return out


def review_report(records: list, resolver: Resolver, mentions: list[dict]) -> str:
    """The French review report (Markdown)."""
    registry = resolver.registry
    unresolved: dict[str, list[str]] = defaultdict(list)
    forms: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    generic: dict[str, int] = defaultdict(int)
    for record in records:
        document = Path(record.source.path).name
        for place, names, _ in fiche_places(record):
            for ref in names:
                where = f"{document}, {place}"
                if ref.id:
                    forms[ref.id][ref.name].append(where)
                elif ref.generic:
                    generic[ref.name] += 1
                elif name_key(ref.name) not in registry.ignored_keys:
                    unresolved[ref.name].append(where)
    lines = ["# Noms à réviser", "",
             "Rapport produit par `python -m pipeline names`. Pour décider, remplissez le classeur "
             "`noms-a-reviser.xlsx` puis appliquez-le : `python -m pipeline registry apply "
             "output/noms-a-reviser.xlsx` ; ou ajoutez le nom aux `aliases` (ou `acronyms`) de "
             "l'organisation dans `registry.yaml`.", ""]
    lines += [f"## Noms non résolus ({len(unresolved)})", ""]
    if not unresolved:
        lines += ["Aucun.", ""]
    else:
        lines += ["| Nom tel qu'écrit | Où | Candidats les plus proches (score) |", "|---|---|---|"]
        for name in sorted(unresolved, key=str.lower):
            found = resolver.resolve_one(name)
            candidates = "; ".join(f"{registry.entities[i].name} ({score:.0f})" for i, score in found.candidates) or "aucun"
            where = "; ".join(sorted(set(unresolved[name])))
            lines.append(f"| {_cell(name)} | {_cell(where)} | {_cell(candidates)} |")
        lines.append("")
    merged = {i: f for i, f in forms.items() if len(f) > 1}
    lines += [f"## Formes écrites fusionnées ({len(merged)} organisations)", "",
              "Vérifiez que chaque forme désigne bien l'organisation indiquée.", ""]
    for entity_id in sorted(merged, key=lambda i: registry.entities[i].name.lower()):
        lines.append(f"- **{registry.entities[entity_id].name}** (`{entity_id}`)")
        for form, places in sorted(merged[entity_id].items()):
            lines.append(f"  - « {form} » : {'; '.join(sorted(set(places)))}")
    lines += ["", f"## Mentions génériques ({len(generic)})", "",
              "Groupes ou catégories, classés comme génériques (aucune organisation précise) :", ""]
    lines += [f"- {name} ({n})" for name, n in sorted(generic.items(), key=lambda kv: kv[0].lower())]
    # The city and its own units are the authors, not partners: left out of this list.
    unlisted = [m for m in mentions if not m["listed_as_partner"] and m["kind"] != "municipal" and m["id"] != "ville-levis"]
    lines += ["", f"## Organisations nommées dans les réalisations sans être listées comme partenaires ({len(unlisted)})", "",
              "Partenaires possibles à vérifier (la liste complète est dans `mentions.json`) :", ""]
    lines += [f"- {m['document']}, {m['place']} : « {m['mention']} » → {m['name']}" for m in unlisted]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def mentions_json(mentions: list[dict]) -> str:
    return json.dumps(mentions, ensure_ascii=False, indent=2) + "\n"
