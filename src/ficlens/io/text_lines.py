"""Lines of a plain text and the AO3 landmarks among them (``Work Text:``, ``Notes:``, ``Summary:`` …).

Shared by the text reader's layout, heading and metadata modules: a `Line` is one line by its visible text,
and `sections` cuts a run of lines at landmarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    "work text": BODY,
    "chapter text": BODY,
    "notes": NOTES,
    "chapter notes": NOTES,
    "author's notes": NOTES,
    "author's note": NOTES,
    "end notes": END_NOTES,
    "chapter end notes": NOTES,
    "summary": SUMMARY,
    "chapter summary": SUMMARY,
    "work header": HEADER,
    "preface": HEADER,
    "afterword": NOISE,
    "chapter management": NOISE,
    "actions": NOISE,
}
SEE_END = re.compile(
    r"^\(?\s*see the end of the (?:chapter|work) for (?:more )?notes\.?\s*\)?\.?$", re.IGNORECASE
)
_AFTERWORD = re.compile(r"^please drop by the archive and comment to let the creator know", re.IGNORECASE)


_MAX_LANDMARK = 90
# One match rejects nearly every line; the dictionary and the two patterns then name the landmark.
_LANDMARK_START = re.compile(
    r"(?:work|chapter|notes|author|end|summary|preface|afterword|actions|\(?\s*see|please)", re.IGNORECASE
)


def landmark(s: str) -> str | None:
    """The kind of AO3 landmark this stripped line is, or None."""
    if len(s) > _MAX_LANDMARK or not _LANDMARK_START.match(s):
        return None
    if SEE_END.match(s) or _AFTERWORD.match(s):
        return NOISE
    return _LANDMARKS.get(s.rstrip(":").strip().lower())


# ------------------------------------------------------------------------------------------- sections


def content_span(lines: list[Line], lo: int, hi: int) -> tuple[int, int] | None:
    """[start, end) from the first to the last non-blank line of lines[lo:hi]."""
    first = next((i for i in range(lo, hi) if not lines[i].blank), None)
    if first is None:
        return None
    last = next(i for i in range(hi - 1, lo - 1, -1) if not lines[i].blank)
    return lines[first].start, lines[last].end


def section_text(text: str, lines: list[Line], lo: int, hi: int) -> str | None:
    span = content_span(lines, lo, hi)
    return text[span[0] : span[1]] if span else None


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


def join(a: str | None, b: str | None) -> str | None:
    return "\n\n".join(x for x in (a, b) if x) or None
