"""Chapter headings in plain text: "Chapter 1", "Chapter One: Title", "CHAPTER I." over a title line,
"Prologue", and Roman numerals or numbers alone on a line (only as a run 1, 2, 3…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.io.text_lines import Line
from ficlens.lexicon import OPENING_QUOTES, STRAIGHT_QUOTES, escaped_chars

# ------------------------------------------------------------------------------------------ headings

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNITS}))?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rf"|{_UNITS}|hundred)"
)
# A title after a colon, dash or period may be anything; after a bare space it must look like a title
# (capitalised, short, no sentence punctuation), or "Part 2 of the plan went wrong." would be a heading.
_BARE_TITLE = rf"(?-i:[A-Z{escaped_chars(STRAIGHT_QUOTES + OPENING_QUOTES)}(])[^.!?,;]{{0,60}}"


def _title(group: str) -> str:
    return rf"(?:\s*[:.\-–—)]\s*(?P<{group}>.*?)|\s+(?P<{group}_bare>{_BARE_TITLE}))"


_HEADING = re.compile(
    rf"^(?:(?P<kw>chapter|ch\.|part|book)\s*(?P<num>\d{{1,4}}|[ivxlcdm]{{1,8}}|{_NUMBER_WORDS})\b"
    rf"(?:{_title('title')})?"
    rf"|(?P<special>prologue|epilogue|interlude)\b(?:{_title('title2')})?"
    rf"|(?P<bare>\d{{1,3}}|[IVXLC]{{1,8}})\.?)[\s.:]*$",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_MAX_HEADING = 100


@dataclass(frozen=True)
class Heading:
    line: int  # index into lines
    kind: str  # "chapter" | "part" | "special" | "bare"
    title: str | None
    number: int | None
    skip: int = 1  # lines the heading takes (2 when AO3 put ": Title" on the next line)


def roman_value(s: str) -> int | None:
    values = [_ROMAN.get(c) for c in s.lower()]
    if None in values or not values:
        return None
    total = 0
    for a, b in zip(values, [*values[1:], 0], strict=False):
        total += -a if a < b else a
    return total


_MAX_TITLE_WORDS = 12


def is_next_line_title(lines: list[Line], i: int) -> bool:
    """A short line on its own (a blank after it) that does not read like the start of prose."""
    s = lines[i].s
    after = lines[i + 1] if i + 1 < len(lines) else None
    return (
        (after is None or after.blank)
        and len(s) <= _MAX_HEADING
        and len(s.split()) <= _MAX_TITLE_WORDS
        and s[-1] not in ",;:"
        and not s[0].islower()
    )


_MAX_TITLE_LINES = 4


def wrapped_title(lines: list[Line], i: int) -> int:
    """How many lines from i continue a long ``Chapter VI: …`` title wrapped by an e-text (0 if none)."""
    for k in range(i, min(i + _MAX_TITLE_LINES, len(lines))):
        if lines[k].blank:
            return k - i
    return len(lines) - i if len(lines) - i <= _MAX_TITLE_LINES else 0


def capitals_title_below(lines: list[Line], i: int) -> int | None:
    """A short line in capitals, alone, a blank line or two below i: the title of a heading above it."""
    j = i
    while j < len(lines) and lines[j].blank and j - i < 3:
        j += 1
    if j == i or j >= len(lines) or lines[j].blank or not lines[j].s.isupper():
        return None
    return j if is_next_line_title(lines, j) and lines[j].s[-1] not in "." else None


def match_heading(lines: list[Line], i: int) -> Heading | None:
    """A chapter heading on line i: a standalone line (blank or nothing around it)."""
    s = lines[i].s
    if not s or len(s) > _MAX_HEADING or not (i == 0 or lines[i - 1].blank):
        return None
    m = _HEADING.match(s)
    if not m:
        return None
    skip = 1
    title = next((m.group(g) for g in ("title", "title_bare", "title2", "title2_bare") if m.group(g)), "")
    title = title.strip() or None
    below = next((j for j in range(i + 1, min(i + 4, len(lines))) if not lines[j].blank), None)
    if title is None and below is not None and lines[below].s.startswith(":"):
        # AO3 scrapes split "Chapter 1" and ": Title", on the next line or below a blank one
        title, skip = lines[below].s[1:].strip() or None, below - i + 1
    nxt = lines[i + skip] if i + skip < len(lines) else None
    if nxt is not None and not nxt.blank and title is None and is_next_line_title(lines, i + 1):
        title, skip = nxt.s, 2  # "CHAPTER I." over "Down the Rabbit-Hole", as in many e-texts
        nxt = lines[i + 2] if i + 2 < len(lines) else None
    elif nxt is not None and not nxt.blank and m.group("title") and (more := wrapped_title(lines, i + 1)):
        title, skip = f"{title} {' '.join(lines[k].s for k in range(i + 1, i + 1 + more))}", 1 + more
        nxt = lines[i + skip] if i + skip < len(lines) else None
    if nxt is not None and not nxt.blank:
        return None
    if title is None and (below := capitals_title_below(lines, i + skip)):
        title, skip = lines[below].s, below - i + 1  # "II" / blank / "A FAREWELL DINNER"
    if title is not None and title[-1:] in ".,;" and not title.endswith(".."):
        title = title.rstrip(".,;").strip() or None
    if m.group("bare"):
        bare = m.group("bare")
        return Heading(i, "bare", title, int(bare) if bare.isdecimal() else roman_value(bare), skip)
    if m.group("special"):
        return Heading(i, "special", title or m.group("special").title(), None, skip)
    kind = "part" if m.group("kw").lower() in ("part", "book") else "chapter"
    num = m.group("num")
    number = int(num) if num.isdecimal() else roman_value(num)
    return Heading(i, kind, title, number, skip)


def find_headings(lines: list[Line], lo: int, hi: int) -> list[Heading]:
    """Chapter headings in lines[lo:hi]. Bare numerals count only as a run 1, 2, 3…, and they and parts only
    where no line says "Chapter"."""
    found = [h for i in range(lo, hi) if (h := match_heading(lines, i))]
    bare = [h for h in found if h.kind == "bare"]
    if len(bare) < 2 or [h.number for h in bare] != list(range(1, len(bare) + 1)):
        found = [h for h in found if h.kind != "bare"]
    if any(h.kind == "chapter" for h in found):
        # Beside "Chapter" headings, numerals are sections of a chapter and parts group chapters.
        found = [h for h in found if h.kind not in ("part", "bare")]
    return found
