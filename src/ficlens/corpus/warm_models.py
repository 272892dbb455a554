"""Imported by the local engine's fork server (and by nothing else): the analysis models load here once, so
every worker forked from the server starts warm, in milliseconds, sharing the models' pages, instead of
importing spaCy and loading them itself (1.6-1.9 s per worker, each time one is replaced)."""

from ficlens.corpus.worker import warm

warm("analyze")
