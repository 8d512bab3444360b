"""Resolve written names of partners and municipal units to registry entities.

One name: generic list, plan code, exact key, parenthesised acronym, acronym
alone or with a place ("OMH de Lévis"), municipal path ("Ville - Direction de
la vie communautaire - Sports"), "membres de ...", then guarded fuzzy matching.
Several names in one string: separators first (keeping names that contain
commas or "et", which the registry knows), then the spaCy EntityRuler for
lists written without separators or glued by the layout. A name never seen
stays unresolved, with its closest candidates: it is flagged, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from extract.normalize import clean_name, fold
from pipeline.names.matching import acronym_key, compare, looks_like_acronym, name_key, repair, tokens
from pipeline.names.registry import Registry

_SEPARATORS = re.compile(r"(\s*[,;]\s*|\s+et\s+|\s+[–—-]\s+|\s*/\s*|\s+:\s+|\s+&\s+)")
_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_MEMBERS = re.compile(r"^(?:les |des )?membres? (?:de |du |des |d')", re.IGNORECASE)
_UNIT_WORDS = {"service", "direction", "bureau", "division", "section"}
_CITY = {"ville", "ville levis"}
_GLUE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý]{2,})")
FUZZY_THRESHOLD = 80.0
_RUNS = re.compile(r"[a-z]+|[0-9]+")


@dataclass
class Resolution:
    text: str
    ids: list[str] = field(default_factory=list)
    generic: bool = False
    method: str = "non résolu"
    score: float = 0.0
    candidates: list[tuple[str, float]] = field(default_factory=list)  # (entity id, score) when unresolved

    @property
    def resolved(self) -> bool:
        return bool(self.ids)


class Resolver:
    def __init__(self, registry: Registry):
        self.registry = registry
        forms = registry.surface_forms + registry.short_forms + registry.acronym_forms
        self._forms = [(name_key(form), entity_id) for form, entity_id in forms if name_key(form)]
        self._form_tokens = sorted({tuple(k.split()) for k, _ in self._forms if k}, key=len, reverse=True)
        # An entity's acronyms may be written inside its name ("... Chaudière-Appalaches 211").
        self._acronym_tokens = {e.id: {acronym_key(a) for a in e.acronyms} for e in registry.entities.values()}
        self._form_keys = [k for k, _ in self._forms]
        self._ruler = None
        self._index: tuple[list[tuple[str, ...]], list[str]] | None = None
        self.resolve_one = lru_cache(maxsize=50000)(self._resolve_one)

    # -- one name --------------------------------------------------------------
    def _entity(self, text: str, entity_id: str, method: str, score: float = 100.0) -> Resolution:
        return Resolution(text, [entity_id], method=method, score=score)

    def _resolve_one(self, text: str) -> Resolution:
        text = clean_name(repair(text))
        if not text:
            return Resolution(text)
        key = name_key(text)
        registry = self.registry
        if key in registry.generic_keys:
            return Resolution(text, generic=True, method="générique", score=100.0)
        if text in registry.by_code:
            return self._entity(text, registry.by_code[text], "code")
        exact = registry.by_key.get(key, set())
        if len(exact) == 1:
            return self._entity(text, next(iter(exact)), "nom exact")
        paren = _PAREN.match(text)
        if paren and paren.group("base"):
            return self._with_parenthesis(text, paren.group("base"), paren.group("inner"))
        acronym = self._acronym(text)
        if acronym:
            return acronym
        path = self._path(text)
        if path:
            return path
        members = _MEMBERS.match(text)
        if members:
            inner = self.resolve_one(text[members.end():])
            if inner.resolved:
                return Resolution(text, inner.ids, method="membres de", score=inner.score)
        fuzzy = self._fuzzy(text)
        if fuzzy.resolved:
            return fuzzy
        folded = fold(text)
        if any(p.search(folded) for p in registry.generic_patterns):
            return Resolution(text, generic=True, method="générique (motif)", score=90.0)
        return fuzzy

    def _with_parenthesis(self, text: str, base: str, inner: str) -> Resolution:
        """"Nom (SIGLE)": the name decides, the acronym confirms; "Nom (exploitant)" is read as the name."""
        by_name = self.resolve_one(base)
        by_acronym = self._acronym(inner.strip()) if looks_like_acronym(inner.strip()) else None
        if by_name.resolved:
            confirmed = by_acronym is not None and by_acronym.ids == by_name.ids
            return Resolution(text, by_name.ids, method=f"{by_name.method} (sigle confirmé)" if confirmed else by_name.method,
                              score=by_name.score)
        if by_acronym is not None:
            return Resolution(text, by_acronym.ids, method=by_acronym.method, score=by_acronym.score)
        return Resolution(text, candidates=by_name.candidates)

    def _acronym(self, text: str) -> Resolution | None:
        registry = self.registry
        words = text.split()
        if not words or not looks_like_acronym(words[0]):
            return None
        ids = registry.by_acronym.get(acronym_key(words[0]), set())
        if len(words) == 1:
            if len(ids) == 1:
                return self._entity(text, next(iter(ids)), "sigle")
            close = [k for k in registry.by_acronym if len(k) >= 5 and fuzz.ratio(k, acronym_key(text)) >= 80]
            if len(close) == 1 and len(registry.by_acronym[close[0]]) == 1:
                return self._entity(text, next(iter(registry.by_acronym[close[0]])), "sigle (variante)", 85.0)
            return None
        # "OMH de Lévis", "CDC de Lévis": an acronym and words of the entity's own name.
        rest = tokens(" ".join(words[1:]))
        for entity_id in ids:
            if set(rest) <= set(tokens(registry.entities[entity_id].name)):
                return self._entity(text, entity_id, "sigle et lieu", 95.0)
        return None

    def _path(self, text: str) -> Resolution | None:
        """"Ville - Direction de la vie communautaire - Sports": a unit inside a direction."""
        parts = [p for p in re.split(r"\s+[-–]\s+", text) if p.strip()]
        if len(parts) < 2 or name_key(parts[0]) not in _CITY:
            return None
        current: str | None = None
        for part in parts[1:]:
            wanted = set(tokens(part)) - _UNIT_WORDS
            child = None
            if current is not None:
                child = next((c.id for c in self.registry.children(current)
                              if wanted and wanted <= set(tokens(c.name)) - _UNIT_WORDS), None)
            if child is None:
                found = self.resolve_one(part)
                if not found.resolved or self.registry.entities[found.ids[0]].kind != "municipal":
                    return None  # every step of the path must be a known unit, or it is not a path
                child = found.ids[0]
            current = child
        return self._entity(text, current, "unité municipale") if current else None

    def _fuzzy(self, text: str) -> Resolution:
        mention = tokens(text)
        key = " ".join(mention)
        if not key:
            return Resolution(text)
        shortlist = process.extract(key, self._form_keys, scorer=fuzz.token_set_ratio, limit=12, score_cutoff=40)
        best: dict[str, float] = {}
        refused = {entity_id for k, entity_id in self.registry.refused if k == key}
        for form_key, _, index in shortlist:
            entity_id = self._forms[index][1]
            if entity_id in refused:
                continue
            own = self._acronym_tokens[entity_id]
            score = compare(tuple(t for t in mention if t not in own) or mention, tuple(form_key.split()))
            best[entity_id] = max(best.get(entity_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= FUZZY_THRESHOLD and (len(ranked) == 1 or ranked[1][1] < ranked[0][1] - 3):
            return self._entity(text, ranked[0][0], "approché", ranked[0][1])
        # Closest candidates for the review report: shared words and word order both count.
        candidates: dict[str, float] = {}
        for form_key, _, index in process.extract(key, self._form_keys, scorer=fuzz.token_set_ratio, limit=12):
            entity_id = self._forms[index][1]
            if entity_id in refused:
                continue
            score = round((fuzz.token_set_ratio(key, form_key) + fuzz.token_sort_ratio(key, form_key)) / 2, 1)
            candidates[entity_id] = max(candidates.get(entity_id, 0.0), score)
        return Resolution(text, candidates=sorted(candidates.items(), key=lambda kv: -kv[1])[:3])

    # -- several names ----------------------------------------------------------
    def resolve(self, text: str) -> list[Resolution]:
        """The organisations a written mention names, in written order."""
        text = repair(text).strip()
        whole = self.resolve_one(text)
        if whole.resolved or whole.generic or not text:
            return [whole]
        glued = self._unglue(text)
        pieces = self._split_on_separators(glued)
        out: list[Resolution] = []
        for piece in pieces:
            if not piece.resolved and not piece.generic and self._names_several(piece.text):
                out += self._ruler_split(piece)
            else:
                out.append(piece)
        return out

    def _names_several(self, text: str) -> bool:
        """Whether at least two registered names occur in the text (a cheap check on content
        tokens), which is when the EntityRuler, and so spaCy, is worth loading."""
        words = tokens(text)
        if len(words) < 2:
            return False
        found = set()
        for form in self._form_tokens:
            n = len(form)
            if any(words[k:k + n] == form for k in range(len(words) - n + 1)):
                found.add(form)
                if len(found) >= 2:
                    return True
        return False

    def _unglue(self, text: str) -> str:
        """Words the layout glued together ("LévisCISSS-CACDC"): split before a capital run,
        and split a run of capitals into registered acronyms."""
        text = _GLUE.sub(" ", text)
        words = []
        for word in text.split(" "):
            words.append(self._split_acronyms(word) if looks_like_acronym(word) else word)
        return " ".join(words)

    def _split_acronyms(self, word: str) -> str:
        if acronym_key(word) in self.registry.by_acronym:
            return word
        for cut in range(len(word) - 1, 1, -1):
            head, tail = word[:cut], word[cut:]
            if acronym_key(head) in self.registry.by_acronym and acronym_key(tail) in self.registry.by_acronym:
                return f"{head} {tail}"
        return word

    def _split_on_separators(self, text: str) -> list[Resolution]:
        """Cut at separators where the pieces resolve better than the whole (fewest unresolved)."""
        parts = _SEPARATORS.split(text)
        fragments, separators = parts[0::2], parts[1::2]
        n = len(fragments)
        # Cost of a segmentation: words left unexplained first, then the number of pieces.
        best: list[tuple[tuple[int, int], list[Resolution]]] = [((0, 0), [])] + [((10**9, 0), [])] * n
        for end in range(1, n + 1):
            for start in range(end):
                piece = fragments[start] + "".join(s + f for s, f in zip(separators[start:end - 1], fragments[start + 1:end]))
                if not piece.strip():
                    continue
                found = self.resolve_one(piece)
                unexplained = 0 if (found.resolved or found.generic) else len(tokens(piece)) or 1
                cost = (best[start][0][0] + unexplained, best[start][0][1] + 1)
                if cost < best[end][0]:
                    best[end] = (cost, best[start][1] + [found])
        return [r for r in best[n][1] if r.text] or [self.resolve_one(text)]

    def _ruler_split(self, piece: Resolution) -> list[Resolution]:
        """A list written without separators: registered names found by the EntityRuler,
        the words between them resolved on their own."""
        doc = self.ruler(piece.text)
        if not doc.ents:
            return [piece]
        out: list[Resolution] = []
        cursor = 0
        for ent in doc.ents:
            gap = doc[cursor:ent.start].text.strip(" ,;-–")
            if gap and tokens(gap):
                out += [r for r in self._split_on_separators(gap)]
            out.append(self._entity(ent.text, ent.ent_id_, "liste (EntityRuler)"))
            cursor = ent.end
        tail = doc[cursor:].text.strip(" ,;-–")
        if tail and tokens(tail):
            if out and out[-1].method == "liste (EntityRuler)" and set(tokens(tail)) <= set(
                    tokens(self.registry.entities[out[-1].ids[0]].name)):
                out[-1] = Resolution(f"{out[-1].text} {tail}", out[-1].ids, method=out[-1].method, score=100.0)
            else:
                out += self._split_on_separators(tail)
        out = self._attach_places(out)
        # A split is kept only when it explains every word: "Démarche de concertation de
        # l'IVPSA" names a process of the IVPSA, not the IVPSA plus something unknown.
        return out if all(r.resolved or r.generic for r in out) else [piece]

    def _attach_places(self, pieces: list[Resolution]) -> list[Resolution]:
        """"OMH" then "de Lévis": words of the entity's own name left between two matches."""
        out: list[Resolution] = []
        for piece in pieces:
            if out and out[-1].resolved and not piece.resolved and set(tokens(piece.text)) <= set(
                    tokens(self.registry.entities[out[-1].ids[0]].name)):
                last = out[-1]
                out[-1] = Resolution(f"{last.text} {piece.text}", last.ids, method=last.method, score=last.score)
            else:
                out.append(piece)
        return out

    @property
    def ruler_loaded(self) -> bool:
        return self._ruler is not None

    @property
    def ruler(self):
        if self._ruler is None:
            from pipeline.names.nlp import build_ruler_pipeline

            self._ruler = build_ruler_pipeline(self.registry)
        return self._ruler

    def find_mentions(self, text: str) -> list[tuple[str, str]]:
        """Registered organisations named inside running text ("en collaboration avec le Tremplin").
        spaCy is asked only when the text may hold a registered form (see `may_mention`)."""
        if not self.may_mention(text):
            return []
        return [(ent.text, ent.ent_id_) for ent in self.ruler(text).ents]

    @property
    def _mention_index(self) -> tuple[list[tuple[str, ...]], list[str]]:
        """The EntityRuler's patterns as what any match of them must contain: the letter and digit
        runs of each name form (folded, longest first), and each acronym as written."""
        if self._index is None:
            runs = set()
            heads = [(form, entity_id) for form, entity_id in self.registry.short_forms if len(form.split()) >= 2]
            for form, _ in self.registry.surface_forms + heads:
                parts = tuple(sorted(set(_RUNS.findall(fold(form))), key=len, reverse=True))
                if parts:
                    runs.add(parts)
            self._index = (sorted(runs), sorted({a for a, _ in self.registry.acronym_forms}))
        return self._index

    def may_mention(self, text: str) -> bool:
        """Whether the EntityRuler could find a registered name in the text: a cheap necessary
        condition (every run of letters or digits of some form occurs in the folded text, or an
        acronym occurs as written), so a text without any is settled without loading spaCy."""
        runs, acronyms = self._mention_index
        folded = fold(text)
        return any(all(part in folded for part in parts) for parts in runs) or any(a in text for a in acronyms)
