"""Edits to registry.yaml that keep the file as staff wrote it: comments, order, spacing, and
each entry's style (one-line flow maps, flow maps over several lines, block maps).

ruamel.yaml parses the file with the line of every entry; an edit rewrites only the lines of
the entries it touches (emitted in their own style) and inserts new entries after the last one
of their list. Every other byte stays. A full round-trip dump would re-flow the multi-line
entries, so it is not used. The result is parsed again and compared with the expected data
before anything is written.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

WIDTH = 120  # where a rewritten flow map wraps, between two keys
NEW_ENTITIES = "# --- Ajoutées par la révision des noms (registry apply) ---"
SECTION_COMMENTS = {
    "ignored": "# Noms que la révision des noms ne propose plus (décision « ignorer »).",
    "refused_merges": "# Rapprochements refusés : le nom n'est jamais rattaché à cette organisation.",
}


class RegistryEditError(Exception):
    """The registry cannot be edited safely (its text does not parse as expected)."""


class _Rewrite(Exception):
    """A top-level list written on one line (`generic: []`, `ignored: [a, b]`): rewritten whole."""


def _round_trip() -> YAML:
    loader = YAML()
    loader.preserve_quotes = True
    return loader


def _scalar(value) -> str:
    """A value as YAML writes it inside a flow collection (quoted only when it must be)."""
    out = io.StringIO()
    emitter = YAML()
    emitter.default_flow_style = True
    emitter.width = 10**6
    emitter.dump([value], out)
    return out.getvalue().strip()[1:-1]


def _flow_map(mapping: dict, indent: str, continuation: str, tail: str = "", width: int = WIDTH) -> list[str]:
    """`- {key: value, ...}` wrapped between keys at `width`, continuation lines indented alike."""
    pieces = [f"{key}: {_scalar(value)}" for key, value in mapping.items() if value not in (None, [], "")]
    lines, current = [], f"{indent}- {{"
    for n, piece in enumerate(pieces):
        glue = "" if n == 0 else ", "
        if n and len(current) + len(glue) + len(piece) + 1 > width:
            lines.append(current + ",")
            current, glue = continuation, ""
        current += glue + piece
    lines.append(current + "}" + tail)
    return lines


def _block_item(mapping: dict, indent: str, flush_lists: bool = False) -> list[str]:
    """`- key: value` lines; a key's list under it indented by two, or flush with the key when
    the file writes its lists so (`flush_lists`)."""
    out = io.StringIO()
    emitter = YAML()
    emitter.width = WIDTH
    emitter.indent(mapping=2, sequence=2 if flush_lists else 4, offset=0 if flush_lists else 2)
    emitter.dump([dict((k, v) for k, v in mapping.items() if v not in (None, [], ""))], out)
    lines = out.getvalue().splitlines()
    offset = len(lines[0]) - len(lines[0].lstrip())  # the emitter's own indent of the top-level dash
    return [indent + line[offset:] for line in lines]


def _item(item) -> list[str]:
    return _flow_map(item, "", "   ") if isinstance(item, dict) else [f"- {_scalar(item)}"]


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


@dataclass
class RegistryText:
    """registry.yaml's text and the edits to make to it."""

    text: str
    aliases: dict[str, list[str]] = field(default_factory=dict)  # entity id -> aliases to add
    entities: list[dict] = field(default_factory=list)  # new entities, in order
    items: dict[str, list] = field(default_factory=dict)  # top-level list -> items to add

    def __post_init__(self) -> None:
        try:
            self.data = _round_trip().load(self.text)
        except YAMLError as exc:
            raise RegistryEditError(f"YAML illisible ({str(exc).splitlines()[0]})") from exc
        if not isinstance(self.data, CommentedMap) or not isinstance(self.data.get("entities"), CommentedSeq):
            raise RegistryEditError("section « entities: » absente ou vide")
        self.lines = self.text.splitlines()
        self._index = {str(e.get("id")): n for n, e in enumerate(self.data["entities"]) if isinstance(e, dict)}

    # -- what to change ------------------------------------------------------------
    def entity(self, entity_id: str) -> dict | None:
        n = self._index.get(entity_id)
        return self.data["entities"][n] if n is not None else None

    def add_alias(self, entity_id: str, alias: str) -> None:
        self.aliases.setdefault(entity_id, []).append(alias)

    def add_entity(self, entity: dict) -> None:
        self.entities.append(entity)

    def add_item(self, key: str, item) -> None:
        self.items.setdefault(key, []).append(item)

    # -- the new text -------------------------------------------------------------------
    def _last_content(self, start: int, end: int) -> int:
        """The last line from `end` back to `start` that is neither blank nor a comment."""
        while end > start and not _is_content(self.lines[end]):
            end -= 1
        return end

    def _before_next_key(self, key: str) -> int:
        """The line before the top-level key that follows `key` (the file's last line if none)."""
        keys = list(self.data.keys())
        following = keys[keys.index(key) + 1:] if key in keys else []
        return self.data.lc.key(following[0])[0] - 1 if following else len(self.lines) - 1

    def _extent(self, seq: CommentedSeq, n: int, key: str) -> tuple[int, int]:
        """First and last line (0-based) of a list's n-th item, comments and blank lines after it excluded."""
        start = seq.lc.item(n)[0]
        end = seq.lc.item(n + 1)[0] - 1 if n + 1 < len(seq) else self._before_next_key(key)
        return start, self._last_content(start, end)

    def _entity_lines(self, n: int) -> tuple[int, int, list[str]]:
        seq = self.data["entities"]
        entity = seq[n]
        start, end = self._extent(seq, n, "entities")
        merged = dict(entity)
        merged["aliases"] = list(entity.get("aliases") or []) + self.aliases[str(entity["id"])]
        indent = re.match(r"\s*", self.lines[start]).group(0)
        if isinstance(entity, CommentedMap) and entity.fa.flow_style():
            last = self.lines[end]
            tail = re.search(r"\}(\s*#.*)?\s*$", last)
            continuation = (re.match(r"\s*", self.lines[start + 1]).group(0) if end > start
                            else indent + "   ")
            width = max([WIDTH] + [len(line) for line in self.lines[start:end + 1]])  # the writer's own width
            return start, end, _flow_map(merged, indent, continuation, (tail.group(1) or "") if tail else "", width)
        return start, end, _block_item(merged, indent, self._flush_lists(indent))

    def _flush_lists(self, indent: str) -> bool:
        """Whether the block-map entities write a key's list flush with the key (`aliases:` then
        `- ...` at the key's column), as PyYAML does, rather than indented under it."""
        keys = indent + "  "
        return any(line.rstrip().endswith(":") and line.startswith(keys) and not line.startswith(keys + " ")
                   and following.startswith(keys + "- ") for line, following in zip(self.lines, self.lines[1:]))

    def _new_entity(self, entity: dict) -> list[str]:
        """A new entity in the style of the list's last one (flow map, or block map)."""
        seq = self.data["entities"]
        last = seq[-1] if len(seq) else None
        if isinstance(last, CommentedMap) and not last.fa.flow_style():
            start, end = self._extent(seq, len(seq) - 1, "entities")
            indent = re.match(r"\s*", self.lines[start]).group(0)
            return [line[len(indent):] for line in _block_item(entity, indent, self._flush_lists(indent))]
        return _flow_map(entity, "", "   ")

    def _appended(self, key: str, rendered: list[list[str]], comment: str | None) -> tuple[int, list[str]]:
        """Where new items of a top-level list go (after its last item) and their lines."""
        seq = self.data.get(key)
        if isinstance(seq, CommentedSeq) and len(seq) and not seq.fa.flow_style():
            start, end = self._extent(seq, len(seq) - 1, key)
            indent = re.match(r"\s*", self.lines[start]).group(0)
            lines = [] if comment is None or comment in (line.strip() for line in self.lines) else [
                "", indent + comment]
            return end + 1, lines + [indent + line for item in rendered for line in item]
        if key in self.data:
            raise _Rewrite(key)
        lines = [""] + ([SECTION_COMMENTS[key]] if key in SECTION_COMMENTS else []) + [f"{key}:"]
        return len(self.lines), lines + ["  " + line for item in rendered for line in item]

    def _rewritten(self, key: str, items: list) -> tuple[int, int, list[str]]:
        """A one-line list as a list of one entry per line, its old entries first."""
        start = self.data.lc.key(key)[0]
        end = self._last_content(start, self._before_next_key(key))
        old = list(self.data[key] or [])
        return start, end, [f"{key}:"] + ["  " + line for item in old + items for line in _item(item)]

    def render(self) -> str:
        """The edited text; raises RegistryEditError when it would not read back as intended."""
        replaced: list[tuple[int, int, list[str]]] = []
        for entity_id in self.aliases:
            replaced.append(self._entity_lines(self._index[entity_id]))
        if self.entities:
            new = [self._new_entity(e) for e in self.entities]
            at, lines = self._appended("entities", new, NEW_ENTITIES)
            replaced.append((at, at - 1, lines))
        for key, items in self.items.items():
            new = [_item(i) for i in items]
            try:
                at, lines = self._appended(key, new, None)
                replaced.append((at, at - 1, lines))
            except _Rewrite:
                replaced.append(self._rewritten(key, items))
        lines = list(self.lines)
        # Bottom up, so earlier line numbers stay true; at one place, the last made first.
        order = sorted(range(len(replaced)), key=lambda n: (replaced[n][0], replaced[n][1], n), reverse=True)
        for n in order:
            start, end, new_lines = replaced[n]
            lines[start:end + 1] = new_lines
        newline = "\r\n" if "\r\n" in self.text else "\n"
        text = newline.join(lines) + (newline if self.text.endswith("\n") or not self.text else "")
        self._check(text)
        return text

    def expected(self) -> dict:
        """The plain data the edited file must hold."""
        data = yaml.safe_load(self.text)
        data = copy.deepcopy(data)
        for entity in data["entities"]:
            added = self.aliases.get(str(entity.get("id")))
            if added:
                entity["aliases"] = list(entity.get("aliases") or []) + added
        data["entities"] += [{k: v for k, v in e.items() if v not in (None, [], "")} for e in self.entities]
        for key, items in self.items.items():
            data[key] = list(data.get(key) or []) + items
        return data

    def _check(self, text: str) -> None:
        try:
            got = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise RegistryEditError(f"le texte modifié ne se relit pas ({str(exc).splitlines()[0]})") from exc
        if got != self.expected():
            raise RegistryEditError("le texte modifié ne se relit pas comme prévu")
