"""Fuzzing ficlens: mutated fixtures, hostile archives and pathological texts through `read` and `analyze`,
each input in a forked child with a time and a memory limit (`ficlens fuzz`, and tests/fuzz/)."""

from ficlens.fuzz.campaign import Config, Report, format_table, run_campaign

__all__ = ["Config", "Report", "format_table", "run_campaign"]
