"""Which drafts config.yaml asks for, named from its cycles only: the Makefile's targets, the
build's outputs and the line `make` prints all come from here.

* annual (`drafts.annual`): from the published cycle F, the plan and bilan drafts of the next
  cycle N: plan-deploiement-N.docx, bilan-N.docx;
* biennial (`drafts.biennial`): the bilan draft of cycle F while no bilan of F is declared
  (once the writer's finished bilan is declared, the draft is left as it is), and the plan
  draft of the next cycle N: bilan-F.docx, plan-deploiement-N.docx.

Drafts of earlier cycles are never rebuilt: they are no longer targets, and the build says
which ones it leaves as they are.
"""

from __future__ import annotations

PLAN, BILAN = "plan-deploiement", "bilan"
# Each kind of draft and its template in templates/.
TEMPLATES = {"annual_plan": "plan-deploiement.docx", "annual_bilan": "bilan.docx",
             "biennial_bilan": "bilan-biennal.docx", "biennial_plan": "plan-deploiement-biennal.docx"}


def _declared(config, kind: str, cycle: str) -> bool:
    return any(d.kind == kind and d.cycle == cycle and d.same_as is None for d in config.documents)


def draft_files(config) -> dict[str, str]:
    """{file name: what it is} of every draft config.yaml asks for, in build order."""
    out: dict[str, str] = {}
    annual, biennial = config.drafts.annual, config.drafts.biennial
    if annual is not None:
        out[f"{PLAN}-{annual.next_cycle}.docx"] = "annual_plan"
        out[f"{BILAN}-{annual.next_cycle}.docx"] = "annual_bilan"
    if biennial is not None:
        if not _declared(config, "bilan", biennial.from_cycle):
            out[f"{BILAN}-{biennial.from_cycle}.docx"] = "biennial_bilan"
        out[f"{PLAN}-{biennial.next_cycle}.docx"] = "biennial_plan"
    return out


def cycle_line(config) -> str:
    """One French line: which cycles the drafts prepare, from which published cycle."""
    annual, biennial = config.drafts.annual, config.drafts.biennial
    parts = []
    if annual is not None:
        parts.append(f"cycle {annual.next_cycle} (plan de déploiement et bilan, d'après le cycle {annual.from_cycle})")
    if biennial is not None:
        what = "plan" if _declared(config, "bilan", biennial.from_cycle) else f"bilan {biennial.from_cycle} et plan"
        parts.append(f"cycle biennal {biennial.next_cycle} ({what}, d'après le cycle {biennial.from_cycle})")
    if not parts:
        return "Aucune ébauche demandée : config.yaml n'a pas de section « drafts.annual » ni « drafts.biennial »."
    return "Ébauches en préparation : " + " ; ".join(parts) + "."


def earlier_drafts(generated: list[str], config) -> list[str]:
    """Drafts an earlier build wrote (the manifest's names) that this cycle no longer makes."""
    current = draft_files(config)
    return sorted(name for name in generated
                  if name.endswith(".docx") and name.startswith((f"{PLAN}-", f"{BILAN}-")) and name not in current)
