"""The pipeline stages (records, extraction, later normalise, merge, render) and the CLI."""
