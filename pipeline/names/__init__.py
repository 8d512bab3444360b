"""Names stage: the curated registry, the French matching key, the resolver (with spaCy's
EntityRuler for lists written without separators), the normaliser of records, and the
review of names over all records."""

from pipeline.names.matching import name_key, tokens
from pipeline.names.mention_cache import MentionCache
from pipeline.names.normalise import normalise_names, normalise_record, resolver_for
from pipeline.names.registry import KIND_LABELS, Entity, Registry, RegistryError, load_registry
from pipeline.names.resolver import FUZZY_THRESHOLD, Resolution, Resolver
from pipeline.names.review import find_mentions, mentions_json, review_report

__all__ = [
    "FUZZY_THRESHOLD", "KIND_LABELS", "Entity", "MentionCache", "Registry", "RegistryError", "Resolution", "Resolver",
    "find_mentions", "load_registry", "mentions_json", "name_key", "normalise_names",
    "normalise_record", "resolver_for", "review_report", "tokens",
]
