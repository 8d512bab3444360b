"""The normaliser measured on the gold mentions and on hand-written variants.

The figures are printed (pytest -s shows them); precision (wrong merges) is
reported apart from recall, because a wrong merge is worse than a name left
for review.
"""

from pathlib import Path

import pytest
import yaml

from pipeline.names import Resolver
from pipeline.names.registry import RegistryError, build_registry, _RegistryFile
from pipeline.names import resolver_for

NAMES = Path(__file__).resolve().parents[1] / "fixtures" / "names"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return resolver_for()


def _ids(resolutions):
    return [i for r in resolutions for i in r.ids]


def test_gold_mentions_codes_and_generics(resolver):
    gold = yaml.safe_load((NAMES / "gold-partners.yaml").read_text(encoding="utf-8"))
    exact = [m for m, ids in gold["mentions"].items() if _ids(resolver.resolve(m)) == ids]
    misses = sorted(set(gold["mentions"]) - set(exact))
    codes = [c for c, i in gold["codes"].items() if _ids(resolver.resolve(c)) == [i]]
    generic = [g for g in gold["generic"] if all(r.generic for r in resolver.resolve(g))]
    rate = len(exact) / len(gold["mentions"])
    print(f"\nmentions or : {len(exact)}/{len(gold['mentions'])} exactes ({rate:.1%}) ; "
          f"codes : {len(codes)}/{len(gold['codes'])} ; génériques : {len(generic)}/{len(gold['generic'])}")
    # Every gold mention resolves today; a name that stops resolving is a regression to see by name.
    assert misses == [] and rate == 1.0
    assert len(codes) == len(gold["codes"])
    assert len(generic) == len(gold["generic"])


def test_own_variants_precision_and_recall(resolver):
    variants = yaml.safe_load((NAMES / "variants.yaml").read_text(encoding="utf-8"))["variants"]
    wrong, correct, expected_entities, resolved_attempts = [], 0, 0, 0
    for text, want in variants.items():
        found = resolver.resolve(text)
        got = _ids(found)
        if want == "generic":
            ok = bool(found) and all(r.generic for r in found)
            correct += ok
            if not ok:
                wrong.append((text, want, got))
            continue
        expected_entities += len(want)
        resolved_attempts += len(got)
        hits = sum(1 for a, b in zip(got, want) if a == b) if len(got) == len(want) else 0
        correct += hits == len(want)
        if got and got != want:
            wrong.append((text, want, got))
    precision = 1 - len([w for w in wrong if w[2]]) / max(resolved_attempts, 1)
    recall = correct / len(variants)
    print(f"\nvariantes : {len(variants)} ; exactes : {correct} ({recall:.1%}) ; "
          f"fusions erronées : {len([w for w in wrong if w[2]])} (précision {precision:.1%})")
    assert [w for w in wrong if w[2]] == []  # no wrong merge, ever
    assert wrong == [] and correct == len(variants) == 56  # every variant resolves today: a miss is named here


@pytest.mark.parametrize("text, own", [
    ("Service d'entraide de St-Étienne", ["se-st-etienne"]),      # not its sibling of St-Nicolas
    ("Service entraide St-Nicolas", ["se-st-nicolas"]),
    ("Maison de la Famille Chutes-Chaudière", ["mf-chutes"]),     # not the Maison de la Famille Rive-Sud
    ("Ville de Lévis", ["ville-levis"]),                          # not the Ville de Québec
    ("Service d'entraide de St-Romuald", []),                     # unregistered: flagged, never a sibling
    ("Maison de la Famille de Bellechasse", []),
    ("Ville de Montmagny", []),
])
def test_near_miss_siblings_stay_apart(resolver, text, own):
    assert _ids(resolver.resolve(text)) == own


def test_unknown_name_keeps_its_closest_candidates(resolver):
    found = resolver.resolve("Service d'entraide de St-Romuald")
    assert _ids(found) == [] and not found[0].generic
    assert [c for c, _ in found[0].candidates][:2] == ["se-st-nicolas", "se-st-etienne"]


def test_acronym_in_parentheses_confirms_the_name(resolver):
    found = resolver.resolve_one("Table d'économie sociale de Chaudière-Appalaches (TRESKA)")
    assert found.ids == ["tresca"]


def test_mentions_inside_running_text(resolver):
    mentions = resolver.find_mentions("Réalisation en collaboration avec le Tremplin et le CISSS-CA. Cet été, activités.")
    assert [entity for _, entity in mentions] == ["tremplin", "cisss-ca"]


def test_registry_is_validated():
    entities = [{"id": "a", "name": "A", "kind": "community"}, {"id": "a", "name": "B", "kind": "community"}]
    with pytest.raises(RegistryError, match="identifiant en double"):
        build_registry(_RegistryFile.model_validate({"entities": entities}))
    with pytest.raises(RegistryError, match="parent inconnu"):
        build_registry(_RegistryFile.model_validate({"entities": [{"id": "s", "name": "S", "kind": "municipal", "parent": "x"}]}))


def test_every_unit_of_a_direction_knows_its_parent(resolver):
    registry = resolver.registry
    assert registry.entities["sdsc"].parent == "dvc"
    assert registry.ancestors("sdsc") == ["dvc"]
