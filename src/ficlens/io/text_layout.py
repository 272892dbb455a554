"""The layout of a plain text: AO3 landmarks, the metadata they carry, and the chapters' spans.

Two shapes of text reach here:
- AO3 scrapes, recognised by the ``Work Text:`` / ``Chapter Text`` landmarks AO3 puts before every body.
  Each body runs from its landmark to the next landmark or chapter heading; what lies between bodies is
  preface (work metadata, summary, notes), chapter heading and notes, or end notes.
- Plain stories: an optional title (and ``by`` line, tag lines) on top, then chapters split at heading lines
  ("Chapter 1", "Chapter One: Title", "CHAPTER I.", "Prologue", Roman numerals or numbers on their own line).

Chapter spans start at the first visible character of the story and end after its last one, so landmark
lines, headings and notes never fall inside a chapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.model import Chapter, Metadata, Series

# ---------------------------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-space character (or of the line, when blank)
    end: int  # offset after the last non-space character
    s: str  # the stripped line

    @property
    def blank(self) -> bool:
        return not self.s


def split_lines(text: str) -> list[Line]:
    out = []
    pos = 0
    raws = text.split("\n")
    if raws and raws[-1] == "" and len(raws) > 1:
        raws.pop()  # the empty remainder after a final newline is no line
    for raw in raws:
        stripped = raw.strip()
        if not stripped:
            out.append(Line(pos, pos, ""))
        else:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


# ------------------------------------------------------------------------------------------ landmarks

BODY = "body"
NOTES = "notes"
END_NOTES = "end_notes"
SUMMARY = "summary"
NOISE = "noise"
HEADER = "header"  # the start of AO3's preface: what comes before it is site navigation

_LANDMARKS = {
    "work text": BODY, "chapter text": BODY,
    "notes": NOTES, "chapter notes": NOTES, "author's notes": NOTES, "author's note": NOTES,
    "end notes": END_NOTES, "chapter end notes": NOTES,
    "summary": SUMMARY, "chapter summary": SUMMARY,
    "work header": HEADER, "preface": HEADER, "afterword": NOISE, "chapter management": NOISE,
    "actions": NOISE,
}
_SEE_END = re.compile(r"^\(?\s*see the end of the (?:chapter|work) for (?:more )?notes\.?\s*\)?\.?$", re.IGNORECASE)
_AFTERWORD = re.compile(r"^please drop by the archive and comment to let the creator know", re.IGNORECASE)


_MAX_LANDMARK = 90
# One match rejects nearly every line; the dictionary and the two patterns then name the landmark.
_LANDMARK_START = re.compile(r"(?:work|chapter|notes|author|end|summary|preface|afterword|actions|\(?\s*see|please)",
                             re.IGNORECASE)


def landmark(s: str) -> str | None:
    """The kind of AO3 landmark this stripped line is, or None."""
    if len(s) > _MAX_LANDMARK or not _LANDMARK_START.match(s):
        return None
    if _SEE_END.match(s) or _AFTERWORD.match(s):
        return NOISE
    return _LANDMARKS.get(s.rstrip(":").strip().lower())


# ------------------------------------------------------------------------------------- metadata keys

_LIST_FIELDS = {
    "archive warning": "warnings", "archive warnings": "warnings", "category": "categories",
    "categories": "categories", "fandom": "fandoms", "fandoms": "fandoms", "relationship": "relationships",
    "relationships": "relationships", "character": "characters", "characters": "characters",
    "additional tags": "freeforms", "freeform": "freeforms", "freeforms": "freeforms",
}
_TEXT_FIELDS = {"rating": "rating", "ratings": "rating", "language": "language", "series": "series",
                "title": "title", "author": "authors", "authors": "authors",
                "collections": None, "collection": None, "stats": None}
_STAT_FIELDS = {"published": "published", "updated": "updated", "completed": "completed", "words": "words",
                "chapters": "chapters", "comments": "comments", "kudos": "kudos", "bookmarks": "bookmarks",
                "hits": "hits"}
_KEY = re.compile(r"^([A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(.*)$")


def meta_key(s: str) -> tuple[str, str] | None:
    """(key, inline value) when the stripped line is an AO3 tag/stat line such as ``Rating: Mature``."""
    m = _KEY.match(s)
    if not m:
        return None
    key = m.group(1).strip().lower()
    if key in _LIST_FIELDS or key in _TEXT_FIELDS or key in _STAT_FIELDS:
        return key, m.group(2).strip()
    return None


# ------------------------------------------------------------------------------------------ headings

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = (rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNITS}))?"
                 rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
                 rf"|{_UNITS}|hundred)")
# A title after a colon, dash or period may be anything; after a bare space it must look like a title
# (capitalised, short, no sentence punctuation), or "Part 2 of the plan went wrong." would be a heading.
_BARE_TITLE = r"(?-i:[A-Z\"“‘'(])[^.!?,;]{0,60}"


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
    for a, b in zip(values, values[1:] + [0]):
        total += -a if a < b else a
    return total


_MAX_TITLE_WORDS = 12


def is_next_line_title(lines: list[Line], i: int) -> bool:
    """A short line on its own (a blank after it) that does not read like the start of prose."""
    s = lines[i].s
    after = lines[i + 1] if i + 1 < len(lines) else None
    return ((after is None or after.blank) and len(s) <= _MAX_HEADING and len(s.split()) <= _MAX_TITLE_WORDS
            and s[-1] not in ",;:" and not s[0].islower())


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
        return Heading(i, "bare", title, int(bare) if bare.isdigit() else roman_value(bare), skip)
    if m.group("special"):
        return Heading(i, "special", title or m.group("special").title(), None, skip)
    kind = "part" if m.group("kw").lower() in ("part", "book") else "chapter"
    num = m.group("num")
    number = int(num) if num.isdigit() else roman_value(num)
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


# --------------------------------------------------------------------------------------- the layout


def layout(text: str) -> tuple[Metadata, list[Chapter]]:
    lines = split_lines(text)
    metadata = Metadata()
    bodies = [i for i, line in enumerate(lines) if landmark(line.s) == BODY]
    if bodies:
        chapters = ao3_chapters(text, lines, bodies, metadata)
    else:
        chapters = plain_chapters(text, lines, metadata)
    return metadata, chapters


def content_span(lines: list[Line], lo: int, hi: int) -> tuple[int, int] | None:
    """[start, end) from the first to the last non-blank line of lines[lo:hi]."""
    first = next((i for i in range(lo, hi) if not lines[i].blank), None)
    if first is None:
        return None
    last = next(i for i in range(hi - 1, lo - 1, -1) if not lines[i].blank)
    return lines[first].start, lines[last].end


def section_text(text: str, lines: list[Line], lo: int, hi: int) -> str | None:
    span = content_span(lines, lo, hi)
    return text[span[0]:span[1]] if span else None


def ao3_chapters(text: str, lines: list[Line], bodies: list[int], metadata: Metadata) -> list[Chapter]:
    chapters: list[Chapter] = []
    region_start = 0
    for k, body in enumerate(bodies):
        end = body_end(lines, body + 1)
        headings = [h for i in range(region_start, body) if (h := match_heading(lines, i))]
        heading = headings[-1] if headings else None
        if k == 0:
            start = preface_start(lines, 0, body)
            read_byline_before(lines, start, metadata)
            read_preface(text, lines, start, heading.line if heading else body, metadata)
        elif heading is not None and chapters:
            add_end_notes(text, lines, region_start, heading.line, chapters[-1], metadata)
        notes_from = heading.line + heading.skip if heading else (region_start if k else body)
        chapter = Chapter(index=k + 1, title=heading.title if heading else None, start=0, end=0)
        read_chapter_notes(text, lines, notes_from, body, chapter)
        span = content_span(lines, body + 1, end) or (lines[body].end, lines[body].end)
        chapter.start, chapter.end = span
        chapters.append(chapter)
        region_start = end
    add_end_notes(text, lines, region_start, len(lines), chapters[-1], metadata)
    if len(chapters) == 1 and metadata.end_notes is None:
        metadata.end_notes = chapters[0].end_notes
    return chapters


def body_end(lines: list[Line], lo: int, hi: int | None = None, *, headings: bool = True) -> int:
    """The line where a body that starts at lo stops: the next landmark, or (with `headings`) the next
    chapter heading that AO3 follows with a landmark; an author's own "II" or "Chapter 2" line inside the
    story is story."""
    hi = len(lines) if hi is None else hi
    for i in range(lo, hi):
        if lines[i].blank:
            continue
        if landmark(lines[i].s) or (headings and is_ao3_heading(lines, i)):
            return i
    return hi


def is_ao3_heading(lines: list[Line], i: int) -> bool:
    heading = match_heading(lines, i)
    if heading is None:
        return False
    after = next((j for j in range(i + heading.skip, len(lines)) if not lines[j].blank), None)
    return after is not None and landmark(lines[after].s) in (BODY, NOTES, SUMMARY)


def sections(lines: list[Line], lo: int, hi: int) -> list[tuple[str | None, int, int]]:
    """lines[lo:hi] cut at landmarks: (landmark kind or None for the lines before any, start, end)."""
    out: list[tuple[str | None, int, int]] = []
    kind, start = None, lo
    for i in range(lo, hi):
        found = landmark(lines[i].s)
        if found:
            out.append((kind, start, i))
            kind, start = found, i + 1
    out.append((kind, start, hi))
    return out


def read_chapter_notes(text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter) -> None:
    for kind, a, b in sections(lines, lo, hi):
        value = section_text(text, lines, a, b)
        if kind == SUMMARY:
            chapter.summary = value
        elif kind in (NOTES, END_NOTES):
            chapter.notes = join(chapter.notes, value)


def add_end_notes(text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter, metadata: Metadata) -> None:
    for kind, a, b in sections(lines, lo, hi):
        value = section_text(text, lines, a, b)
        if kind == NOTES:
            chapter.end_notes = join(chapter.end_notes, value)
        elif kind == END_NOTES:
            metadata.end_notes = join(metadata.end_notes, value)


def join(a: str | None, b: str | None) -> str | None:
    return "\n\n".join(x for x in (a, b) if x) or None


# ------------------------------------------------------------------------------------------ preface


def preface_start(lines: list[Line], lo: int, hi: int) -> int:
    """After the first ``Work Header``/``Preface`` landmark in lines[lo:hi] (site navigation comes before)."""
    return next((i + 1 for i in range(lo, hi) if landmark(lines[i].s) == HEADER), lo)


def read_byline_before(lines: list[Line], header: int, metadata: Metadata) -> None:
    """A title and ``by`` line just above ``Work Header`` (what comes before that is otherwise navigation)."""
    above = [line.s for line in lines[:max(header - 1, 0)] if not line.blank][-3:]
    by = next((i for i, s in enumerate(above) if re.match(r"^by\b", s, re.IGNORECASE)), None)
    if by is not None:
        read_title_and_byline(above[max(by - 1, 0):], metadata)


_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")


def read_preface(text: str, lines: list[Line], lo: int, hi: int, metadata: Metadata) -> None:
    """Work metadata from an AO3 preface: tag and stat lines, title and byline, summary and notes, the URL."""
    if lo < hi and (url := _WORK_URL.search(text, lines[lo].start, lines[hi - 1].end)):
        metadata.url, metadata.work_id = f"https://archiveofourown.org/works/{url.group(1)}", url.group(1)
    for kind, a, b in sections(lines, lo, hi):
        if kind in (NOISE, HEADER):
            continue
        if kind == SUMMARY:
            metadata.summary = join(metadata.summary, section_text(text, lines, a, b))
        elif kind in (NOTES, END_NOTES):
            metadata.notes = join(metadata.notes, section_text(text, lines, a, b))
        else:
            read_tags([line.s for line in lines[a:b] if not line.blank], metadata)


def read_tags(values: list[str], metadata: Metadata) -> None:
    """Key lines (``Rating: Mature`` or ``Rating:`` then values) and free lines (title, ``by`` author)."""
    key: str | None = None
    collected: dict[str, list[str]] = {}
    free: list[str] = []
    for s in join_split_keys(values):
        found = meta_key(s)
        if found:
            key, inline = found
            collected.setdefault(key, [])
            if inline:
                collected[key].append(inline)
            if key in _STAT_FIELDS and inline:
                key = None
            continue
        if s == ":" or s.startswith(":") and key is None:
            continue
        if key is not None and not (key in _STAT_FIELDS and collected[key]):
            collected[key].append(s)
            if key in _STAT_FIELDS:
                key = None
            continue
        key = None
        free.append(s)
    apply_tags(collected, metadata)
    read_title_and_byline(free, metadata)


_STATS_ON_ONE_LINE = re.compile(
    r"\s+(?=(?:Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):)")


def join_split_keys(values: list[str]) -> list[str]:
    """One key a line: scrapes put all stats on one line, or a key and its colon on two (``Archive Warning`` / ``:``)."""
    out: list[str] = []
    for s in (part for value in values for part in _STATS_ON_ONE_LINE.split(value)):
        if s.startswith(":") and out and meta_key(out[-1] + ":") and not meta_key(out[-1]):
            out[-1] = out[-1] + s
        else:
            out.append(s)
    return out


def read_title_and_byline(free: list[str], metadata: Metadata) -> None:
    rest = [s for s in free if not s.lower().startswith(("posted originally on", "http"))]
    for i, s in enumerate(rest):
        by = re.match(r"^by\s*(.*)$", s, re.IGNORECASE)
        if by:
            author = by.group(1).strip() or (rest[i + 1] if i + 1 < len(rest) else "")
            if author and not metadata.authors:
                metadata.authors = [a.strip() for a in re.split(r",| and ", author) if a.strip()]
        elif metadata.title is None and len(s) <= 200:
            metadata.title = s


def split_tags(parts: list[str]) -> list[str]:
    return [t.strip() for part in parts for t in part.split(",") if t.strip()]


def apply_tags(collected: dict[str, list[str]], metadata: Metadata) -> None:
    stats = {}
    for key, parts in collected.items():
        if key in _LIST_FIELDS:
            getattr(metadata, _LIST_FIELDS[key]).extend(split_tags(parts))
        elif key in _STAT_FIELDS and parts:
            stats[_STAT_FIELDS[key]] = parts[0]
        elif key == "series":
            metadata.series.extend(parse_series(parts))
        elif key in ("author", "authors") and parts and not metadata.authors:
            metadata.authors = split_tags(parts)
        elif key == "title" and parts and metadata.title is None:
            metadata.title = " ".join(parts)
        elif _TEXT_FIELDS.get(key) and parts:
            setattr(metadata, _TEXT_FIELDS[key], ", ".join(split_tags(parts)))
    for stat in ("published", "updated", "completed"):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stats.get(stat, "")):
            setattr(metadata, stat, stats[stat])
    for stat in ("words", "comments", "kudos", "bookmarks", "hits"):
        number = stats.get(stat, "").replace(",", "")
        if number.isdigit():
            setattr(metadata, stat, int(number))
    posted = re.fullmatch(r"(\d+)\s*/\s*(\d+|\?)", stats.get("chapters", ""))
    if posted:
        metadata.chapters_posted = int(posted.group(1))
        metadata.chapters_total = int(posted.group(2)) if posted.group(2).isdigit() else None


def parse_series(parts: list[str]) -> list[Series]:
    joined = " ".join(p for p in parts if "Previous Work" not in p and "Next Work" not in p)
    return [Series(name=m.group(2).strip(), position=int(m.group(1)))
            for m in re.finditer(r"Part\s+(\d+)\s+of\s+(.+?)(?=\s+Part\s+\d+\s+of\s+|$)", joined)]


# --------------------------------------------------------------------------------------- plain text

_TERMINAL = set(".,;:!?…—–-\"”’'")
_QUOTES = set("\"“”‘’'«»")


def is_title_line(s: str) -> bool:
    words = s.split()
    return (0 < len(words) <= 15 and len(s) <= 100 and s[-1] not in _TERMINAL and s[0] not in _QUOTES
            and (s[0].isupper() or s[0].isdigit()) and meta_key(s) is None and landmark(s) is None)


def plain_chapters(text: str, lines: list[Line], metadata: Metadata) -> list[Chapter]:
    headings = find_headings(lines, 0, len(lines))
    if headings and any(landmark(x.s) or meta_key(x.s) for x in lines[:headings[0].line]):
        # An AO3 download saved as text: everything before the first chapter is its preface.
        read_preface(text, lines, preface_start(lines, 0, headings[0].line), headings[0].line, metadata)
        story = headings[0].line
    else:
        story = read_plain_header(text, lines, metadata)
        headings = [h for h in headings if h.line >= story]
    cuts = [(story, None)] + [(h.line + h.skip, h) for h in headings]
    chapters: list[Chapter] = []
    for (lo, heading), nxt in zip(cuts, [h.line for h in headings] + [len(lines)]):
        chapter = Chapter(index=len(chapters) + 1, title=heading.title if heading else None, start=0, end=0)
        lo = read_leading_notes(text, lines, lo, nxt, chapter)
        end = body_end(lines, lo, nxt, headings=False)
        span = content_span(lines, lo, end)
        if span is None:
            continue
        chapter.start, chapter.end = span
        add_end_notes(text, lines, end, nxt, chapter, metadata)
        chapters.append(chapter)
    if not chapters:
        span = content_span(lines, 0, len(lines)) or (0, 0)
        chapters.append(Chapter(index=1, title=None, start=span[0], end=span[1]))
    return chapters


_MAX_NOTE_BLOCKS = 12


def read_leading_notes(text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter) -> int:
    """``Chapter Notes``/``Chapter Summary`` at the top of a chapter with no ``Chapter Text`` landmark to end
    them: a note runs to a "See the end of the chapter for more notes" line when one follows soon, else it is
    one block. Returns the line the story starts at."""
    while True:
        first = next((i for i in range(lo, hi) if not lines[i].blank), None)
        kind = landmark(lines[first].s) if first is not None else None
        if kind not in (NOTES, SUMMARY):
            return lo
        following = blocks(lines, first + 1, hi)[:_MAX_NOTE_BLOCKS]
        see_end = next((k for k, (a, _) in enumerate(following) if _SEE_END.match(lines[a].s)), None)
        taken = following[:see_end] if see_end is not None else following[:1]
        stop = following[see_end][1] if see_end is not None else (taken[-1][1] if taken else first + 1)
        value = section_text(text, lines, first + 1, taken[-1][1]) if taken else None
        if kind == SUMMARY:
            chapter.summary = value
        else:
            chapter.notes = join(chapter.notes, value)
        lo = stop


def blocks(lines: list[Line], lo: int, hi: int | None = None) -> list[tuple[int, int]]:
    """Runs of non-blank lines from lo on, as (first, after-last) line indices."""
    hi = len(lines) if hi is None else hi
    out, i = [], lo
    while i < hi:
        if lines[i].blank:
            i += 1
            continue
        j = i
        while j < hi and not lines[j].blank:
            j += 1
        out.append((i, j))
        i = j
    return out


_GUTENBERG = re.compile(r"^The Project Gutenberg e-?book,? of (.+?),? by (.+)$", re.IGNORECASE)


def read_plain_header(text: str, lines: list[Line], metadata: Metadata) -> int:
    """Title, byline, tag lines, summary and notes on top of a plain story; returns the line the story starts at."""
    story = 0
    expect: str | None = None  # "summary" / "notes": the next block is their value
    all_blocks = blocks(lines, 0)
    for n, (a, b) in enumerate(all_blocks):
        first = lines[a].s
        if expect:
            setattr(metadata, expect, section_text(text, lines, a, b))
            expect, story = None, b
            continue
        kind = landmark(first)
        if kind in (SUMMARY, NOTES) and b - a == 1:
            expect, story = kind, b
            continue
        if kind in (NOISE, HEADER):
            story = b
            continue
        if meta_key(first):
            read_tags([x.s for x in lines[a:b]], metadata)
            story = b
            continue
        if n == 0 and b - a == 1 and is_title_line(first) and match_heading(lines, a) is None and len(all_blocks) > 1:
            gutenberg = _GUTENBERG.match(first)
            metadata.title = gutenberg.group(1) if gutenberg else first
            if gutenberg:
                metadata.authors = [gutenberg.group(2)]
            story = b
            continue
        by = re.match(r"^by\s+(\S.{0,60})$", first, re.IGNORECASE)
        if by and b - a == 1 and metadata.title and not metadata.authors:
            metadata.authors = [by.group(1).strip()]
            story = b
            continue
        break
    return story
