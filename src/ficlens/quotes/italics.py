"""Speech set in italics instead of quote marks: texts, messages, letters read out, as fan fiction writes them.

Only the reader of an HTML-based source knows the italics (`Work.italics`); italics are also emphasis,
titles and thoughts, so a run is speech only when the text says so:
- a speech tag next to it: "*Sorry*, he types", "Lestrade replies, *You'd better be right*";
- the other italic runs of three words or more in a paragraph that holds such a tagged one ("*Sorry*, he
  types. *Have stuff going on at the moment.*");
- a paragraph that is all italics after one that says a message comes ("John sends the first text."), or
  next to a paragraph holding italic speech (an exchange of texts, one message to a paragraph, most of them
  untagged), and so on along the exchange.
A run inside a quotation with marks is emphasis in speech, never a quotation of its own.
"""

from __future__ import annotations

import bisect
import re

from ficlens.lexicon import SPEECH_VERBS_FINITE, alternation
from ficlens.model import Paragraph

# speech verbs, not thought ones: italics are also thoughts ("*Sweetheart?* Honoroit wondered"), nor naming
# ones ("*Chargebolt*, she calls him")
_NOT_SPEECH = {"thought", "thinks", "wondered", "wonders", "reflected", "reflects", "called", "calls"}
_VERB = alternation(SPEECH_VERBS_FINITE - _NOT_SPEECH)
# the sentence before a paragraph of italics that says a message comes: "John sends the first text.",
# "he receives Lestrade's reply.", "At eleven-thirty, Lestrade texts again."
_MESSAGE_COMES = re.compile(
    r"\b(?:texts?|texted|messages?|messaged|repl(?:y|ies|ied)|types|typed|sends|sent|receives|received)\b"
    r"[^.!?]*[.:]\s*$",
    re.IGNORECASE,
)
_MESSAGE_REACH = 120  # characters at the end of the paragraph before read for _MESSAGE_COMES
_SUBJECT = r"(?:[A-Z][\w'’-]*|he|she|they|I|you|we)"
# "*Sorry*, he types" / "*Rejection*, John types back" / "*Who is this?* Lestrade asks."
_TAG_AFTER = re.compile(rf"[,.!?…—–-]*\s*{_SUBJECT}\s+(?:\w+ly\s+)?{_VERB}\b")
# "Lestrade replies, *You'd better be right*" / "and types, *Is there something...*"
_TAG_BEFORE = re.compile(rf"\b{_VERB}(?:\s+\w+){{0,2}}\s*[,:]\s*$")
_TAG_REACH = 60  # characters before a run read for _TAG_BEFORE
# an untagged run beside a tagged one in its paragraph: a sentence, not one stressed word
MIN_WORDS_BESIDE = 3


def italic_quotes(
    text: str, paragraphs: list[Paragraph], italics: list[tuple[int, int]], marked: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The italic runs that are speech (see the module's docstring), as quote spans."""
    marked = sorted(marked)
    runs = [(s, e) for s, e in italics if text[s:e].strip() and not _inside(marked, s, e)]
    if not runs:
        return []
    starts = [p.start for p in paragraphs]
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for s, e in runs:
        by_paragraph.setdefault(max(0, bisect.bisect_right(starts, s) - 1), []).append((s, e))
    speech: set[int] = set()  # paragraphs holding italic speech
    out: list[tuple[int, int]] = []
    for i, held in by_paragraph.items():
        tagged = [r for r in held if _tagged(text, paragraphs[i], *r)]
        if tagged:
            speech.add(i)
            out += [r for r in held if r in tagged or len(text[r[0] : r[1]].split()) >= MIN_WORDS_BESIDE]
    whole = {
        i for i, held in by_paragraph.items() if i not in speech and _all_italic(text, paragraphs[i], held)
    }
    for i in sorted(whole):
        if i > 0 and i - 1 not in by_paragraph and _message_comes(text, paragraphs[i - 1]):
            speech.add(i)
            out += by_paragraph[i]
    todo = list(speech)  # along an exchange of texts, both ways from what is speech already
    while todo:
        i = todo.pop()
        for j in (i - 1, i + 1):
            if j in whole and j not in speech:
                speech.add(j)
                out += by_paragraph[j]
                todo.append(j)
    return sorted(out)


def _message_comes(text: str, before: Paragraph) -> bool:
    return bool(_MESSAGE_COMES.search(text[max(before.start, before.end - _MESSAGE_REACH) : before.end]))


def _inside(marked: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(marked, (start, float("inf"))) - 1
    return k >= 0 and marked[k][0] <= start and end <= marked[k][1]


def _tagged(text: str, paragraph: Paragraph, start: int, end: int) -> bool:
    after = _TAG_AFTER.match(text, end, paragraph.end)
    lead = text[max(paragraph.start, start - _TAG_REACH) : start]
    return bool(after) or bool(_TAG_BEFORE.search(lead))


def _all_italic(text: str, paragraph: Paragraph, held: list[tuple[int, int]]) -> bool:
    """Every letter of the paragraph lies in one of its italic runs."""
    pos = paragraph.start
    for s, e in sorted(held):
        if any(c.isalpha() for c in text[pos:s]):
            return False
        pos = e
    return not any(c.isalpha() for c in text[pos : paragraph.end])
