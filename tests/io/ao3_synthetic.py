"""AO3-download-style HTML for works written for the tests, in the template AO3 renders every download from.

AO3 turns this one HTML document into its PDF, MOBI and AZW3 with calibre's ``ebook-convert``
(`ficlens.eval.formats` runs it with AO3's options), so a work built here goes through the same printing as
a real download. The prose is made from this module's own sentences, shuffled with a fixed seed, so the
files are the same on every run. ``python tests/io/ao3_synthetic.py tests/io/data`` rewrites the HTML files
committed under ``tests/io/data`` and prints each as AO3's PDF, MOBI and AZW3 beside it (committed too, so
that the tests need no calibre); `WORKS` says what each one exercises.
"""

from __future__ import annotations

import html
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.words import count_words

_SENTENCES = [
    "The ferry left the north quay an hour after dawn, as it had every morning that winter.",
    "Mira counted the gulls on the rail and lost track somewhere past thirty.",
    "Nobody on the deck spoke much; the wind took the words before they were finished.",
    "Tobias had brought bread, which was a kindness, and cold tea, which was not.",
    "The island rose out of the fog like something that had been waiting for them.",
    "She had not been back in eleven years, and the harbour wall was shorter than she remembered.",
    "A dog barked twice from the boathouse and then thought better of it.",
    "The lamps along the pier were still lit, pale against the grey.",
    "He folded the map along its old creases and put it inside his coat.",
    "There was salt on everything, on the rope, on the benches, on the backs of their hands.",
    "Somewhere below them the engine coughed, steadied, and kept on.",
    "The captain's daughter took their tickets without looking at their faces.",
    "By the time they tied up, the rain had settled into a fine, patient drizzle.",
    "The path to the cottages was cut into the hill in long, lazy turns.",
    "Mira stopped at the third turn to look back at the water, and Tobias waited for her.",
    "Her grandmother's house had a blue door, or it used to.",
    "The key was under the flat stone where it had always been, rusted but whole.",
    "Inside, the rooms smelled of dust and lavender and something sweeter underneath.",
    "They opened every window, though the rain came in at two of them.",
    "Tobias found the kettle and, after a short argument with the stove, a flame.",
    "The letters were in the bottom drawer of the desk, tied with kitchen string.",
    "Mira did not open them that night; she set them on the table and looked at them instead.",
    "Outside, the tide went out with a long sigh across the shingle.",
    "In the morning the fog had gone, and the whole bay lay bright and flat as a plate.",
    "They walked down to the rocks where the old net sheds stood in a crooked row.",
    "An old man mending a crab pot nodded to them as if they had never been away.",
    "The third shed was locked, and the lock was new.",
    "Tobias knocked on the door, which was foolish, and nobody answered, which was not surprising.",
    "On the way back up the hill it began to rain again, harder this time.",
    "The stove had gone out, and the letters were where she had left them.",
    "She untied the string and read the first one standing up, still in her wet coat.",
    "It was shorter than she had expected, and kinder.",
    "The second letter had been written in pencil and the words had faded at the edges.",
    "Tobias made toast on a fork over the rekindled fire and burned every slice.",
    "They ate it anyway, with the last of the butter, listening to the rain on the slates.",
    "The harbour master's office kept its records in tall green ledgers.",
    "The clerk let them look through them for the price of a pot of tea.",
    "Every boat that had come and gone for forty years was written down in the same neat hand.",
    "Mira ran her finger down the columns until the name she wanted stopped it.",
    "The entry was dated the week her grandmother had stopped writing to anyone at all.",
    "Twelve words in faded ink, and one of them was a name Mira had never heard.",
    "On the last evening the wind dropped and the sea went quiet and glassy.",
    "They carried two chairs down to the end of the garden and watched the lights of the mainland.",
    "Neither of them said anything for a long while, and neither of them minded.",
    "When the ferry came in the morning, Mira put the letters in her bag and locked the blue door behind her.",
]
_SPEECH = [
    ("Are you cold?", "Tobias asked"),
    ("Only my hands,", "Mira said"),
    ("Eleven years,", "the old man said, as if he had been counting"),
    ("We could come back in the summer,", "Tobias said"),
    ("Who was she writing to?", "Mira asked the empty room"),
    ("It's only rain,", "she said, and went out into it"),
    ("The lock is new,", "Tobias said, rattling it"),
    ("Tea first. Questions after,", "the clerk said"),
]
_NOTE_LINES = [
    "Written for a winter exchange; thank you to the organisers for their patience.",
    "Many thanks to my beta, who caught every misplaced comma and most of the misplaced boats.",
    "The island is made up, though the ferry timetable is not far from a real one.",
    "This chapter was difficult to write and I am still not sure about the ending.",
    "Comments are always welcome, even just a single word.",
]


@dataclass
class Chapter:
    title: str | None = None  # None: a bare "Chapter N" heading
    paragraphs: int = 12
    summary: int = 0  # paragraphs of chapter summary, notes and end notes
    notes: int = 0
    end_notes: int = 0
    byline: str | None = None  # a co-creator of this chapter only
    extras: tuple[str, ...] = ()  # "letter", "poem", "centered", "rule", "stars", "lead", "epigraph"


@dataclass
class Work:
    name: str
    title: str
    chapters: list[Chapter]
    summary: int = 1  # paragraphs; 0 for a work without a summary
    notes: int = 0
    end_notes: int = 0
    authors: tuple[str, ...] = ("harbourlight",)
    total: str | None = None  # "10" or "?"; the number of chapters by default
    series: tuple[str, ...] = ()
    tags: int = 6  # additional tags: many wrap over several lines in the printed tag box
    seed: int = 0
    words: int = field(default=0, init=False)


def _prose(rng: random.Random, count: int) -> list[str]:
    """`count` paragraphs of two to six sentences, one in four a line of dialogue."""
    paragraphs = []
    for _ in range(count):
        if rng.random() < 0.25:
            said, tag = rng.choice(_SPEECH)
            paragraphs.append(f"“{said}” {tag}. {rng.choice(_SENTENCES)}")
        else:
            paragraphs.append(" ".join(rng.sample(_SENTENCES, rng.randint(2, 6))))
    return paragraphs


def _notes(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.sample(_NOTE_LINES, rng.randint(1, 3))) for _ in range(count)]


def _blockquote(paragraphs: list[str]) -> str:
    return (
        '<blockquote class="userstuff">'
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</blockquote>"
    )


def _content(rng: random.Random, chapter: Chapter) -> tuple[str, list[str]]:
    """The chapter's story markup and its text, one string per counted piece."""
    parts, texts = [], []
    paragraphs = _prose(rng, chapter.paragraphs)
    if "lead" in chapter.extras:  # a first line that reads like a heading or a label
        paragraphs.insert(0, "Notes")
        paragraphs.insert(1, "Summary of the day: rain.")
    middle = len(paragraphs) // 2
    if "epigraph" in chapter.extras:  # the story opens with a quoted block, right under the chapter's notes
        epigraph = [rng.choice(_SENTENCES)]
        parts.append(_blockquote(epigraph))
        texts.extend(epigraph)
    for i, paragraph in enumerate(paragraphs):
        if i == middle and "rule" in chapter.extras:
            parts.append("<hr />")
        if i == middle and "stars" in chapter.extras:
            parts.append('<p align="center">* * *</p>')
            texts.append("* * *")
        if i == middle and "letter" in chapter.extras:
            letter = _prose(rng, 2)
            parts.append(_blockquote(letter))
            texts.extend(letter)
        if i == middle and "poem" in chapter.extras:
            lines = [s.rstrip(".") for s in rng.sample(_SENTENCES, 4)]
            parts.append("<p>" + "<br />\n".join(html.escape(line) for line in lines) + "</p>")
            texts.extend(lines)
        if "centered" in chapter.extras and i == 0:
            parts.append(f'<p align="center"><em>{html.escape(paragraph)}</em></p>')
        else:
            parts.append(f"<p>{html.escape(paragraph)}</p>")
        texts.append(paragraph)
    return "\n".join(parts), texts


def _dl(label: str, values: list[str]) -> str:
    links = ", ".join(
        f'<a href="https://archiveofourown.org/tags/{i}">{html.escape(v)}</a>' for i, v in enumerate(values)
    )
    return f"<dt>{label}:</dt>\n<dd>{links}</dd>\n"


def _chapter_markup(rng: random.Random, number: int, chapter: Chapter) -> tuple[str, list[str]]:
    heading = f"Chapter {number}" + (f": {html.escape(chapter.title)}" if chapter.title else "")
    meta = [f'<div class="meta group">\n<h2 class="heading">{heading}</h2>']
    if chapter.byline:
        meta.append(
            f'<p class="byline">Chapter by <a rel="author" href="https://archiveofourown.org/users/'
            f'{chapter.byline}">{chapter.byline}</a></p>'
        )
    if chapter.summary:
        meta.append("<p>Chapter Summary</p>\n" + _blockquote(_notes(rng, chapter.summary)))
    if chapter.notes or chapter.end_notes:
        meta.append("<p>Chapter Notes</p>")
        if chapter.notes:
            meta.append(_blockquote(_notes(rng, chapter.notes)))
        if chapter.end_notes:
            more = "more notes" if chapter.notes else "notes"
            meta.append(
                f'<div class="endnote-link">See the end of the chapter for <a href="#endnotes{number}">'
                f"{more}</a></div>"
            )
    meta.append("</div>")
    content, texts = _content(rng, chapter)
    out = (
        "\n".join(meta) + f'\n<!--chapter content-->\n<div class="userstuff">\n{content}\n</div>\n'
        "<!--/chapter content-->\n"
    )
    if chapter.end_notes:
        out += (
            f'<div class="meta" id="endnotes{number}">\n<p>Chapter End Notes</p>\n'
            + _blockquote(_notes(rng, chapter.end_notes))
            + "\n</div>\n"
        )
    return out, texts


def render(work: Work) -> str:
    """The work as AO3's HTML download; sets `work.words` to AO3's count of its chapter text."""
    rng = random.Random(work.seed)
    bodies, words = [], 0
    if len(work.chapters) == 1:
        content, texts = _content(rng, work.chapters[0])
        bodies.append(
            f'<h2 class="toc-heading">{html.escape(work.title)}</h2>\n'
            f'<div class="userstuff">\n{content}\n</div>'
        )
        words = count_words("\n".join(texts))
    else:
        for number, chapter in enumerate(work.chapters, 1):
            markup, texts = _chapter_markup(rng, number, chapter)
            bodies.append(markup)
            words += count_words("\n".join(texts))
    work.words = words
    chapters = len(work.chapters)
    # Tags without commas: a printed tag list cannot tell a comma in a tag from the one between tags.
    tags = [s.split(",")[0].rstrip(".;") for s in rng.sample(_SENTENCES, work.tags)]
    series = ", ".join(
        f'Part {i + 2} of <a href="https://archiveofourown.org/series/{i}">{html.escape(name)}</a>'
        for i, name in enumerate(work.series)
    )
    byline = ", ".join(
        f'<a rel="author" href="https://archiveofourown.org/users/{a}">{a}</a>' for a in work.authors
    )
    preface_notes = ""
    if work.summary:
        preface_notes += (
            "<p>Summary</p>\n" + _blockquote(_notes(rng, 1) + _prose(rng, work.summary - 1)) + "\n"
        )
    if work.notes or work.end_notes:
        preface_notes += "<p>Notes</p>\n"
        if work.notes:
            preface_notes += _blockquote(_notes(rng, work.notes)) + "\n"
        if work.end_notes:
            preface_notes += (
                '<div class="endnote-link">See the end of the work for <a href="#endnotes">'
                f"{'more notes' if work.notes else 'notes'}</a></div>\n"
            )
    end_notes = ""
    if work.end_notes:
        end_notes = (
            '<div class="meta"><div id="endnotes"><p>End Notes</p>\n'
            + _blockquote(_notes(rng, work.end_notes))
            + "</div></div>\n"
        )
    stats = (
        f"Published: 2021-03-04 Completed: 2022-01-09 Words: {words:,} Chapters: "
        f"{chapters}/{work.total or chapters}"
    )
    title = html.escape(work.title)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta charset="utf-8" />
<title>{title} - {work.authors[0]} - Island Stories</title>
<style type="text/css">
p.message {{ text-align: center; }}
.meta h1 {{ font-size: 1.5em; text-align: center; }}
.meta h2 {{ font-size: 1.25em; text-align: center; }}
.meta h2 {{ page-break-before: always; }}
.meta .byline {{ text-align: center; }}
.meta dl.tags {{ border: 1px solid; padding: 1em; }}
.meta dd {{ margin: -1em 0 0 10em; }}
.meta .endnote-link {{ font-size: .8em; }}
#afterword .meta dd {{ margin: 1em 0 0 1em; }}
#chapters {{ font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }}
.userstuff {{ font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }}
.toc-heading {{ display: none; }}
</style>
</head>
<body>
<div id="preface">
<h2 class="toc-heading">Preface</h2>
<p class="message"><b>{title}</b><br />
Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="https://archiveofourown.org/works/{90000 + work.seed}">https://archiveofourown.org/works/{90000 + work.seed}</a>.</p>
<div class="meta">
<dl class="tags">
{_dl("Rating", ["General Audiences"])}{_dl("Archive Warning", ["No Archive Warnings Apply"])}{_dl("Fandom", ["Island Stories"])}{_dl("Characters", ["Mira", "Tobias"])}{_dl("Additional Tags", tags)}<dt>Language:</dt>
<dd>English</dd>
{f"<dt>Series:</dt><dd>{series}</dd>" if series else ""}
<dt>Stats:</dt>
<dd>{stats}</dd>
</dl>
<h1>{title}</h1>
<div class="byline">by {byline}</div>
{preface_notes}</div>
</div>
<div id="chapters" class="userstuff">
{"".join(bodies)}
</div>
<div id="afterword">
<h2 class="toc-heading">Afterword</h2>
{end_notes}<p class="message">Please <a href="https://archiveofourown.org/works/{90000 + work.seed}/comments/new">drop by the Archive and comment</a> to let the creator know if you enjoyed their work!</p>
</div>
</body>
</html>
"""


_TEN_TITLES = [
    "The North Quay",
    "Salt",
    "Blue Door",
    "Letters",
    "The Net Sheds",
    "A New Lock",
    "Rain",
    "Ledgers",
    "Twelve Words",
    "Glass",
]

WORKS = [
    # Ten titled chapters, a summary long enough to run onto a second page, work notes and end notes, and
    # every chapter with its own summary, notes and end notes.
    Work(
        "ten-chapters-notes",
        "The Blue Door",
        seed=1,
        summary=9,
        notes=2,
        end_notes=2,
        series=("Island Stories",),
        tags=14,
        chapters=[
            Chapter(
                title,
                paragraphs=14 + 3 * i,
                summary=1,
                notes=1 + i % 2,
                end_notes=1,
                extras=("rule",) if i % 3 == 0 else ("stars",),
            )
            for i, title in enumerate(_TEN_TITLES)
        ],
    ),
    # No summary and no notes at all; bare "Chapter N" headings; a letter and a poem in the text.
    Work(
        "no-summary",
        "Tide Tables",
        seed=2,
        summary=0,
        chapters=[
            Chapter(None, 20, extras=("letter",)),
            Chapter(None, 25, extras=("poem",)),
            Chapter(None, 18),
        ],
    ),
    # One-word titles, titles that read like story text (one long enough to wrap), a chapter that opens with
    # a "Notes" line in the story, centred openings, a chapter co-creator and a work still in progress.
    Work(
        "odd-titles",
        "Weather",
        seed=3,
        summary=1,
        notes=1,
        authors=("harbourlight", "quaywriter"),
        total="?",
        chapters=[
            Chapter("Fog", 16, extras=("centered",)),
            Chapter(
                "She had not been back in eleven years, and the harbour wall was shorter than she "
                "remembered it being",
                20,
                notes=1,
            ),
            Chapter("Mira.", 15, extras=("lead",)),
            Chapter("and then the rain came", 18, byline="quaywriter", end_notes=1),
            Chapter("Rain", 22, summary=2, extras=("centered", "rule")),
        ],
    ),
    # A very short chapter between very long ones.
    Work(
        "short-and-long",
        "Crossing",
        seed=4,
        summary=2,
        end_notes=1,
        chapters=[Chapter("Outward", 160), Chapter("Midway", 1), Chapter("Home", 140, notes=3, end_notes=2)],
    ),
    # Chapter notes and end notes long enough to run over a page, stories that open with a quoted block
    # right under the notes, a title in Cyrillic and a title with "Chapter" in it.
    Work(
        "long-notes",
        "Марево",
        seed=6,
        summary=1,
        notes=1,
        chapters=[
            Chapter("Марево — Haze", 20, notes=16, extras=("epigraph",)),
            Chapter("A Chapter of Accidents", 14, summary=1, end_notes=14),
            Chapter(None, 10, notes=1, extras=("epigraph", "stars")),
        ],
    ),
    # A one-shot with a summary of several paragraphs, notes and end notes.
    Work(
        "oneshot-notes",
        "Harbour Lights",
        seed=5,
        summary=3,
        notes=2,
        end_notes=1,
        chapters=[Chapter(None, 40, extras=("rule", "letter"))],
    ),
]


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for work in WORKS:
        path = folder / f"{work.name}.html"
        path.write_text(render(work), encoding="utf-8")
        paths.append(path)
    return paths


# Works also printed to MOBI without the stylesheet AO3 adds to its e-books, which changes how KindleGen
# flattens the tags and notes (labels and text boxes become nested blockquotes).
WITHOUT_EBOOK_CSS = ("ten-chapters-notes", "odd-titles")


def print_books(html: Path) -> list[Path]:
    """AO3's PDF, MOBI and AZW3 of `html`, beside it (and ``NAME-no-ebook-css.mobi`` for some)."""
    from ficlens.eval.formats import FORMATS, convert

    books = [convert(html, html.with_suffix(f".{fmt}")) for fmt in FORMATS]
    if html.stem in WITHOUT_EBOOK_CSS:
        books.append(convert(html, html.with_name(f"{html.stem}-no-ebook-css.mobi"), ebook_css=False))
    return books


if __name__ == "__main__":  # pragma: no cover
    for written in write_all(Path(sys.argv[1])):
        print(written, *print_books(written))
