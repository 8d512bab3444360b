"""The curated registry of organisations and municipal units (registry.yaml), loaded and indexed.

Read here; only `registry apply` (pipeline.names.apply) edits it, line by line, keeping the
rest of the file as written. Validation errors name the entry and key, in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.errors import UsageError
from pipeline.config import validation_message
from pipeline.names.matching import acronym_key, name_key

EntityKind = Literal["municipal", "public", "community", "education", "private", "collective"]

KIND_LABELS = {
    "municipal": "unité municipale",
    "public": "organisme public",
    "community": "organisme communautaire",
    "education": "établissement d'enseignement",
    "private": "entreprise ou fondation",
    "collective": "table de concertation ou comité",
}


class RegistryError(UsageError):
    """registry.yaml is unreadable or inconsistent; the message names the entry."""


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    kind: EntityKind
    acronyms: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = None
    codes: list[str] = Field(default_factory=list)


class RefusedMerge(BaseModel):
    """A written name staff said is not this entity: approximate matching never joins them."""
    model_config = ConfigDict(extra="forbid")

    name: str
    entity: str


class _RegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[Entity]
    generic: list[str] = Field(default_factory=list)
    generic_patterns: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list)
    refused_merges: list[RefusedMerge] = Field(default_factory=list)


@dataclass
class Registry:
    entities: dict[str, Entity]
    generic_keys: set[str]
    generic_patterns: list[re.Pattern[str]]
    ignored_keys: set[str] = field(default_factory=set)  # names staff chose not to review again
    refused: set[tuple[str, str]] = field(default_factory=set)  # (matching key, entity id) never merged
    by_key: dict[str, set[str]] = field(default_factory=dict)  # matching key of a name or alias -> ids
    by_acronym: dict[str, set[str]] = field(default_factory=dict)  # folded acronym -> ids
    by_code: dict[str, str] = field(default_factory=dict)  # plan code as written -> id
    surface_forms: list[tuple[str, str]] = field(default_factory=list)  # (name or alias, id)
    acronym_forms: list[tuple[str, str]] = field(default_factory=list)  # (acronym as written, id): case matters
    short_forms: list[tuple[str, str]] = field(default_factory=list)  # (apposition head, id): listed names only

    def display_name(self, entity_id: str | None, written: str) -> str:
        """The registry's name for a resolved name, else the name as written."""
        entity = self.entities.get(entity_id) if entity_id else None
        return entity.name if entity is not None else written

    def children(self, entity_id: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.parent == entity_id]

    def ancestors(self, entity_id: str) -> list[str]:
        """The entity's parents, nearest first (a service's direction)."""
        out, current = [], self.entities.get(entity_id)
        while current is not None and current.parent and current.parent not in out:
            out.append(current.parent)
            current = self.entities.get(current.parent)
        return out


def _apposition_head(name: str) -> str | None:
    """"Le Tremplin, centre pour ..." is also written "Le Tremplin": the head before an apposition."""
    head, sep, rest = name.partition(",")
    if sep and rest.strip()[:1].islower() and len(head.split()) <= 4:
        return head.strip()
    return None


def _pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise RegistryError(f"motif générique invalide « {text} » ({exc.msg})") from exc


def build_registry(data: _RegistryFile) -> Registry:
    entities: dict[str, Entity] = {}
    for entity in data.entities:
        if entity.id in entities:
            raise RegistryError(f"identifiant en double : « {entity.id} »")
        entities[entity.id] = entity
    for entity in entities.values():
        if entity.parent and entity.parent not in entities:
            raise RegistryError(f"« {entity.id} » : parent inconnu « {entity.parent} »")
    registry = Registry(
        entities=entities,
        generic_keys={name_key(g) for g in data.generic},
        generic_patterns=[_pattern(p) for p in data.generic_patterns],
        ignored_keys={name_key(n) for n in data.ignored},
    )
    for refusal in data.refused_merges:
        if refusal.entity not in entities:
            raise RegistryError(f"fusion refusée de « {refusal.name} » : organisation inconnue « {refusal.entity} »")
        registry.refused.add((name_key(refusal.name), refusal.entity))
    for entity in entities.values():
        for form in [entity.name, *entity.aliases]:
            registry.by_key.setdefault(name_key(form), set()).add(entity.id)
            registry.surface_forms.append((form, entity.id))
        head = _apposition_head(entity.name)
        if head:
            # "Le Tremplin" resolves as a listed name, but a bare head ("Regard", "Desjardins")
            # is too common a word to be looked for in running text.
            registry.by_key.setdefault(name_key(head), set()).add(entity.id)
            registry.short_forms.append((head, entity.id))
        for acronym in entity.acronyms:
            registry.by_acronym.setdefault(acronym_key(acronym), set()).add(entity.id)
            registry.acronym_forms.append((acronym, entity.id))
        for code in entity.codes:
            if code in registry.by_code and registry.by_code[code] != entity.id:
                raise RegistryError(f"code « {code} » attribué à « {registry.by_code[code]} » et à « {entity.id} »")
            registry.by_code[code] = entity.id
    return registry


def load_registry(path: Path) -> Registry:
    """Read and validate registry.yaml."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RegistryError(f"{path} : registre introuvable ; vérifiez la clé « registry » de config.yaml.") from exc
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path} : fichier illisible (pas en UTF-8) ; enregistrez-le en UTF-8.") from exc
    return parse_registry(text, path)


def parse_registry(text: str, path: Path) -> Registry:
    """Validate a registry's text; errors name the file given."""
    try:
        # libyaml's loader when PyYAML has it: 0.1 s less on every command that resolves names.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise RegistryError(f"{path} : YAML mal formé (ligne {line}) : {exc.problem} ; corrigez la syntaxe.") from exc
    if not isinstance(raw, dict):
        raise RegistryError(f"{path} : le registre doit contenir une section « entities: » (la liste des organisations).")
    try:
        data = _RegistryFile.model_validate(raw)
    except ValidationError as exc:
        raise RegistryError(f"{path} : {validation_message(exc)} ; corrigez registry.yaml.") from exc
    try:
        return build_registry(data)
    except RegistryError as exc:
        raise RegistryError(f"{path} : {exc} ; corrigez registry.yaml.") from exc
