"""config.yaml: the one place that says which documents make the corpus and where outputs go.

Loaded and validated here only; errors name the YAML line or the key, in French.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from extract.errors import UsageError

# The project's own registry, used when config.yaml names none (and without a config).
DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "registry.yaml"

KindName = Literal["bilan", "plan_deploiement", "plan_immigration", "presentation", "plan_action"]


class ConfigError(UsageError):
    """config.yaml is unreadable or invalid; the message names the line or key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentConfig(_Strict):
    path: Path
    kind: KindName | None = None
    cycle: str | None = None
    name: str | None = None  # output name (default: the file stem)
    # Another layout (PDF, Word) of a document already declared: later stages compare it
    # with that document instead of counting it twice.
    same_as: Path | None = None

    @field_validator("cycle", mode="before")
    @classmethod
    def _cycle_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @property
    def output_name(self) -> str:
        return self.name or self.path.stem


class LinkConfig(_Strict):
    """A document joined to an action of the action plan (see the ledger)."""

    document: Path
    action: str = Field(pattern=r"^[1-5]\.\d{1,2}(\.[a-z])?$")  # "5.26"
    relation: str = "livrable"
    program: str | None = None  # the programme of that document that stands for the action


def following_cycle(cycle: str) -> str:
    """The cycle after this one, of the same length: "2021" -> "2022", "2023-2024" -> "2025-2026"."""
    years = [int(y) for y in cycle.split("-")]
    span = years[-1] - years[0] + 1
    return "-".join(str(y + span) for y in years)


_CYCLE = r"^\d{4}(-\d{4})?$"


class _DraftCycles(_Strict):
    """A cycle of published documents (`from_cycle`) and the cycle its drafts prepare (`cycle`,
    by default the one after it, of the same length). No year is assumed anywhere else."""

    from_cycle: str = Field(pattern=_CYCLE)
    cycle: str | None = Field(default=None, pattern=_CYCLE)

    @field_validator("from_cycle", "cycle", mode="before")
    @classmethod
    def _cycle_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @property
    def next_cycle(self) -> str:
        return self.cycle or following_cycle(self.from_cycle)


class AnnualDraftConfig(_DraftCycles):
    select: list[str] = Field(default_factory=list)  # action keys added to next cycle's plan ("1.2")
    # The year's achievements (YAML or XLSX) to fill the bilan draft; by default the file
    # `python -m pipeline collect` writes from the units' forms, once there is one.
    updates: Path | None = None


class BiennialDraftConfig(_DraftCycles):
    pass


class DraftsConfig(_Strict):
    annual: AnnualDraftConfig | None = None
    biennial: BiennialDraftConfig | None = None
    templates: Path = Path("templates")


class LimitsConfig(_Strict):
    """Per-document bounds: each file is parsed in a worker process with these limits."""

    timeout_seconds: float = Field(default=120.0, gt=0)
    memory_mb: int = Field(default=3072, ge=256)


class OcrConfig(_Strict):
    """Scanned pages (PDF pages with no text layer) are read by OCR (Tesseract, French)."""

    enabled: bool = True  # false: a scanned page is an error, as with --no-ocr
    dpi: int = Field(default=200, ge=100, le=600)  # the pages' rendering resolution (README: why 200)
    verify_below: float = Field(default=80.0, ge=0, le=100)  # words under this confidence go « à vérifier »

    def settings(self, force: bool | None = None):
        """The reader's settings; `force` is the command line's --ocr (True) or --no-ocr (False)."""
        from extract import OcrSettings

        mode = "force" if force else "off" if force is False or not self.enabled else "auto"
        return OcrSettings(mode=mode, dpi=self.dpi, verify_below=self.verify_below)


class OutputsConfig(_Strict):
    dir: Path = Path("output")
    records: Path = Path("output/records")
    review: Path = Path("output/noms-a-reviser.md")
    review_xlsx: Path = Path("output/noms-a-reviser.xlsx")
    mentions: Path = Path("output/mentions.json")
    ledger: Path = Path("output/ledger.json")
    ledger_xlsx: Path = Path("output/ledger.xlsx")
    consistency: Path = Path("output/rapport-coherence.md")
    catalogue: Path = Path("output/catalogue-actions.xlsx")  # written by `python -m pipeline catalogue`
    dashboard: Path = Path("output/tableau-de-bord")  # the progress dashboard's folder (index.html)

    @classmethod
    def file_keys(cls) -> tuple[str, ...]:
        """The output files config.yaml names (every key but the two folders)."""
        return tuple(key for key in cls.model_fields if key not in ("dir", "records"))


class Config(_Strict):
    documents: list[DocumentConfig] = Field(min_length=1)
    outputs: OutputsConfig = OutputsConfig()
    registry: Path | None = None  # the curated organisations (read only); default: the project's registry.yaml
    links: list[LinkConfig] = Field(default_factory=list)
    # The action catalogue workbook staff keep (first written by `python -m pipeline catalogue`).
    catalogue: Path | None = None
    drafts: DraftsConfig = DraftsConfig()
    limits: LimitsConfig = LimitsConfig()
    ocr: OcrConfig = OcrConfig()
    base_dir: Path = Path(".")

    def forms_dir(self, cycle: str) -> Path:
        """Where the units' forms for a cycle are written (output/formulaires-2021/)."""
        return self.outputs.dir / f"formulaires-{cycle}"

    def collected_updates(self, cycle: str) -> Path:
        """The updates file `collect` writes (output/mises-a-jour-2021.yaml)."""
        return self.outputs.dir / f"mises-a-jour-{cycle}.yaml"

    def collect_report(self, cycle: str) -> Path:
        return self.outputs.dir / f"rapport-collecte-{cycle}.md"

    @property
    def updates_path(self) -> Path | None:
        """The updates file the bilan draft reads: the configured one, else the collected one
        (None when config.yaml prepares no annual cycle)."""
        annual = self.drafts.annual
        return None if annual is None else annual.updates or self.collected_updates(annual.next_cycle)

    def document_for(self, path: Path) -> DocumentConfig | None:
        """The declared document at this path, if any."""
        target = path.resolve()
        return next((d for d in self.documents if d.path.resolve() == target), None)


def _key_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_FRENCH = {
    "extra_forbidden": "clé inconnue",
    "missing": "clé obligatoire manquante",
    "literal_error": "valeur non permise",
    "too_short": "liste vide",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "model_type": "section attendue (clé: valeur)",
    "dict_type": "section attendue (clé: valeur)",
    "string_pattern_mismatch": "forme non permise",
    "bool_type": "oui/non attendu (true ou false)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "float_parsing": "nombre attendu",
    "greater_than": "valeur trop petite",
    "greater_than_equal": "valeur trop petite",
}


def validation_message(exc: ValidationError) -> str:
    """The first problem of a YAML file's validation, in French: « clé « a.b[0] » : what is wrong »."""
    err = exc.errors()[0]
    what = _FRENCH.get(err["type"], err["msg"])
    if err["type"] == "literal_error":
        what += f" (permis : {err['ctx'].get('expected', '')})"
    return f"clé « {_key_path(err['loc'])} » : {what}"


def load_config(path: Path) -> Config:
    """Read and validate config.yaml; paths inside are relative to its folder."""
    if not path.exists():
        raise ConfigError(f"{path} : fichier de configuration introuvable ; créez-le ou indiquez-le avec --config.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark, exc.context_mark
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "position inconnue"
        if context is not None and mark is not None and context.line != mark.line:
            # An unclosed bracket or quote: the line that opened it is the one to fix.
            where = f"ligne {context.line + 1} (constaté ligne {mark.line + 1})"
        raise ConfigError(f"{path} : YAML mal formé ({where}) : {exc.problem} ; corrigez la syntaxe.") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} : fichier illisible ({exc}) ; enregistrez-le en UTF-8.") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} : le fichier doit contenir des sections « clé: valeur » (documents, outputs).")
    try:
        config = Config.model_validate({**data, "base_dir": path.parent})
    except ValidationError as exc:
        raise ConfigError(f"{path} : {validation_message(exc)}.") from exc
    base = path.parent
    for n, doc in enumerate(config.documents):
        doc.path = (base / doc.path) if not doc.path.is_absolute() else doc.path
        if not doc.path.exists():
            raise ConfigError(f"{path} : clé « documents[{n}].path » : fichier introuvable : {doc.path}.")
    for n, doc in enumerate(config.documents):
        if doc.same_as is not None:
            doc.same_as = base / doc.same_as if not doc.same_as.is_absolute() else doc.same_as
            if config.document_for(doc.same_as) is None:
                raise ConfigError(f"{path} : clé « documents[{n}].same_as » : {doc.same_as} n'est pas un document déclaré.")
    names = [d.output_name for d in config.documents]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{path} : plusieurs documents produiraient le même fichier ({', '.join(dupes)}) ; donnez-leur un « name » distinct.")
    if config.registry is None:
        config.registry = DEFAULT_REGISTRY
    config.registry = base / config.registry if not config.registry.is_absolute() else config.registry
    if not config.registry.exists():
        raise ConfigError(f"{path} : clé « registry » : fichier introuvable : {config.registry}.")
    config.outputs.dir = base / config.outputs.dir
    config.outputs.records = base / config.outputs.records
    for key in config.outputs.file_keys():
        setattr(config.outputs, key, base / getattr(config.outputs, key))
    config.drafts.templates = base / config.drafts.templates
    if config.catalogue is not None:
        config.catalogue = base / config.catalogue if not config.catalogue.is_absolute() else config.catalogue
        if not config.catalogue.exists():
            raise ConfigError(f"{path} : clé « catalogue » : fichier introuvable : {config.catalogue} ; écrivez-le avec "
                              "« python -m pipeline catalogue » ou retirez la clé.")
    updates = config.drafts.annual.updates if config.drafts.annual else None
    if updates is not None:
        config.drafts.annual.updates = base / updates if not updates.is_absolute() else updates
        if not config.drafts.annual.updates.exists():
            raise ConfigError(f"{path} : clé « drafts.annual.updates » : fichier introuvable : {config.drafts.annual.updates}.")
    for n, link in enumerate(config.links):
        link.document = base / link.document if not link.document.is_absolute() else link.document
        if config.document_for(link.document) is None:
            raise ConfigError(f"{path} : clé « links[{n}].document » : {link.document} n'est pas un document déclaré.")
    return config
