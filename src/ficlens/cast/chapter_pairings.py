"""Chapter pairings: an anthology whose chapters each name their own couple in the title.

AO3 collections of one-shots, reader-inserts above all, title each chapter by its pairing: "Female
Reader/Male Werewolf", "Male Reader/The Minotaur", "Kakashi x Reader". Each side of such a title is a
character of that chapter: the reader the chapter is written to (a "Male Reader" is not the "Female Reader"
of the chapter before), or a partner the text may never name and calls "the vampire", "your boyfriend"
and "he" throughout. Without this, every chapter's "he" goes to whichever man the work names anywhere.

What a title gives is checked against the work: a side of it must be a reader, one of the work's character
tags or a character the cast already has, and a partner takes only the chapter's pronouns that no one named in
the chapter claims, of the partner's gender (read from the title, its tag or its noun: "Sharkman").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace

from ficlens.cast.nominals import noun_gender
from ficlens.lexicon import PRONOUN_GENDER
from ficlens.model import Character, Mention, Work

_SEPARATOR = re.compile(r"\s*/\s*|\s+[x×]\s+")
_SIDE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){0,3}")
_NUMBERING = re.compile(r"^\s*(?:chapter\s+)?\d+\s*[.:)\-–—]?\s*", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_YN = re.compile(r"\bY/N\b", re.IGNORECASE)  # "Kakashi x Y/N": the reader, not two sides
# words that say a side's gender, not who it is ("Trans Male Reader", "Gender Neutral reader")
_GENDER_WORDS = {
    "female": "female",
    "fem": "female",
    "male": "male",
    "gn": "nonbinary",
    "nb": "nonbinary",
    "neutral": "nonbinary",
    "nonbinary": "nonbinary",
    "non-binary": "nonbinary",
    "enby": "nonbinary",
    "agender": "nonbinary",
}
_NO_CONTENT = frozenset({"the", "a", "an", "original", "character", "characters", "trans", "gender", "-"})
_READER = frozenset({"reader", "you"})
# what second-person narration calls the reader's partner: the partner of the chapter, when it has one
_PARTNER_NOUNS = {"boyfriend": "male", "girlfriend": "female", "lover": None, "partner": None, "mate": None}
MIN_GENDER_VOTES = 5  # unclaimed he/she in a chapter that give a partner its gender, when nothing else does
GENDER_SHARE = 0.7


@dataclass(frozen=True)
class Side:
    """One side of a chapter's pairing title."""

    text: str  # as written, without a parenthesis ("Male Vampire")
    words: frozenset[str]  # content words, singular and lowercased ({"vampire"})
    run: str  # the content words run together, so "Spellcaster" meets "Spell caster"
    gender: str | None
    reader: bool


@dataclass(frozen=True)
class ChapterPairing:
    start: int
    end: int
    sides: tuple[Side, ...]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", _PARENTHESES.sub("", text))]


def parse_side(text: str) -> Side:
    words = _words(text)
    gender = next((_GENDER_WORDS[w] for w in words if w in _GENDER_WORDS), None)
    content = [_singular(w) for w in words if w not in _GENDER_WORDS and w not in _NO_CONTENT]
    return Side(
        _PARENTHESES.sub("", text).strip(),
        frozenset(content),
        "".join(content),
        gender,
        bool(set(content) & _READER),
    )


def matching_tags(side: Side, tags: list[str]) -> list[str]:
    """The character tags that are this side: the content words of one holding the other's (or the same run
    together: "Spellcaster"; "Spider Monster" is no "Tentacle Monster"), and of
    its gender where the tag says one; the reader's tags by gender first ("Male Reader" for "Trans Male
    Reader", not "Reader")."""
    found: list[tuple[bool, str]] = []
    for tag in tags:
        t = parse_side(tag)
        if not t.words:  # "Original Character(s)" is anyone
            continue
        if not (t.words <= side.words or side.words <= t.words or t.run == side.run):
            continue
        if t.gender is not None and t.gender != side.gender:
            continue
        # the reader's tags differ by gender alone; a partner's are all of it ("Orc(s)", "Male Orc")
        found.append((side.reader and t.gender == side.gender and t.gender is not None, tag))
    best = max((rank for rank, _ in found), default=None)
    return [tag for rank, tag in found if rank == best]


def chapter_pairings(work: Work, tags: list[str], known: set[str]) -> list[ChapterPairing]:
    """The chapters whose title is a pairing: two sides or more (split at "/" or " x "), each of at most four
    words, one of them a reader, a tagged character or a name in `known` (lowercased)."""
    out = []
    for chapter in work.chapters:
        title = _YN.sub("Reader", _NUMBERING.sub("", chapter.title or "")).strip()
        parts = _SEPARATOR.split(title)
        if len(parts) < 2 or not all(_SIDE.fullmatch(_PARENTHESES.sub("", p).strip()) for p in parts):
            continue
        sides = tuple(parse_side(p) for p in parts)
        if any(not s.words or min(map(len, s.words)) < 2 for s in sides):
            continue
        vouched = [s.reader or matching_tags(s, tags) or s.text.lower() in known for s in sides]
        if any(vouched):
            out.append(ChapterPairing(chapter.start, chapter.end, sides))
    return out


class _Cast:
    """The work's characters, and those the pairings add (one per reader or partner, across chapters)."""

    def __init__(self, work: Work, tags: list[str]):
        self.work, self.tags = work, tags
        self.by_key: dict[str, Character] = {}

    def named(self, side: Side) -> Character | None:
        """A character the cast has by this side's name ("Mothman"), if it is no reader."""
        if side.reader:
            return None
        name = " ".join(_words(side.text))
        for c in self.work.characters:
            if name in {a.lower() for a in [c.name, *c.aliases]}:
                return c
        return None

    def of(self, side: Side) -> Character:
        tagged = matching_tags(side, self.tags)
        key = tagged[0] if tagged else f"{side.reader}:{side.run}:{side.gender}"
        if key not in self.by_key:
            name = tagged[0] if tagged else _display(side)
            aliases = list(dict.fromkeys([name, *tagged[1:], side.text] + (["you"] if side.reader else [])))
            gender = side.gender or _tag_gender(tagged) or (None if side.reader else _noun_gender(side))
            c = Character(
                id=f"C{len(self.work.characters) + 1}",
                name=name,
                aliases=aliases,
                gender=gender,
                pov=side.reader,
            )
            self.work.characters.append(c)
            self.by_key[key] = c
        return self.by_key[key]


def _display(side: Side) -> str:
    """A side's name without its gender words ("Werewolf" for "Male Werewolf"), the reader's with them."""
    if side.reader:
        return side.text
    kept = [w for w in side.text.split() if w.lower() not in _GENDER_WORDS and w.lower() != "trans"]
    return " ".join(kept) or side.text


def _tag_gender(tags: list[str]) -> str | None:
    genders = {parse_side(t).gender for t in tags} - {None}
    return genders.pop() if len(genders) == 1 else None


def _noun_gender(side: Side) -> str | None:
    genders = {noun_gender(w) for w in side.words} - {None}
    return genders.pop() if len(genders) == 1 else None


def cast_chapter_pairings(work: Work, mentions: list[Mention], quotes, tags: list[str]) -> list[Mention]:
    """The characters of each pairing chapter added to `work.characters` (or found there), and `mentions`
    with each chapter's reader and partners in place: the reader's you/your, the partners' unclaimed
    pronouns and descriptions ("the wolf", "your girlfriend"). A reader left without a "you", or a partner
    the text never mentions, is dropped."""
    known = {a.lower() for c in work.characters for a in [c.name, *c.aliases]}
    pairings = chapter_pairings(work, tags, known)
    if not pairings:
        return mentions
    cast = _Cast(work, tags)
    readers = {c.id for c in work.characters if c.reader}
    out = list(mentions)  # in text order; what the chapters add goes after, sorted at the end
    starts = [m.start for m in mentions]
    taken = {m.start for m in mentions if m.kind != "pronoun"}  # a description found as a name already
    for p in pairings:
        inside = range(bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end))
        for side in p.sides:
            if side.reader:
                reader = cast.of(side)
                for i in inside:
                    if out[i].character in readers:
                        out[i] = _moved(out[i], reader.id)
        others = [s for s in p.sides if not s.reader]
        named = [cast.named(s) for s in others]
        made = [cast.of(s) for s, c in zip(others, named, strict=True) if c is None]
        partners = [c for c in named if c is not None] + made
        described = _descriptions(work.text, p, made, partners[0] if len(partners) == 1 else None, quotes)
        out += [m for m in described if m.start not in taken]
        _give_pronouns(out, inside, partners, quotes)
    out.sort(key=lambda m: m.start)
    _recount(work, out, readers | {c.id for c in cast.by_key.values()})
    return _renumbered(work, out)


def _moved(m: Mention, cid: str) -> Mention:
    return replace(m, character=cid, entity=cid)


def _claimed(mentions: list[Mention], inside: range) -> set[str]:
    """The characters the chapter names (by name, description or vocative)."""
    return {mentions[i].character for i in inside if mentions[i].kind != "pronoun" and mentions[i].character}


def _give_pronouns(out: list[Mention], inside: range, partners: list[Character], quotes) -> None:
    """The chapter's narrated he/she (and they, for a partner who is they) that no character named in it
    holds go to the partner of their gender, or to the one partner of unknown gender."""
    claimed = _claimed(out, inside) - {p.id for p in partners}
    free = [
        i
        for i in inside
        if out[i].kind == "pronoun"
        and out[i].text.lower() in PRONOUN_GENDER
        and out[i].character not in claimed
        and not quotes.contains(out[i].start)
    ]
    unknown = [p for p in partners if p.gender is None]
    if len(unknown) == 1 and len(partners) == 1:
        votes = Counter(PRONOUN_GENDER[out[i].text.lower()] for i in free)
        gender, n = votes.most_common(1)[0] if votes else (None, 0)
        if gender != "nonbinary" and n >= MIN_GENDER_VOTES and n >= GENDER_SHARE * sum(votes.values()):
            unknown[0].gender = gender
    by_gender: dict[str, list[Character]] = {}
    for partner in partners:
        by_gender.setdefault(partner.gender, []).append(partner)
    for i in free:
        gender = PRONOUN_GENDER[out[i].text.lower()]
        owners = by_gender.get(gender, [])
        if len(owners) == 1:
            out[i] = _moved(out[i], owners[0].id)


def _descriptions(
    text: str, p: ChapterPairing, made: list[Character], only: Character | None, quotes
) -> list[Mention]:
    """ "the <noun>" / "your <noun>" in the chapter's narration for the noun of a partner the pairing made
    ("the wolf" for a Werewolf: the noun may end it), and "your girlfriend" and the like for the chapter's
    `only` partner (named or made), if it has one."""
    nouns: dict[str, Character] = {}
    for partner in made:
        for alias in [partner.name, *partner.aliases]:
            for w in parse_side(alias).words:
                nouns.setdefault(w, partner)
    if only is not None:
        for noun, gender in _PARTNER_NOUNS.items():
            if gender in (None, only.gender):
                nouns.setdefault(noun, only)
    out = []
    for m in re.finditer(r"\b(?:[Tt]he|[Yy]our)\s+([a-z][a-z-]{2,})\b", text[p.start : p.end]):
        word = _singular(m.group(1))
        owner = nouns.get(word) or next(
            (c for n, c in nouns.items() if len(word) >= 4 and n.endswith(word)), None
        )
        start = p.start + m.start()
        if owner and not quotes.contains(start):
            out.append(Mention(start, p.start + m.end(), m.group(), owner.id, "nominal"))
    return out


def _recount(work: Work, mentions: list[Mention], added: set[str]) -> None:
    """Mention counts, pronouns and descriptions of the characters once the chapters have theirs; a reader or
    a character the pairings `added` whom no mention is left to is dropped."""
    counts = Counter(m.character for m in mentions)
    pronouns: dict[str, Counter] = {}
    described: dict[str, list[str]] = {}
    for m in mentions:
        if m.kind == "pronoun" and m.character:
            pronouns.setdefault(m.character, Counter())[m.text.lower()] += 1
        elif m.kind == "nominal" and m.character:
            described.setdefault(m.character, []).append(m.text)
    work.characters = [c for c in work.characters if counts[c.id] or not (c.reader or c.id in added)]
    for c in work.characters:
        c.mentions = counts[c.id]
        c.pronouns = [w for w, _ in pronouns.get(c.id, Counter()).most_common()]
        c.aliases = list(dict.fromkeys(c.aliases + described.get(c.id, [])))


def _renumbered(work: Work, mentions: list[Mention]) -> list[Mention]:
    """The characters as `C1`, `C2`, … by mentions again, most mentioned first (the chapters added some and
    may have dropped the work's reader), and the mentions pointing at the new ids."""
    work.characters.sort(key=lambda c: -c.mentions)
    new = {c.id: f"C{i}" for i, c in enumerate(work.characters, 1)}
    for c in work.characters:
        c.id = new[c.id]
    return [replace(m, character=new.get(m.character), entity=new.get(m.entity, m.entity)) for m in mentions]
