"""Organisations named in achievements: spaCy is asked only for a text that may hold a registered
form, and what it found is kept by the text's content, so an unchanged corpus never loads it."""

from pipeline.names import MentionCache, find_mentions, resolver_for
from pipeline.names.registry import load_registry
from pipeline.names.resolver import Resolver
from pipeline.config import DEFAULT_REGISTRY


def test_a_text_without_any_registered_form_is_settled_without_spacy():
    resolver = Resolver(load_registry(DEFAULT_REGISTRY))
    assert resolver.find_mentions("Plus de 52 000 passages gratuits remis à 55 organismes.") == []
    assert not resolver.ruler_loaded
    assert resolver.may_mention("Passages remis en collaboration avec Le Tremplin.")
    assert resolver.may_mention("Rencontre avec la CDC.")  # an acronym, as written
    assert not resolver.may_mention("Rencontre avec la cdc.")


def test_the_prefilter_never_drops_what_the_ruler_finds():
    resolver = resolver_for(DEFAULT_REGISTRY)
    registry = resolver.registry
    texts = [f"Une activité réalisée avec {form} au printemps." for form, _ in registry.surface_forms[:400]]
    texts += [f"Comité formé avec la {acronym} et d'autres." for acronym, _ in registry.acronym_forms[:200]]
    for text in texts:
        if resolver.ruler(text).ents:
            assert resolver.may_mention(text), text


def test_cached_mentions_are_reused_and_a_new_registry_finds_them_again(tmp_path):
    from extract.records import BilanRecord, Action, Item, Provenance, Source

    place = Provenance(line=1)
    record = BilanRecord(source=Source(path="b.txt", sha256="0", format="txt"), actions=[Action(
        axis=1, number="1", title="T", provenance=place,
        achievements=[Item(text="Accueil organisé avec Le Tremplin.", provenance=place)])])
    path = tmp_path / "mentions.json"
    resolver = resolver_for(DEFAULT_REGISTRY)
    cache = MentionCache(path, b"registre 1")
    first = find_mentions([record], resolver, cache)
    cache.save()
    assert [m["id"] for m in first] == ["tremplin"]

    class NoSpacy:  # a resolver that must not be asked
        registry = resolver.registry

        def find_mentions(self, text):
            raise AssertionError(f"spaCy demandé pour « {text} »")

    again = MentionCache(path, b"registre 1")
    assert find_mentions([record], NoSpacy(), again) == first
    other = MentionCache(path, b"registre 2")
    assert other.get("Accueil organisé avec Le Tremplin.") is None
