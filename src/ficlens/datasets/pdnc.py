"""Loading a PDNC-format folder: one sub-folder per novel with novel_text.txt, quotation_info.csv and
character_info.csv. Spans are character offsets into novel_text.txt; list fields are Python literals."""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import BadDataset


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
    text_path, quotes_path, chars_path = (folder / n for n in
                                          ("novel_text.txt", "quotation_info.csv", "character_info.csv"))
    for p in (text_path, quotes_path, chars_path):
        if not p.is_file():
            raise BadDataset(folder, f"missing {p.name}: not a PDNC novel folder")
    novel = PdncNovel(name=folder.name, text=text_path.read_text(encoding="utf-8"), path=folder)
    with chars_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            novel.characters.append(GoldCharacter(
                id=row["Character ID"], name=row["Main Name"].strip(),
                aliases={a.strip() for a in _literal(row["Aliases"], chars_path)} | {row["Main Name"].strip()},
                gender=row.get("Gender", "X"), category=row.get("Category", "")))
    with quotes_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ref = row.get("referringExpression", "")
            novel.quotes.append(GoldQuote(
                id=row["quoteID"], spans=[tuple(s) for s in _literal(row["quoteByteSpans"], quotes_path)],
                speaker=row["speaker"].strip(), addressees=[a.strip() for a in _literal(row["addressees"], quotes_path)],
                type=row["quoteType"].strip().lower(), referring_expression=None if ref in ("", "nan") else ref))
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
