"""A malformed registry.yaml: one French line that names the file, the place and what to do, and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENTITY = "  - {id: dvc, name: Direction de la vie communautaire, kind: municipal, codes: [DVC]}\n"


@pytest.mark.parametrize("content, message", [
    ("entities:\n  - {id: dvc, name: [\n", "YAML mal formé (ligne 3) : did not find expected node content ; "
                                           "corrigez la syntaxe."),
    ("", "le registre doit contenir une section « entities: » (la liste des organisations)."),
    ("entities:\n  - {id: dvc, name: DVC, kind: municipal, couleur: bleu}\n",
     "clé « entities[0].couleur » : clé inconnue ; corrigez registry.yaml."),
    ("entities:\n  - {id: dvc, name: DVC, kind: ministere}\n",
     "clé « entities[0].kind » : valeur non permise (permis : 'municipal', 'public', 'community', 'education', "
     "'private' or 'collective') ; corrigez registry.yaml."),
    ("entities:\n  - {id: Mauvais Id, name: X, kind: public}\n",
     "clé « entities[0].id » : forme non permise ; corrigez registry.yaml."),
    ("entities:\n" + GOOD_ENTITY + GOOD_ENTITY, "identifiant en double : « dvc » ; corrigez registry.yaml."),
    ("entities:\n  - {id: sac, name: Service, kind: municipal, parent: dvc}\n",
     "« sac » : parent inconnu « dvc » ; corrigez registry.yaml."),
    ("entities:\n" + GOOD_ENTITY + "  - {id: dg, name: DG, kind: municipal, codes: [DVC]}\n",
     "code « DVC » attribué à « dvc » et à « dg » ; corrigez registry.yaml."),
    ("entities:\n" + GOOD_ENTITY + "generic_patterns: ['[a-z']\n",
     "motif générique invalide « [a-z » (unterminated character set) ; corrigez registry.yaml."),
])
def test_each_malformed_registry_gives_one_french_line_and_exit_2(tmp_path, content, message):
    registry = tmp_path / "registre.yaml"
    registry.write_text(content, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "resolve", "--registry", str(registry)], input="DVC\n",
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"erreur : {registry} : {message}"]


def test_a_registry_not_in_utf8(tmp_path):
    registry = tmp_path / "registre.yaml"
    registry.write_bytes("entities:\n  - {id: dvc, name: Développement, kind: municipal}\n".encode("utf-16"))
    done = subprocess.run([sys.executable, "-m", "pipeline", "resolve", "--registry", str(registry)], input="DVC\n",
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"erreur : {registry} : fichier illisible (pas en UTF-8) ; enregistrez-le en UTF-8."]


def test_a_missing_registry_named_in_the_config(tmp_path):
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("documents:\n  - path: doc.txt\nregistry: absent.yaml\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "ledger", "--config", "config.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["erreur : config.yaml : clé « registry » : fichier introuvable : absent.yaml."]
