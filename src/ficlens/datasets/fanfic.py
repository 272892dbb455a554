"""The fan-fiction development set: hand annotations of works in ``../shared``, stored as offsets and labels.

Fan authors keep their copyright, so a gold file holds no text of theirs: it names its source (a path under
the shared folder, or beside the gold file for a passage written for the set), and gives each quotation as
``[start, end)`` in the text ficlens reads from that source, with a short hash of the quoted words so that a
change in a reader (a space more or less before a quote) is found and mended, never scored silently against
the wrong words. Characters are listed with the names and nicknames the text calls them by, their gender
and their weight in the story; each quotation has a speaker, addressees and PDNC's type. Built for scoring
only: nothing is ever trained on fan works.

A gold file (``data/fanfic-dev/*.json``)::

    {"format": "ficlens.fanfic-dev/1", "source": "fixtures/ao3/page/23009290-oneshot.html",
     "characters": [{"name": "Haruno Sakura", "aliases": ["Sakura", "Forehead"], "gender": "F",
                     "category": "major"}, ...],
     "quotes": [{"start": 812, "end": 840, "hash": "3f2a9c01", "speaker": "Haruno Sakura",
                 "addressees": ["Yamanaka Ino"], "type": "explicit"}, ...]}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ficlens.datasets.pdnc import GoldCharacter, GoldQuote, PdncNovel
from ficlens.errors import BadDataset

FORMAT = "ficlens.fanfic-dev/1"
GENDERS = ("F", "M", "X", "U")  # female, male, nonbinary, unknown
CATEGORIES = ("major", "intermediate", "minor", "mentioned")
TYPES = ("explicit", "anaphoric", "implicit")
REALIGN_REACH = 2000  # characters either side searched for a quotation a reader change has moved


def quote_hash(text: str) -> str:
    """Eight hex digits of the quoted words: enough to tell a moved span, too little to hold the text."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:8]


@dataclass
class FanficGold:
    novel: PdncNovel  # the annotations in PDNC's shape, so PDNC's scoring reads them
    moved: int = 0  # quotations found again near their stored offsets (the reader's text changed)


def load_gold(path: Path, text: str) -> FanficGold:
    """The gold of `path`, its offsets checked (and mended) against `text`, ficlens's reading of its source."""
    record = _record(path)
    characters = [_character(path, c) for c in record["characters"]]
    names = {c.name for c in characters}
    quotes, moved = [], 0
    for i, q in enumerate(record["quotes"], 1):
        start, end = _locate(path, text, q, i)
        moved += (start, end) != (q["start"], q["end"])
        for who in [q["speaker"], *q["addressees"]]:
            if who not in names:
                raise BadDataset(path, f"quote {i}: {who!r} is not one of the work's characters")
        if q["type"] not in TYPES:
            raise BadDataset(path, f"quote {i}: type {q['type']!r} is not one of {', '.join(TYPES)}")
        quotes.append(
            GoldQuote(f"G{i}", [(start, end)], q["speaker"], list(q["addressees"]), q["type"], None)
        )
    novel = PdncNovel(path.stem, text, path, characters, quotes)
    return FanficGold(novel, moved)


def source_of(path: Path, shared: Path) -> Path:
    """The annotated work: beside the gold file (passages written for the set), else under `shared`."""
    source = _record(path)["source"]
    own = Path(path).parent / source
    return own if own.is_file() else shared / source


def gold_files(root: Path) -> list[Path]:
    files = sorted(Path(root).glob("*.json"))
    if not files:
        raise BadDataset(root, "no fan-fiction gold files (*.json) here")
    return files


def _record(path: Path) -> dict:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadDataset(path, f"not a readable gold file: {exc}") from exc
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise BadDataset(path, f"not a {FORMAT} file")
    return record


def _character(path: Path, c: dict) -> GoldCharacter:
    if c.get("gender") not in GENDERS or c.get("category") not in CATEGORIES:
        raise BadDataset(
            path, f"character {c.get('name')!r}: gender must be one of {GENDERS}, category of {CATEGORIES}"
        )
    return GoldCharacter(c["name"], c["name"], {c["name"], *c.get("aliases", [])}, c["gender"], c["category"])


def _locate(path: Path, text: str, q: dict, number: int) -> tuple[int, int]:
    """The quotation's span in `text`: where it was stored, else the nearest span of the same length and
    hash (a reader change moved it)."""
    start, end = q["start"], q["end"]
    if text[start:end] and quote_hash(text[start:end]) == q["hash"]:
        return start, end
    length = end - start
    for shift in range(1, REALIGN_REACH):
        for s in (start - shift, start + shift):
            if s >= 0 and s + length <= len(text) and quote_hash(text[s : s + length]) == q["hash"]:
                return s, s + length
    raise BadDataset(
        path, f"quote {number} ({start}-{end}) is not in the text ficlens reads now: re-annotate it"
    )


# ---- making a gold file: a draft from ficlens's quotations, and a worksheet to read them in ----------------


def draft(work, source: str) -> dict:
    """A gold file to complete by hand: ficlens's quotation spans (speakers left blank, to be read from the
    text, never taken from ficlens) and its cast's names as a list to correct."""
    return {
        "format": FORMAT,
        "source": source,
        "characters": [
            {"name": c.name, "aliases": sorted(set(c.aliases) - {c.name}), "gender": "U", "category": "minor"}
            for c in work.characters
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "hash": quote_hash(q.text),
                "speaker": "",
                "addressees": [],
                "type": "",
            }
            for q in work.quotes
        ],
    }


def worksheet(work) -> str:
    """The text paragraph by paragraph, each quotation marked ``⟦Q7 … ⟧`` by its index in the draft."""
    starts = {q.start: i for i, q in enumerate(work.quotes, 1)}
    ends = {q.end for q in work.quotes}
    lines = []
    for n, p in enumerate(work.paragraphs, 1):
        out = []
        for pos in range(p.start, p.end):
            if pos in starts:
                out.append(f"⟦Q{starts[pos]} ")
            out.append(work.text[pos])
            if pos + 1 in ends:
                out.append(" ⟧")
        lines.append(f"¶{n} [{p.start}] " + "".join(out))
    return "\n\n".join(lines) + "\n"
