"""The cast: name mentions, alias clusters, pronouns, narrator and point of view."""

from __future__ import annotations

from ficlens.model import Work


def build_cast(work: Work) -> Work:
    return work
