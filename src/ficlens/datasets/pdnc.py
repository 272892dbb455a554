"""PDNC for training and evaluation alike: loading a PDNC-format folder (one sub-folder per novel with
novel_text.txt, quotation_info.csv and character_info.csv; spans are character offsets into
novel_text.txt, list fields Python literals), each novel as a ficlens Work with gold or detected quotes
and cast, and the mapping of ficlens's characters onto PDNC's.

Above the runtime: `ficlens.training` and `ficlens.eval` import it, the runtime never does."""

from __future__ import annotations

import ast
import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import BadDataset
from ficlens.lexicon import (
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    PERSONAL_PRONOUNS,
    PRONOUN_GENDER,
    REFLEXIVE_PRONOUNS,
)
from ficlens.model import Chapter, Character, Mention, Metadata, Quote, Source, Work
from ficlens.quotes import find_quotes
from ficlens.segment import segment
from ficlens.stage import provide


@dataclass
class GoldCharacter:
    id: str
    name: str
    aliases: set[str]
    gender: str  # F, M, U (unknown), X (un-annotated), ...
    category: str  # major, intermediate, minor


@dataclass
class GoldQuote:
    id: str
    spans: list[tuple[int, int]]  # one per sub-quotation, marks excluded
    speaker: str  # a character's main name
    addressees: list[str]
    type: str  # explicit | anaphoric | implicit
    referring_expression: str | None


@dataclass
class PdncNovel:
    name: str
    text: str
    path: Path
    characters: list[GoldCharacter] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)


def normalise_name(name: str) -> str:
    """A name as PDNC and ficlens may both write it: case-folded, spaces collapsed, no full stop after a
    title, no leading "the" ("Mr.  Darcy" = "mr darcy", "The Hatter" = "Hatter")."""
    folded = re.sub(r"\s+", " ", re.sub(r"\b(mrs?|ms|dr|st)\.", r"\1", name.strip().casefold()))
    return folded.removeprefix("the ")


def _literal(value: str, path: Path):
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        raise BadDataset(path, f"cannot parse list field {value[:40]!r}") from None


def load_novel(folder: Path) -> PdncNovel:
    text_path, quotes_path, chars_path = (
        folder / n for n in ("novel_text.txt", "quotation_info.csv", "character_info.csv")
    )
    for p in (text_path, quotes_path, chars_path):
        if not p.is_file():
            raise BadDataset(folder, f"missing {p.name}: not a PDNC novel folder")
    novel = PdncNovel(name=folder.name, text=text_path.read_text(encoding="utf-8"), path=folder)
    with chars_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            novel.characters.append(
                GoldCharacter(
                    id=row["Character ID"],
                    name=row["Main Name"].strip(),
                    aliases={a.strip() for a in _literal(row["Aliases"], chars_path)}
                    | {row["Main Name"].strip()},
                    gender=row.get("Gender", "X"),
                    category=row.get("Category", ""),
                )
            )
    with quotes_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ref = row.get("referringExpression", "")
            novel.quotes.append(
                GoldQuote(
                    id=row["quoteID"],
                    spans=[tuple(s) for s in _literal(row["quoteByteSpans"], quotes_path)],
                    speaker=row["speaker"].strip(),
                    addressees=[a.strip() for a in _literal(row["addressees"], quotes_path)],
                    type=row["quoteType"].strip().lower(),
                    referring_expression=None if ref in ("", "nan") else ref,
                )
            )
    return novel


def novel_folders(root: Path) -> list[Path]:
    """The novel folders under `root` (or `root` itself when it is one novel), sorted."""
    root = Path(root)
    if (root / "quotation_info.csv").is_file():
        return [root]
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "quotation_info.csv").is_file())
    if not folders:
        raise BadDataset(root, "no PDNC novel folders (novel_text.txt + quotation_info.csv) here")
    return folders


_GENDER = {"F": "female", "M": "male"}
_DETERMINERS = {"the", "a", "an", "his", "her", "my", "your", "our", "their"}
_NOT_NAMES = set(PERSONAL_PRONOUNS)


# ---- building the work ------------------------------------------------------------------------------


def work_for_novel(novel: PdncNovel) -> Work:
    """The novel as ficlens segments it; offsets equal novel_text.txt's."""
    text = novel.text
    work = Work(
        source=Source(path=str(novel.path / "novel_text.txt"), format="text", sha256=""),
        metadata=Metadata(title=novel.name),
        text=text,
        chapters=[Chapter(0, None, 0, len(text))],
    )
    return segment(work)


def _narrator_mark(alias: str) -> bool:
    return alias.strip("_").lower() == "narr"


def gold_cast(work: Work, novel: PdncNovel) -> None:
    """PDNC's character list as the cast: each unambiguous alias found in the text is a name mention."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in novel.characters:
        for a in c.aliases:
            if len(a) > 1 and a.lower() not in _NOT_NAMES and not _narrator_mark(a):
                owners[a].add(c.id)
    alias_owner = {a: next(iter(ids)) for a, ids in owners.items() if len(ids) == 1}
    for a, cid in _surname_aliases(novel.characters).items():
        if a not in owners:
            alias_owner[a] = cid
    # PDNC marks a first-person narrator with an alias "Narr" (The Sign of the Four) or "_narr" (The Gambler).
    work.characters = [
        Character(
            id=f"C{c.id}",
            name=c.name,
            aliases=sorted(a for a in c.aliases if not _narrator_mark(a)),
            gender=_GENDER.get(c.gender),
            narrator=any(map(_narrator_mark, c.aliases)),
        )
        for c in novel.characters
    ]
    work.mentions = []
    provide(work, "characters", "mentions")
    if not alias_owner:
        return
    # PDNC title-cases aliases ("The King Of Hearts"), so match without case, but keep a match only when
    # it is capitalised or opens with a determiner ("the King", "the cook"): "five" is not "Five".
    by_lower = {" ".join(a.lower().split()): cid for a, cid in alias_owner.items()}
    alternatives = (r"\s+".join(map(re.escape, a.split())) for a in sorted(by_lower, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)
    for m in pattern.finditer(work.text):
        found = m.group()
        if found[0].isupper() or found.split(maxsplit=1)[0].lower() in _DETERMINERS:
            key = " ".join(found.lower().split())
            work.mentions.append(Mention(m.start(), m.end(), found, f"C{by_lower[key]}", "name"))
    _fill_unknown_genders(work)
    from ficlens.cast import pronoun_mentions

    work.mentions = sorted(work.mentions + pronoun_mentions(work), key=lambda m: m.start)


def _surname_aliases(characters: list[GoldCharacter]) -> dict[str, str]:
    """Names PDNC's alias lists often leave out but the text uses: "Rodney" and "Mr. Rodney" for William
    Rodney. A bare surname goes to its one bearer (or its one man, as a bare surname names the man of a
    family); a titled surname to the one bearer of the title's gender."""
    bearers: dict[str, list[GoldCharacter]] = defaultdict(list)
    for c in characters:
        surnames = {a.split()[-1] for a in [c.name, *c.aliases] if len(a.split()) >= 2}
        for s in surnames:
            if s[:1].isupper() and s.isalpha() and s.lower() not in _NOT_NAMES:
                bearers[s].append(c)
    out: dict[str, str] = {}
    for s, cs in bearers.items():
        men = [c for c in cs if _gold_gender(c) == "male"]
        if len(cs) == 1 or len(men) == 1:
            out[s] = (cs[0] if len(cs) == 1 else men[0]).id
        for gender, titles in (("male", ("Mr.", "Mr")), ("female", ("Miss", "Mrs.", "Mrs"))):
            same = [c for c in cs if _gold_gender(c) == gender]
            if len(same) == 1:
                out.update({f"{t} {s}": same[0].id for t in titles})
    return out


def _gold_gender(c: GoldCharacter) -> str | None:
    if c.gender in _GENDER:
        return _GENDER[c.gender]
    words = {w.strip(".").lower() for a in [c.name, *c.aliases] for w in a.split()}
    found = [g for g, titles in _TITLES.items() if words & set(titles)]
    return found[0] if len(found) == 1 else None


# Words in a gold character's names that tell the gender: kin words as well as titles, as PDNC's names use
# them. Not the cast's TITLES on purpose: this list decides the gold genders the evaluation scores against.
_TITLES = {
    "male": (
        "mr",
        "sir",
        "lord",
        "king",
        "father",
        "uncle",
        "brother",
        "colonel",
        "captain",
        "dr",
        "rev",
        "mister",
        "monsieur",
        "signor",
        "herr",
        "prince",
        "duke",
        "count",
    ),
    "female": (
        "mrs",
        "miss",
        "lady",
        "queen",
        "mother",
        "aunt",
        "sister",
        "madame",
        "madam",
        "mme",
        "mlle",
        "signora",
        "duchess",
        "princess",
        "countess",
        "ms",
    ),
}
_GENDERED = [p for p in MALE_PRONOUNS + FEMALE_PRONOUNS if p not in REFLEXIVE_PRONOUNS]
_NEXT_PRONOUN = re.compile(r"\b(" + "|".join(_GENDERED) + r")\b")


def _fill_unknown_genders(work: Work) -> None:
    """PDNC leaves many genders un-annotated: read them off titles, else the pronouns after the name."""
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for m in work.mentions:
        p = _NEXT_PRONOUN.search(work.text, m.end, m.end + 60)
        if p:
            votes[m.character][PRONOUN_GENDER[p.group(1)] == "female"] += 1
    for c in work.characters:
        if c.gender:
            continue
        words = {w.strip(".").lower() for a in [c.name, *c.aliases] for w in a.split()}
        for gender, titles in _TITLES.items():
            if words & set(titles):
                c.gender = gender
        male, female = votes.get(c.id, (0, 0))
        if not c.gender and male + female >= 3 and max(male, female) >= 2 * min(male, female):
            c.gender = "male" if male > female else "female"


def gold_units(novel: PdncNovel) -> tuple[list[Quote], list[int]]:
    """Every gold sub-quotation as a Quote, in text order, with the index of the quotation it belongs to."""
    units = sorted((s, e, qi) for qi, q in enumerate(novel.quotes) for s, e in q.spans if e > s)
    quotes = [Quote(id=f"Q{i}", start=s, end=e, text=novel.text[s:e]) for i, (s, e, _) in enumerate(units, 1)]
    return quotes, [qi for _, _, qi in units]


def prepare(novel: PdncNovel, *, gold_quotes: bool, gold_cast_: bool) -> tuple[Work, list[int] | None]:
    """The work with quotes (gold units or detected) and a cast (gold or ficlens's own)."""
    work = work_for_novel(novel)
    owners = None
    if gold_quotes:
        work.quotes, owners = gold_units(novel)
        provide(work, "quotes", "speaker_labels")
    else:
        work = find_quotes(work)
    if gold_cast_:
        gold_cast(work, novel)
    else:
        from ficlens.cast import build_cast

        work = build_cast(work)
    return work, owners


# ---- aligning ficlens's characters with PDNC's ------------------------------------------------------


def map_characters(pred: list[Character], gold: list[GoldCharacter]) -> dict[str, str]:
    """One-to-one predicted character id -> gold main name: main names first, then alias overlap."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    gold_by_name = {normalise_name(g.name): g for g in gold}
    for c in pred:
        g = gold_by_name.get(normalise_name(c.name))
        if g and g.name not in taken:
            out[c.id] = g.name
            taken.add(g.name)
    gold_sets = [(g, {normalise_name(a) for a in g.aliases}) for g in gold]
    pairs = []
    for c in pred:
        if c.id in out:
            continue
        names = {normalise_name(a) for a in [c.name, *c.aliases]}
        for g, aliases in gold_sets:
            ov = len(names & aliases)
            if ov:
                pairs.append((ov, c.quotes, c.mentions, c.id, g.name))
    for _, _, _, cid, gname in sorted(pairs, key=lambda x: (-x[0], -x[1], -x[2])):
        if cid not in out and gname not in taken:
            out[cid] = gname
            taken.add(gname)
    return out


def gold_speaker_name(novel: PdncNovel, name: str) -> str:
    """PDNC's speaker field, as one of its characters' main names when it is an alias."""
    for c in novel.characters:
        if normalise_name(c.name) == normalise_name(name):
            return c.name
    for c in novel.characters:
        if normalise_name(name) in {normalise_name(a) for a in c.aliases}:
            return c.name
    return name
