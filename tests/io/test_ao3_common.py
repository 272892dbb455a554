"""AO3 HTML to paragraphs: line breaks, structural scene breaks by the document's usual gap, and text that
AO3's per-node word count agrees with."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from ficlens.io import ao3_common
from ficlens.io.base import BREAK
from ficlens.words import count_words


def blocks(body: str) -> list:
    """The blocks one `userstuff` element gives, with its own usual gap."""
    node = LexborHTMLParser(f'<div class="userstuff">{body}</div>').css_first("div.userstuff")
    items = ao3_common.collect(node)
    return ao3_common.to_blocks(items, usual=ao3_common.usual_gap([items]))


def prose(n: int, start: int = 0) -> list[str]:
    return [f"<p>Sentence number {i} of the story.</p>" for i in range(start, start + n)]


def test_single_br_is_a_line_inside_the_paragraph():
    assert blocks("<p>Roses are red,<br>\n violets are blue.</p>") == ["Roses are red,\nviolets are blue."]


def test_run_of_br_in_prose_is_a_scene_break():
    body = "".join(prose(6)) + "<p>End of scene.<br><br>Next scene.</p>" + "".join(prose(6, 6))
    out = blocks(body)
    assert out.count(BREAK) == 1
    assert out[out.index(BREAK) - 1 : out.index(BREAK) + 2] == ["End of scene.", BREAK, "Next scene."]


def test_hr_is_always_a_scene_break():
    out = blocks("".join(prose(3)) + "<hr>" + "".join(prose(3, 3)))
    assert out[3] is BREAK and len(out) == 7


def test_blank_paragraph_after_every_paragraph_is_spacing_and_a_longer_gap_a_break():
    spaced = "<p>&nbsp;</p>".join(prose(8))
    more = "<p>&nbsp;</p>".join(prose(8, 8))
    out = blocks(spaced + "<p> </p><p><br></p><p>&nbsp;</p>" + more)
    assert out.count(BREAK) == 1
    assert out.index(BREAK) == 8


def test_symbol_line_marks_the_break_itself():
    body = "".join(prose(6)) + "<p></p><center><p>* * *</p></center>" + "".join(prose(6, 6))
    out = blocks(body)
    assert BREAK not in out
    assert "* * *" in out


def test_dialogue_of_dots_is_not_a_symbol_line():
    assert not ao3_common.SYMBOL_LINE.match('"..."')
    assert ao3_common.SYMBOL_LINE.match("~*~*~")
    assert ao3_common.SYMBOL_LINE.match("xxx")


def test_loose_text_between_blocks_is_a_paragraph():
    assert blocks("<p>One.</p>Loose <em>text</em> here.<p>Two.</p>") == ["One.", "Loose text here.", "Two."]


def test_landmark_heading_is_not_text():
    assert blocks('<h3 class="landmark heading">Chapter Text</h3><p>Story.</p>') == ["Story."]


def test_inline_markup_inside_a_word_keeps_ao3s_split_invisibly():
    [text] = blocks("<p>the 20<sup>th</sup> of <em>un</em>believable don<em>'</em>t</p>")
    assert text == "the 20\u200bth of un\u200bbelievable don'\u200bt"
    assert count_words(text) == 8  # AO3: the, 20, th, of, un, believable, don, t


def test_inline_markup_between_words_adds_nothing():
    [text] = blocks("<p>He is <em>everywhere else</em>. <strong>Truly</strong>.</p>")
    assert text == "He is everywhere else. Truly."


def test_plain_text_separates_paragraphs_with_blank_lines():
    node = LexborHTMLParser("<blockquote><p>First.</p><p>Second<br>line.</p></blockquote>").css_first(
        "blockquote"
    )
    assert ao3_common.plain_text(node) == "First.\n\nSecond\nline."


PIECE = st.text(alphabet="ab1 '’-日.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PIECE, st.sampled_from(["", "em", "sup", "span", "br"])), min_size=1, max_size=8))
def test_word_count_equals_ao3s_count_of_each_text_node(pieces):
    body = "".join(
        html.escape(t) if not tag else "<br>" if tag == "br" else f"<{tag}>{html.escape(t)}</{tag}>"
        for t, tag in pieces
    )
    paragraph = LexborHTMLParser(f"<p>{body}</p>").css_first("p")
    ao3 = sum(
        count_words(n.text_content or "") for n in paragraph.traverse(include_text=True) if n.tag == "-text"
    )
    text = "\n\n".join(b for b in blocks(f"<p>{body}</p>") if b is not BREAK)
    assert count_words(text) == ao3


def italic_runs(body: str) -> list[tuple[str, list[str]]]:
    """Each paragraph of `body` without its marks, and the words of its italic runs."""
    from ficlens.io.base import take_italics

    node = LexborHTMLParser(f'<div class="userstuff">{body}</div>').css_first("div.userstuff")
    out = []
    for item in ao3_common.collect(node, italics=True):
        if isinstance(item, str):
            text, runs = take_italics(item)
            out.append((text, [text[a:b] for a, b in runs]))
    return out


def test_italics_are_marked_on_their_words_and_taken_out_with_their_spans():
    assert italic_runs("<p><em>Sorry</em>, he types. <i> Have stuff going on. </i></p>") == [
        ("Sorry, he types. Have stuff going on.", ["Sorry", "Have stuff going on."])
    ]
    # nested italics count once; an empty one is none
    assert italic_runs("<p>a <em>b <i>c</i> d</em><em> </em> e</p>") == [("a b c d e", ["b c d"])]


def test_an_italic_run_over_a_paragraph_break_is_one_run_in_each_paragraph():
    # "<br><br>" inside <em> ends the paragraph: the run ends with it and opens again with the next words
    assert italic_runs("<p>He takes out his mobile.<br><br><em>Sorry<br><br>Busy</em> now.</p>") == [
        ("He takes out his mobile.", []),
        ("Sorry", ["Sorry"]),
        ("Busy now.", ["Busy"]),
    ]


def test_without_italics_nothing_is_marked():
    node = LexborHTMLParser('<div class="userstuff"><p><em>Sorry</em>, he types.</p></div>').css_first("div")
    assert ao3_common.collect(node) == ["Sorry, he types."]


def test_a_page_that_writes_the_marks_itself_gets_no_italics_from_them():
    # private-use characters in a hostile page are no italics: they stay characters (replaced), not spans
    from ficlens.io.base import ITALIC_CLOSE, ITALIC_OPEN

    page = f"<p>a {ITALIC_OPEN}b{ITALIC_CLOSE} c <em>d</em></p>"
    assert italic_runs(page) == [("a \ufffdb\ufffd c d", ["d"])]
