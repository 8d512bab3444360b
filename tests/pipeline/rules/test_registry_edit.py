"""registry.yaml as staff may write it (one-line or wrapped flow maps, block maps, either list
indentation, comments everywhere, quotes, CRLF, lists absent, empty or on one line): every edit
reads back as intended and leaves every other line as it was."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from pipeline.names.registry import parse_registry
from pipeline.names.registry_edit import RegistryText

ENTITIES = [
    {"id": "dvc", "name": "Direction de la vie communautaire", "kind": "municipal", "acronyms": ["DVC"],
     "codes": ["DVC"]},
    {"id": "sdsc", "name": "Service du développement social et communautaire", "kind": "municipal",
     "parent": "dvc", "aliases": ["Service du développement social"]},
    {"id": "mifi", "name": "Ministère de l'Immigration, de la Francisation et de l'Intégration", "kind": "public",
     "acronyms": ["MIFI"]},
    {"id": "tremplin", "name": "Le Tremplin, centre pour personnes immigrantes et leurs familles",
     "kind": "community", "aliases": ["Le Tremplin: accueil"]},
    {"id": "se-st-etienne", "name": "Service d'entraide de St-Étienne", "kind": "community"},
]
GENERIC = ["Organismes culturels", "Partenaires du milieu"]


def _scalar(value, rng) -> str:
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**6).strip()[1:-1]
    if isinstance(value, str) and text == value and rng.random() < 0.3:
        return '"' + value.replace('"', '\\"') + '"'  # quoted although it need not be
    return text


def _flow(entity: dict, rng, dash: str) -> list[str]:
    pieces = [f"{k}: {_scalar(v, rng)}" for k, v in entity.items()]
    if rng.random() < 0.5 or len(pieces) < 3:
        return [f"{dash}- {{{', '.join(pieces)}}}"]
    cut = rng.randint(2, len(pieces) - 1)
    continuation = dash + " " * rng.choice([3, 4, 6])
    return [f"{dash}- {{{', '.join(pieces[:cut])},", f"{continuation}{', '.join(pieces[cut:])}}}"]


def _block(entity: dict, rng, dash: str) -> list[str]:
    text = yaml.safe_dump([entity], allow_unicode=True, sort_keys=False, width=10**6)
    return [dash + line for line in text.splitlines()]


def registry_text(seed: int) -> tuple[str, dict[str, list[str]]]:
    """One member of the family of registry files, and the lines written for each entity and each
    one-line list (by id or key)."""
    rng = random.Random(seed)
    dash = rng.choice(["", "  "])
    lines = ["# Registre des organisations", "# (tenu à la main)", ""]
    lines.append("entities:" + ("  # une par organisation" if rng.random() < 0.3 else ""))
    owned: dict[str, list[str]] = {}
    style = rng.choice([_flow, _block, None])
    for n, entity in enumerate(ENTITIES):
        if rng.random() < 0.3:
            lines.append(f"{dash}# --- groupe {n} ---")
        writer = style or rng.choice([_flow, _block])
        entity_lines = writer(entity, rng, dash)
        if writer is _flow and rng.random() < 0.3:
            entity_lines[-1] += "  # vérifié"
        lines += entity_lines
        owned[entity["id"]] = entity_lines
        if rng.random() < 0.2:
            lines.append("")
    generic = rng.choice(["block", "flow", "empty", "absent"])
    if generic != "absent":
        lines += ["", "# Mentions génériques"]
        if generic == "block":
            lines += ["generic:"] + [f"{dash}- {g}" for g in GENERIC]
        else:
            lines += [f"generic: [{', '.join(GENERIC)}]" if generic == "flow" else "generic: []"]
            owned["generic"] = lines[-1:]
    if rng.random() < 0.5:
        lines += ["", "generic_patterns:", f'{dash}- "^organismes\\\\b"']
    lines.append("# fin du registre")
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    return newline.join(lines) + newline, owned


EDITS = [
    ("alias", "dvc", "Direction vie communautaire"),
    ("alias", "tremplin", "Tremplin, accueil: Lévis"),
    ("alias", "se-st-etienne", "Entraide St-Étienne"),
    ("entity", {"id": "nouvelle", "name": "Maison \"La Halte\", inc.", "kind": "community", "acronyms": ["MLH"]}),
    ("item", "generic", "Organismes du quartier"),
    ("item", "ignored", "voir plus haut"),
    ("item", "refused_merges", {"name": "Service d'entraide de St-Nicolas", "entity": "se-st-etienne"}),
]


def _lines_with_ids(text: str, owned: dict[str, list[str]]) -> list[tuple[int, str]]:
    """The text's lines, each tagged with the identity of the generator's string when an entity or
    a one-line list owns it (so equal lines of two entities stay apart)."""
    pending = [line for lines in owned.values() for line in lines]
    out = []
    for line in text.splitlines():
        owner = next((candidate for candidate in pending if candidate == line), None)
        if owner is not None:
            pending.remove(owner)
        out.append((id(owner) if owner is not None else -1, line))
    return out


@pytest.mark.parametrize("seed", range(60))
def test_every_style_of_registry_takes_the_edits_and_keeps_its_other_lines(seed):
    text, owned = registry_text(seed)
    parse_registry(text, Path("registry.yaml"))  # the member itself is a valid registry
    rng = random.Random(seed * 7 + 1)
    edits = rng.sample(EDITS, rng.randint(1, len(EDITS)))
    document = RegistryText(text)
    for edit in edits:
        if edit[0] == "alias":
            document.add_alias(edit[1], edit[2])
        elif edit[0] == "entity":
            document.add_entity(dict(edit[1]))
        else:
            document.add_item(edit[1], edit[2])
    new = document.render()  # raises when the text would not read back as intended
    assert yaml.safe_load(new) == document.expected()
    parse_registry(new, Path("registry.yaml"))
    # Every line of what was not edited stays, in order: comments, blank lines, other entities.
    touched = {e[1] for e in edits if e[0] in ("alias", "item")}
    rewritten = {id(line) for key in touched for line in owned.get(key, [])}
    kept = [line for line in _lines_with_ids(text, owned) if line[0] not in rewritten]
    remaining = iter(new.splitlines())
    assert all(any(line == other for other in remaining) for _, line in kept), seed
    assert ("\r\n" in new) == ("\r\n" in text)


def test_the_projects_registry_is_a_member_of_the_family():
    text = (Path(__file__).resolve().parents[3] / "registry.yaml").read_text(encoding="utf-8")
    document = RegistryText(text)
    document.add_alias("dev", "Dir. du développement économique")
    document.add_item("ignored", "voir plus haut")
    new = document.render()
    changed = [line for line in new.splitlines() if line not in text.splitlines()]
    assert changed[0] == "     aliases: [Direction du développement économique, Dir. du développement économique]}"
    assert changed[1:] == ["# Noms que la révision des noms ne propose plus (décision « ignorer »).", "ignored:",
                           "  - voir plus haut"]
