"""The pipeline, one subpackage per stage in the order the data flows.

names (registry, matching, resolver, spaCy, normalising, review) -> extraction (batches,
bounded workers, cache) -> ledger (cross-cycle ledger, statuses, consistency, next cycle)
-> collect (forms out, answers in, updates) -> drafts (contexts, docxtpl rendering, chart)
-> dashboard (the static progress site).
`build` runs them all and `cli` is the thin shell over them; `config`, `files`, `xlsx`, `progress` and
`diagnostics` at this root serve every stage. A stage imports its own modules, this root,
the public face (the package itself) of earlier stages and the public modules of
`extract`; never a later stage nor another stage's internals (tests/test_layering.py).
"""

# The stages, in the order the data flows; the layering test reads this.
STAGES = ("names", "extraction", "ledger", "collect", "drafts", "dashboard")
