"""Reader: plain text, including AO3 text scrapes (``Work Header`` / ``Work Text:`` / ``Chapter Text``).

`text` is the decoded file exactly as read, so every span lines up with a gold standard on the same file.
Decoding tries a BOM, strict UTF-8, then cp1252, and charset-normalizer's guess only where cp1252 fails or
reads as almost nothing but accented letters (another code page). The one place the text may differ from
the decoded bytes is mojibake repair. The trade-off: when ftfy judges the text *broken* (``“`` written as
``â€œ``), we keep its repair, so `text` is shorter than the decoded file and spans refer to the repaired
text; offsets into unreadable text would serve nobody, and no gold standard is made on mojibake. Every other
ftfy fix that would change length or quotes (quote uncurling, NFC, line-break and HTML-entity fixes,
ligatures, widths, control characters) is off, so a clean file is never touched.

The structure is found by `text_layout` (chapters), with `text_lines` (lines, AO3 landmarks), `text_headings`
(chapter headings) and `text_metadata` (the AO3 preface).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

from ficlens.errors import CorruptFile
from ficlens.io.base import Parsed
from ficlens.io.text_layout import layout

name = "text"

# Only encoding repair: everything else ftfy can do would move offsets or straighten curly quotes.
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

_SNIFF_BYTES = 64 * 1024
_TEXT_CONTROLS = {9, 10, 12, 13, 27}  # tab, newline, form feed, carriage return, escape
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)
# Markup that no reader took (XML, RTF) is not prose: reading its tags as story text would be a silent guess.
_MARKUP = (b"<?xml", b"{\\rtf")


def sniff(data: bytes) -> bool:
    """Text is bytes without NULs (unless UTF-16 with a BOM), with almost no control characters, not markup."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head or head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(_MARKUP):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) * 0.01


def decode(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8/UTF-16 by BOM, strict UTF-8, cp1252, then charset-normalizer; mojibake repaired."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return repair(data[len(bom) :].decode(codec))
            except UnicodeDecodeError:
                raise CorruptFile(
                    path, f"the file starts with a {codec} byte-order mark but is not {codec}"
                ) from None
    try:
        return repair(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or mostly_non_ascii_letters(text):
        # cp1252 decodes almost any bytes; letters that are nearly all accented mean another code page
        # (cp1251 Russian reads as "Ïðèâåò"), the one case where charset-normalizer's guess is better.
        best = charset_normalizer.from_bytes(data).best()
        if best is not None:
            return repair(str(best))
    if text is None:
        raise CorruptFile(path, "the text is in no encoding ficlens can recognise")
    return repair(text)


_NON_ASCII_LETTERS = 0.5


def mostly_non_ascii_letters(text: str) -> bool:
    text = text[:_SNIFF_BYTES]  # a sample is enough, and keeps this cheap on long works
    letters = sum(1 for c in text if c.isalpha())
    ascii_letters = sum(1 for c in text if c.isascii() and c.isalpha())
    return letters > 0 and (letters - ascii_letters) > _NON_ASCII_LETTERS * letters


# UTF-8 read as cp1252/Latin-1 always leaves a lead byte (Â-ô) before a continuation (\x80-\xbf or its
# cp1252 letter). This check costs well under a millisecond; ftfy's own `is_bad` costs ~30 ms on 170 kB.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


def repair(text: str) -> str:
    """Undo mojibake, and only that; text that shows no sign of it is returned as it is."""
    if _MOJIBAKE_HINT.search(text) is None or not is_bad(text):
        return text
    return ftfy.fix_text(text, _REPAIR)


def parse(data: bytes, path: str) -> Parsed:
    text = decode(data, path)
    if not text.strip():
        raise CorruptFile(path, "the text decodes to nothing but whitespace")
    metadata, chapters = layout(text)
    return Parsed(format=name, metadata=metadata, text=text, chapters=chapters)
