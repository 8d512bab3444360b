"""Entry point: `python -m pipeline` (the same as the `levis-bilans` command)."""

from pipeline.cli import run

run(prog_name="python -m pipeline")
