"""AO3's character tags as knowledge for the cast: who the work's main people are, by their canonical names.

A tag gives a character's canonical full name in its fandom's order ("Haruno Sakura", "Sherlock Holmes"),
sometimes synonyms ("Fen'Harel | Solas") and a disambiguation ("Loki (Marvel)"). The text calls the same
people by parts of those names. The tags are matched to the names the text uses, never trusted over it:
a tagged character the text never names is no character, and an untagged one is found as before.

What the tags add: names the name finder missed (a tagged name written in the text is a name); the text's
forms of one tagged character joined into one character, named by its tag; and the gender of a name that
is the tag's surname, read from the tag's given name ("Shelby" alone is a woman's name in the census lists,
but not when the tags say "Tommy Shelby").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.cast.aliases import Cluster, given_key, parse_name
from ficlens.cast.given_names import is_given_name, lexicon_gender

# Tags that name a kind of character, not one: original characters, the reader of a reader-insert, crowds.
_GENERIC = re.compile(
    r"(?i)^(?:.*\bcharacters?|(?:.*\s)?reader|o[fmc]cs?|you|everyone|ensemble|various|implied .*|mentioned .*)$"
)
_NICKNAME = re.compile(r"\s*[\"“]([^\"“”]+)[\"”]")  # James "Rhodey" Rhodes
_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)\s*$")  # "Loki (Marvel)", "Sherlock Holmes (again)"
# A game's player character tagged by gender and surname: "Female Lavellan", "Male Shepard", "F!Hawke".
_GENDERED = re.compile(r"(?i)^(?:(female|male|fem)\s+|(f|m)!)(?=\S)")  # a lone letter only with "!"
_GENDER_OF_PREFIX = {"female": "female", "fem": "female", "f": "female", "male": "male", "m": "male"}
MIN_WORD = 2  # letters a tag word needs to be looked for on its own ("Al" yes, "J" no)


@dataclass(frozen=True)
class TaggedCharacter:
    tag: str  # as written, disambiguation removed: the character's name in the cast
    forms: tuple[str, ...]  # the synonyms, each a full name as tagged
    words: frozenset[str]  # every name word of every synonym, as `parse_name` keys them
    given: str | None  # the given name's word, when the tag shows which word it is
    gender: str | None = None  # when the tag says it ("Female Lavellan")


def parse_tags(tags: list[str]) -> list[TaggedCharacter]:
    """The tagged characters that are people with names (generic tags dropped), in tag order, once each."""
    out, seen = [], set()
    for raw in tags:
        tag = _DISAMBIGUATION.sub("", raw).strip()
        gendered = _GENDERED.match(tag)
        tag = tag[gendered.end() :] if gendered else tag
        forms = tuple(
            f
            for part in tag.split("|")
            for f in (_NICKNAME.sub("", part).strip(), *_NICKNAME.findall(part))
            if f.strip()
        )
        if not forms or _GENERIC.match(tag) or tag.lower() in seen:
            continue
        parsed = [p for f in forms if (p := parse_name(f)) is not None]
        words = frozenset(given_key(w) for p in parsed for w in p.words)
        if words:
            seen.add(tag.lower())
            gender = _GENDER_OF_PREFIX[gendered.group(gendered.lastindex).lower()] if gendered else None
            out.append(
                TaggedCharacter(tag, forms, words, _given_word(parsed[0].words) if parsed else None, gender)
            )
    return out


def _given_word(words: tuple[str, ...]) -> str | None:
    """The given name of a tagged full name: the one word the census lists know as a given name (tags put
    Japanese names family first: "Bakugou Katsuki"); the first word when both or neither are known."""
    if len(words) < 2:
        return None
    known = [w for w in words if is_given_name(w)]
    return known[0] if len(known) == 1 else words[0]


def tag_spans(text: str, tagged: list[TaggedCharacter], lowercase_words: set[str]) -> list[tuple[int, int]]:
    """Where the text writes a tagged name: each synonym in either word order, and each of its words alone
    when the text never writes that word in lower case ("Will", "Rose" are words too)."""
    patterns: set[str] = set()
    for t in tagged:
        for form in t.forms:
            tokens = form.split()
            patterns.update(" ".join(order) for order in (tokens, tokens[::-1]))
            patterns.update(
                w
                for w in tokens
                if len(w) >= MIN_WORD and w[0].isupper() and w.lower() not in lowercase_words
            )
    if not patterns:
        return []
    alternation = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(patterns, key=len, reverse=True)
    )
    return [m.span() for m in re.finditer(rf"(?<![\w'’-])(?:{alternation})(?![\w-])", text)]


def attach_tag_words(
    text: str, names: list[tuple[int, int]], tagged: list[TaggedCharacter], lowercase_words: set[str]
) -> list[tuple[int, int]]:
    """`tag_spans`, each one-word one right after a one-word name the name finder found that no tag holds
    (one space between) widened to take that name: "Fenina Lavellan" is one full name when the tags say
    "Lavellan", though the finder saw only "Fenina" (but "John Sherlock's watch" is two names)."""
    tag_words = set().union(*(t.words for t in tagged))
    ends = {e: s for s, e in names if " " not in text[s:e] and given_key(text[s:e].lower()) not in tag_words}
    out = []
    for s, e in tag_spans(text, tagged, lowercase_words):
        before = ends.get(s - 1)
        joins = before is not None and text[s - 1] == " " and " " not in text[s:e]
        out.append((before, e) if joins else (s, e))
    return out


def tag_of(cluster: Cluster, tagged: list[TaggedCharacter]) -> TaggedCharacter | None:
    """The tagged character a cluster is: the one whose names hold every word of the cluster's most used
    name, and a word of it no other tag holds (two Uchihas share a surname, not a given name)."""
    if not cluster.parsed:
        return None
    top = max(cluster.parsed, key=lambda p: cluster.names[p.surface])
    words = {given_key(w) for w in top.words}
    fits = [t for t in tagged if words <= t.words]
    if len(fits) == 1:
        others = set().union(*(t.words for t in tagged if t is not fits[0]))
        return fits[0] if words - others else None
    return None


def _shared_given_name(cluster: Cluster, tagged: list[TaggedCharacter]) -> bool:
    """The cluster is one bare given name that several tagged characters carry ("James": James Rhodes and
    James Barnes), so none of its own."""
    if len(cluster.parsed) != 1 or len(cluster.parsed[0].words) != 1:
        return False
    word = given_key(cluster.parsed[0].words[0])
    return sum(1 for t in tagged if t.given and given_key(t.given) == word) >= 2


def join_tagged(clusters: list[Cluster], tagged: list[TaggedCharacter]) -> list[Cluster]:
    """Clusters of one tagged character joined (the first, most mentioned, takes the rest) and named by
    their tag (`Cluster.tag`); a bare given name that several tagged characters carry dropped."""
    kept: list[Cluster] = []
    owner: dict[str, Cluster] = {}
    for cluster in clusters:
        tag = tag_of(cluster, tagged)
        if tag is None and _shared_given_name(cluster, tagged):
            continue
        if tag is None:
            kept.append(cluster)
        elif tag.tag in owner:
            owner[tag.tag].absorb(cluster)
        else:
            owner[tag.tag] = cluster
            cluster.tag = tag.tag
            kept.append(cluster)
    return kept


def tag_genders(genders: dict[str, str], surfaces, tagged: list[TaggedCharacter]) -> dict[str, str]:
    """`genders` (surface -> gender) with the names of a tagged character taking the gender its tag says
    ("Female Lavellan"), and those that do not use its given name ("Shelby", "Mr. Shelby") the given
    name's gender from the census lists, when they are sure."""
    out = dict(genders)
    for surface in surfaces:
        parsed = parse_name(surface)
        if parsed is None:
            continue
        words = {given_key(w) for w in parsed.words}
        fits = [t for t in tagged if words <= t.words]
        if len(fits) != 1:
            continue
        (tag,) = fits
        if tag.gender:
            out[surface] = tag.gender
        elif tag.given and given_key(tag.given) not in words and (gender := lexicon_gender(tag.given)):
            out[surface] = gender
    return out
