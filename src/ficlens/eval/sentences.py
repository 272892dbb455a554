"""Score the sentence splitter: boundary precision, recall and F1, and speed, on UD English EWT and LitBank.

    ficlens eval sentences [--ud DIR] [--litbank DIR] [--splitter ficlens|pysbd]

UD EWT (CoNLL-U): each document is rebuilt from its ``# text`` lines, sentences of a ``# newpar`` paragraph
joined by one space, paragraphs by a blank line. Only boundaries *inside* paragraphs are scored: paragraph
ends are given to the splitter, so counting them would flatter it. LitBank (``entities/tsv``, one token a
line, sentences split by blank lines) has no paragraphs: each novel excerpt is detokenised into one block,
and every boundary but the first is scored. A boundary is right when a predicted sentence starts exactly
where a gold one does.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import BadDataset
from ficlens.lexicon import CLOSING_QUOTES, OPENING_QUOTES
from ficlens.model import Paragraph
from ficlens.segment.sentences import split_sentences


@dataclass
class Doc:
    text: str
    paragraphs: list[Paragraph]
    gold_starts: set[int]  # sentence starts that are not paragraph starts


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    words: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        speed = self.words / self.seconds if self.seconds else float("inf")
        return (
            f"{name}: boundaries P {p:.3f} R {r:.3f} F1 {f:.3f} "
            f"(gold {self.tp + self.fn}, predicted {self.tp + self.fp}); "
            f"{self.words:,} words in {self.seconds * 1000:.0f} ms = {speed:,.0f} words/s"
        )


# ---------------------------------------------------------------------------------------------- UD


def ud_docs(path: Path) -> Iterator[Doc]:
    """Documents of a CoNLL-U file, by ``# newdoc``, with paragraphs by ``# newpar``."""
    paragraphs: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and paragraphs:
            yield build_doc(paragraphs)
            paragraphs = []
        if line.startswith("# newpar") or (line.startswith("# newdoc") and not paragraphs):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line[len("# text = ") :].strip())
    if paragraphs:
        yield build_doc(paragraphs)


def build_doc(paragraphs: list[list[str]]) -> Doc:
    parts: list[str] = []
    spans: list[Paragraph] = []
    gold: set[int] = set()
    pos = 0
    for sentences in (p for p in paragraphs if p):
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        for k, sentence in enumerate(sentences):
            if k:
                parts.append(" ")
                pos += 1
                gold.add(pos)
            parts.append(sentence)
            pos += len(sentence)
        spans.append(Paragraph(start, pos))
    return Doc("".join(parts), spans, gold)


# ------------------------------------------------------------------------------------------ LitBank

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'S|n't|'ll|'re|'ve|'d|'m|’s|'|’)$")
_NO_SPACE_AFTER = {"(", "[", "{", *OPENING_QUOTES}


def litbank_docs(folder: Path) -> Iterator[Doc]:
    for path in sorted(folder.glob("*.tsv")):
        sentences: list[list[str]] = [[]]
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if sentences[-1]:
                    sentences.append([])
                continue
            sentences[-1].append(line.split("\t", 1)[0])
        yield detokenise([s for s in sentences if s])


def detokenise(sentences: list[list[str]]) -> Doc:
    """Tokens back to prose: no space before closing punctuation, straight double quotes paired open/close."""
    out: list[str] = []
    gold: set[int] = set()
    pos, quote_open, glue = 0, False, True
    for k, tokens in enumerate(sentences):
        for n, token in enumerate(tokens):
            closing = token == '"' and quote_open
            space = (
                not glue and not _NO_SPACE_BEFORE.match(token) and not closing and token not in CLOSING_QUOTES
            )
            if space:
                out.append(" ")
                pos += 1
            if n == 0 and k:
                gold.add(pos)
            out.append(token)
            pos += len(token)
            if token == '"':
                quote_open = not quote_open
            glue = token in _NO_SPACE_AFTER or (token == '"' and quote_open)
    text = "".join(out)
    return Doc(text, [Paragraph(0, len(text))], gold)


# ---------------------------------------------------------------------------------------------- run


def ficlens_starts(doc: Doc) -> set[int]:
    return {s.start for s in split_sentences(doc.text, doc.paragraphs)}


def pysbd_starts(doc: Doc) -> set[int]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    starts = set()
    for p in doc.paragraphs:
        for span in segmenter.segment(doc.text[p.start : p.end]):
            offset = len(span.sent) - len(span.sent.lstrip())
            starts.add(p.start + span.start + offset)
    return starts


SPLITTERS: dict[str, Callable[[Doc], set[int]]] = {"ficlens": ficlens_starts, "pysbd": pysbd_starts}


def score(docs: list[Doc], splitter: Callable[[Doc], set[int]]) -> Score:
    result = Score()
    for doc in docs:
        paragraph_starts = {p.start for p in doc.paragraphs}
        began = time.perf_counter()
        predicted = splitter(doc) - paragraph_starts
        result.seconds += time.perf_counter() - began
        result.tp += len(predicted & doc.gold_starts)
        result.fp += len(predicted - doc.gold_starts)
        result.fn += len(doc.gold_starts - predicted)
        result.words += len(doc.text.split())
    return result


def run(ud: Path, ud_split: str, litbank: Path, splitter: str) -> list[str]:
    """One line of scores per data set found (UD EWT `ud_split`, LitBank); BadDataset when neither is."""
    split = SPLITTERS[splitter]
    ud_file = ud / f"en_ewt-ud-{ud_split}.conllu"
    litbank_tsv = litbank / "entities" / "tsv"
    lines = []
    if ud_file.is_file():
        lines.append(score(list(ud_docs(ud_file)), split).line(f"{splitter} on UD EWT {ud_split}"))
    if litbank_tsv.is_dir():
        lines.append(score(list(litbank_docs(litbank_tsv)), split).line(f"{splitter} on LitBank"))
    if not lines:
        raise BadDataset(None, f"neither {ud_file} nor {litbank_tsv} is here")
    return lines
