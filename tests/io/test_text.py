"""The plain-text reader: sniffing, decoding, AO3 landmarks and metadata, chapter headings."""

from __future__ import annotations

import codecs
import re

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252, to make real mojibake)
import pytest
from paths import SEED, need

import ficlens
from ficlens.data import example_path
from ficlens.errors import CorruptFile, UnsupportedFormat
from ficlens.io import text as text_reader
from ficlens.io.text_layout import layout
from ficlens.pipeline import read_bytes

# The paths tests/conftest.py names (../shared from the repo root), spelled out here: another conftest module
# under tests/ shadows `from conftest import ...` when the whole suite is collected.


DIALOGUE = "“Forehead,” Ino says, “let’s go out.” She isn’t sure — café, naïve… ‘fine’."

LANDMARKS = (
    "Work Header",
    "Work Text:",
    "Chapter Text",
    "Summary:",
    "Notes:",
    "Rating:",
    "Archive Warning:",
    "End Notes",
    "See the end of the chapter",
)


def read_text(data: bytes) -> ficlens.Work:
    return read_bytes(data, name="made-up.txt")


# ------------------------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    "data", [DIALOGUE.encode(), DIALOGUE.encode("cp1252"), codecs.BOM_UTF16_LE + DIALOGUE.encode("utf-16-le")]
)
def test_sniff_accepts_text(data):
    assert text_reader.sniff(data)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)),
        b"%PDF-1.4\n\x00\x01\x02\x03",
        bytes(range(1, 32)) * 20,
        b'<?xml version="1.0"?>\n<data>1</data>',
        b"{\\rtf1\\ansi Hello}",
    ],
)
def test_sniff_rejects_binary(data):
    assert not text_reader.sniff(data)


# ------------------------------------------------------------------------------------------- decoding


def test_utf8_bom_is_stripped_and_text_kept():
    work = read_text(codecs.BOM_UTF8 + DIALOGUE.encode())
    assert work.text == DIALOGUE


def test_cp1252_keeps_curly_quotes():
    work = read_text(DIALOGUE.encode("cp1252"))
    assert work.text == DIALOGUE
    assert "“" in work.text and "’" in work.text


def test_cyrillic_code_page_is_not_read_as_cp1252():
    russian = "«Привет», — сказала она. Он улыбнулся и ответил: «Здравствуй». Они пошли домой.\n" * 3
    assert read_text(russian.encode("cp1251")).text == russian


def test_utf16_with_bom():
    assert read_text(codecs.BOM_UTF16_LE + DIALOGUE.encode("utf-16-le")).text == DIALOGUE


def test_mojibake_is_repaired_and_quotes_stay_curly():
    broken = DIALOGUE.encode("utf-8").decode("sloppy-windows-1252")
    assert broken != DIALOGUE
    assert read_text(broken.encode("utf-8")).text == DIALOGUE


def test_clean_text_is_never_touched():
    # Straight quotes, HTML entities, CRLF, ligatures and full-width forms would all be "fixed" by ftfy's defaults.
    raw = 'He said "no" &amp; left.\r\n\r\nThe ﬁnal ＡＢＣ — “fine.”\r\n'  # noqa: RUF001 (full-width on purpose)
    work = read_text(raw.encode())
    assert work.text == raw


def test_markup_no_reader_takes_is_an_unsupported_format(tmp_path):
    path = tmp_path / "data.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<data>1</data>')
    with pytest.raises(UnsupportedFormat):
        ficlens.read(path)


def test_undecodable_utf16_is_corrupt():
    with pytest.raises(CorruptFile):
        text_reader.parse(codecs.BOM_UTF16_LE + b"\x00\xd8a", "broken.txt")


# --------------------------------------------------------------------------------------------- seed


@pytest.fixture(scope="module")
def seed():
    return ficlens.read(need(SEED))


def test_seed_text_is_the_file(seed):
    assert seed.text == SEED.read_text(encoding="utf-8")
    assert seed.source.format == "text"


def test_seed_is_one_chapter_starting_after_the_landmarks(seed):
    assert len(seed.chapters) == 1
    chapter = seed.chapters[0]
    body = seed.text[chapter.start : chapter.end]
    assert body.startswith("Dreaming reminds her of falling.")
    assert body.endswith("It almost feels like a dream.")
    for mark in LANDMARKS:
        assert mark not in body


def test_seed_word_count_is_the_story_text(seed):
    story = seed.text.split("Work Text:", 1)[1]
    # AO3's rule, written out independently of ficlens.words.
    story = story.replace("--", "—")
    story = re.sub(r"['’‘-]", "", story)
    assert seed.stats.words == len(re.findall(r"\w+", story))


# ------------------------------------------------------------------------------------- plain stories


def test_example_has_title_and_two_chapters():
    work = ficlens.read(example_path())
    assert work.metadata.title == "The Lighthouse Keeper's Apprentice"
    assert [c.title for c in work.chapters] == ["Salt", "Fog"]
    first, second = (work.text[c.start : c.end] for c in work.chapters)
    assert first.startswith("Marisol Vega arrived") and "Chapter 2" not in first
    assert second.startswith("By December") and second.endswith("out and back.")


def test_story_without_headings_is_one_chapter_and_first_sentence_is_no_title():
    text = "Dreaming reminds her of falling.\n\nShe wakes.\n\nShe sleeps again.\n"
    metadata, chapters = layout(text)
    assert metadata.title is None
    assert [(c.start, c.end) for c in chapters] == [(0, len(text) - 1)]


# ------------------------------------------------------------------------------------- AO3 scrapes

AO3_SCRAPE = """The Long Way Home
by quietwriter

Work Header

Posted originally on the Archive of Our Own at https://archiveofourown.org/works/123456.

Rating:
Teen And Up Audiences
Archive Warning:
No Archive Warnings Apply
Fandom:
Original Work
Relationships:
Anna/Beth, Anna & Carl
Characters:
Anna, Beth
Carl
Additional Tags:
Fluff, Road Trips
Language:
English
Series:
Part 2 of Roads
Stats:
Published: 2020-01-02 Updated: 2020-03-04 Words: 1,234 Chapters: 2/? Kudos: 56 Hits: 7,890

Summary:

Anna drives. Beth navigates.

Notes:

Thanks to my beta.

Chapter 1: Departure

Chapter Notes

Short one.

Chapter Text

Anna started the car. “Ready?”

Beth nodded.

Notes:

More soon.

Chapter 2: Arrival

Chapter Text

They arrived at dawn.

End Notes

Thank you for reading!
"""


def test_ao3_scrape_metadata():
    metadata, _ = layout(AO3_SCRAPE)
    assert metadata.title == "The Long Way Home"
    assert metadata.authors == ["quietwriter"]
    assert metadata.rating == "Teen And Up Audiences"
    assert metadata.warnings == ["No Archive Warnings Apply"]
    assert metadata.fandoms == ["Original Work"]
    assert metadata.relationships == ["Anna/Beth", "Anna & Carl"]
    assert metadata.characters == ["Anna", "Beth", "Carl"]
    assert metadata.freeforms == ["Fluff", "Road Trips"]
    assert metadata.language == "English"
    assert [(s.name, s.position) for s in metadata.series] == [("Roads", 2)]
    assert (metadata.published, metadata.updated, metadata.words) == ("2020-01-02", "2020-03-04", 1234)
    assert (metadata.chapters_posted, metadata.chapters_total, metadata.kudos, metadata.hits) == (
        2,
        None,
        56,
        7890,
    )
    assert metadata.summary == "Anna drives. Beth navigates."
    assert metadata.notes == "Thanks to my beta."
    assert metadata.end_notes == "Thank you for reading!"
    assert (metadata.work_id, metadata.url) == ("123456", "https://archiveofourown.org/works/123456")


def test_ao3_scrape_chapters_exclude_landmarks_and_notes():
    _, chapters = layout(AO3_SCRAPE)
    bodies = [AO3_SCRAPE[c.start : c.end] for c in chapters]
    assert bodies == ["Anna started the car. “Ready?”\n\nBeth nodded.", "They arrived at dawn."]
    assert [c.title for c in chapters] == ["Departure", "Arrival"]
    assert chapters[0].notes == "Short one."
    assert chapters[0].end_notes == "More soon."


def test_ao3_scrape_keeps_an_authors_own_section_numbers_in_the_story():
    text = (
        "Work Header\n\nWork Text:\n\nI\n\nIt began.\n\nII\n\nIt went on.\n\nChapter 2\n\nStill the story.\n\n"
        "Notes:\n\nThanks.\n"
    )
    _, chapters = layout(text)
    assert [text[c.start : c.end] for c in chapters] == [text[text.index("I\n") : text.index("\n\nNotes:")]]


def test_ao3_scrape_through_the_pipeline_keeps_offsets():
    work = read_text(AO3_SCRAPE.encode())
    assert work.text == AO3_SCRAPE
    assert len(work.scenes) == 2
    assert work.stats.words == len(
        ["Anna", "started", "the", "car", "Ready", "Beth", "nodded", "They", "arrived", "at", "dawn"]
    )


AO3_DOWNLOAD_AS_TEXT = """Preface

The Long Way Home

Rating: General Audiences
Fandom: Original Work

Chapter 1: Departure

Chapter Notes

Short one.

See the end of the chapter for more notes

Anna started the car.

Beth nodded.

Notes:

More soon.

Chapter 2: Arrival

Chapter Summary

They get there.

They arrived at dawn.

Afterword

End Notes

Thank you for reading!
"""


def test_ao3_download_saved_as_text_without_chapter_text_landmarks():
    metadata, chapters = layout(AO3_DOWNLOAD_AS_TEXT)
    assert metadata.title == "The Long Way Home" and metadata.fandoms == ["Original Work"]
    bodies = [AO3_DOWNLOAD_AS_TEXT[c.start : c.end] for c in chapters]
    assert bodies == ["Anna started the car.\n\nBeth nodded.", "They arrived at dawn."]
    assert (chapters[0].notes, chapters[0].end_notes) == ("Short one.", "More soon.")
    assert chapters[1].summary == "They get there."
    assert metadata.end_notes == "Thank you for reading!"


def test_scrape_figures_with_superscript_digits_are_left_out_not_a_crash():
    # str.isdigit() accepts '¹', which int() refuses: the scrape's figures are checked with isdecimal().
    from ficlens.io.text_metadata import apply_tags
    from ficlens.model import Metadata

    metadata = Metadata()
    apply_tags({"words": ["1¹,193"], "hits": ["²"], "kudos": ["1,204"]}, metadata)
    assert (metadata.words, metadata.hits, metadata.kudos) == (None, None, 1204)
