"""Person evidence: a cluster of names is a character only when something in the text says it is a person.

The name finder takes capitalised words for names, and fan fiction capitalises places ("Thedas", "Clapham
Junction"), peoples ("Qunari"), gods in oaths ("Christ") and things ("the Veil"). A cluster stays in the
cast when any one of these holds: the work's character tags name it; one of its names has a title ("Mr.",
"Captain") or opens with a word the census lists know as a given name (not always after "the" or "in":
"the Mark", "in Val Royeaux"); it is addressed (a vocative) or labels a chat line; a verb of speech,
gesture or thought follows one of its mentions, or an inverted speech tag precedes one ("Lee grins", "said
the Hatter"). A name said in oaths ("Oh God", "God knows") needs a speech tag of its own ("said God").
Pronouns after a name are no evidence: "London ... He" votes as readily as "John ... He" (on the
fan-fiction set they kept "Plan", "Earth" and "Clapham Junction").
"""

from __future__ import annotations

import re

from ficlens.cast.aliases import Cluster
from ficlens.cast.given_names import is_given_name
from ficlens.cast.names import acts_as_person, speaks
from ficlens.lexicon import APOSTROPHES, OATH_NAMES

_THE_OR_IN = re.compile(r"\b(?:the|in|at|into|inside|near)\s+$", re.IGNORECASE)
_THE_OR_IN_REACH = 8  # characters before a mention read for _THE_OR_IN: "inside " is its longest
_POSSESSIVE_AFTER = re.compile(rf"[{APOSTROPHES}]s?\b")


def _always_a_thing(cluster: Cluster, spans_of: dict[str, list[tuple[int, int]]], text: str) -> bool:
    """Every mention comes after "the" or "in", "at" ("the Mark which had allowed her", "I live in Val
    Royeaux"), none a possessive ("in Harry's room"): a thing's or a place's name, though a given name's
    word."""
    spans = [sp for name in cluster.names for sp in spans_of.get(name, [])]
    return bool(spans) and all(
        _THE_OR_IN.search(text, max(0, s - _THE_OR_IN_REACH), s) and not _POSSESSIVE_AFTER.match(text, e)
        for s, e in spans
    )


def is_person(
    cluster: Cluster, spans_of: dict[str, list[tuple[int, int]]], text: str, addressed: set[str]
) -> bool:
    """Whether the text gives any sign that `cluster` is a person (see the module's docstring)."""
    if cluster.tag or any(p.title for p in cluster.parsed):
        return True
    if all(name.lower() in OATH_NAMES for name in cluster.names):
        return any(speaks(text, spans_of.get(name, [])) for name in cluster.names)
    if any(is_given_name(p.words[0]) for p in cluster.parsed) and not _always_a_thing(
        cluster, spans_of, text
    ):
        return True  # ("Virginia" in "West Virginia" is no given name)
    if any(name in addressed for name in cluster.names):
        return True
    return any(acts_as_person(text, spans_of.get(name, [])) for name in cluster.names)
