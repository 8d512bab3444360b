"""Dashboard stage: the ten-year plan at a glance as a static site (output/tableau-de-bord/),
every figure from the ledger and every status linked to the page and sentence it was read from."""

from pathlib import Path

from extract.errors import DocumentError
from pipeline.collect import load_updates
from pipeline.dashboard.site import pages, write_site
from pipeline.dashboard.views import Dashboard, dashboard

__all__ = ["Dashboard", "dashboard", "pages", "write_site", "write_dashboard"]


def write_dashboard(config, entries, findings, registry) -> Path:
    """Build output/tableau-de-bord/ from the ledger's entries and findings; returns its folder."""
    documents = {Path(doc.path).name: Path(doc.path).resolve() for doc in config.documents}
    updates = []
    pattern = config.collected_updates("*")  # output/mises-a-jour-<cycle>.yaml, written by `collect`
    prefix, suffix = pattern.name.split("*")
    for path in sorted(pattern.parent.glob(pattern.name)):
        try:
            updates.append(load_updates(path, path.name[len(prefix):len(path.name) - len(suffix)]))
        except DocumentError:
            continue  # `collect` said what is wrong with it; the dashboard shows no answers from it
    site = config.outputs.dashboard
    write_site(pages(dashboard(entries, findings, registry, documents, updates), site), site)
    return site
