"""`ficlens eval litbank`: quotation detection and speaker accuracy on LitBank's quotation annotations.

LitBank ships tokenised text (one sentence a line). The work's text is rebuilt from the tokens, with a
paragraph break between sentences except while a quotation is open, so that offsets map back to tokens.
The cast is LitBank's gold coreference (PER entities; proper, nominal and pronoun mentions), which is what
the speaker ids (ATTRIB) refer to; the speaker model is the shipped one, trained on PDNC only, so every
LitBank figure is out of sample. Matching and scoring are PDNC's (`ficlens.eval.pdnc`): one-to-one by
half-overlap; unmatched gold quotations are wrong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import BadDataset
from ficlens.eval.pdnc import NovelScore, Tally, match_spans
from ficlens.lexicon import (
    CURLY_DOUBLE,
    CURLY_SINGLE,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    OPENING_QUOTES,
    RIGHT_SINGLE,
    STRAIGHT_DOUBLE,
    STRAIGHT_QUOTES,
    STRAIGHT_SINGLE,
)
from ficlens.model import Chapter, Character, Mention, Metadata, Quote, Source, Work
from ficlens.quotes import find_quotes
from ficlens.segment import segment
from ficlens.speakers.attribution import attribute_quotes, default_model

DEFAULT_ROOT = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "litbank"
# LitBank's quotation-mark tokens: the marks, and the tokenizer's `` and '' for a straight double mark
_DOUBLE_TOKENS = (*STRAIGHT_DOUBLE + CURLY_DOUBLE, "``", "''")
_SINGLE_TOKENS = tuple(STRAIGHT_SINGLE + CURLY_SINGLE)
_OPENING_TOKENS = (*OPENING_QUOTES, "``")
_MARKS = {*_DOUBLE_TOKENS, *_SINGLE_TOKENS}
_KINDS = {"PROP": "name", "NOM": "nominal", "PRON": "pronoun"}
_FEMALE = set(FEMALE_PRONOUNS)
_MALE = set(MALE_PRONOUNS)


@dataclass
class LitbankDoc:
    name: str
    work: Work
    token_spans: list[list[tuple[int, int]]]  # [sentence][token] -> char span
    gold: list[tuple[int, int, str | None]]  # quote char span (marks excluded) and speaker entity


def _build_text(sentences: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Tokens joined by spaces, quote marks re-attached to the words they enclose (so they read as
    opening and closing marks, not apostrophes), and a blank line between sentences unless a quotation
    is still open."""
    parts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    open_mark: dict[str, bool] = {"double": False, "single": False}
    glue = True
    for k, tokens in enumerate(sentences):
        if k:
            sep = " " if open_mark["double"] or open_mark["single"] else "\n\n"
            parts.append(sep)
            pos += len(sep)
            glue = True
        row = []
        for tok in tokens:
            family = "double" if tok in _DOUBLE_TOKENS else "single" if tok in _SINGLE_TOKENS else None
            opening = closing = False
            if family:
                opening = tok in _OPENING_TOKENS or (tok in tuple(STRAIGHT_QUOTES) and not open_mark[family])
                closing = not opening and (tok != RIGHT_SINGLE or open_mark[family])
                if opening or closing:
                    open_mark[family] = opening
            if not glue and not closing:
                parts.append(" ")
                pos += 1
            row.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            glue = opening
        spans.append(row)
    return "".join(parts), spans


def _rows(path: Path) -> list[list[str]]:
    return [
        line.rstrip("\n").split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def load_doc(root: Path, name: str) -> LitbankDoc:
    qdir = root / "quotations" / "tsv"
    txt, ann, coref = qdir / f"{name}.txt", qdir / f"{name}.ann", root / "coref" / "tsv" / f"{name}.ann"
    for p in (txt, ann, coref):
        if not p.is_file():
            raise BadDataset(p, "missing LitBank file")
    sentences = [line.split(" ") for line in txt.read_text(encoding="utf-8").split("\n")]
    text, tok = _build_text(sentences)
    work = Work(
        source=Source(path=str(txt), format="text", sha256=""),
        metadata=Metadata(title=name),
        text=text,
        chapters=[Chapter(0, None, 0, len(text))],
    )
    work = segment(work)

    def char_span(s1: int, t1: int, s2: int, t2: int) -> tuple[int, int]:
        return tok[s1][t1][0], tok[s2][t2][1]

    speakers = {r[1]: r[2] for r in _rows(ann) if r[0] == "ATTRIB"}
    gold = []
    for r in _rows(ann):
        if r[0] != "QUOTE":
            continue
        s1, t1, s2, t2 = map(int, r[2:6])
        # Drop the quote-mark tokens at either end: ficlens's spans exclude the marks.
        while (s1, t1) < (s2, t2) and sentences[s1][t1] in _MARKS:
            t1 += 1
            if t1 >= len(sentences[s1]):
                s1, t1 = s1 + 1, 0
        while (s2, t2) > (s1, t1) and sentences[s2][t2] in _MARKS:
            t2 -= 1
            if t2 < 0:
                s2 -= 1
                t2 = len(sentences[s2]) - 1
        gold.append((*char_span(s1, t1, s2, t2), speakers.get(r[1])))
    _gold_cast(work, coref, tok)
    return LitbankDoc(name, work, tok, sorted(gold))


def _gold_cast(work: Work, coref: Path, tok: list[list[tuple[int, int]]]) -> None:
    """LitBank's PER coreference chains as the cast; gender from the pronouns each chain holds."""
    rows = _rows(coref)
    entity = {r[1]: r[2] for r in rows if r[0] == "COREF"}
    names: dict[str, Counter] = defaultdict(Counter)
    pronouns: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r[0] != "MENTION" or r[7] != "PER" or r[1] not in entity:
            continue
        s1, t1, s2, t2 = map(int, r[2:6])
        ent, kind = entity[r[1]], _KINDS.get(r[8], "nominal")
        start, end = tok[s1][t1][0], tok[s2][t2][1]
        work.mentions.append(Mention(start, end, work.text[start:end], ent, kind))
        if kind == "name":
            names[ent][r[6]] += 1
        elif kind == "pronoun":
            pronouns[ent][r[6].lower()] += 1
    work.mentions.sort(key=lambda m: m.start)
    for ent in sorted({m.character for m in work.mentions}):
        p = pronouns[ent]
        fem, masc = sum(p[w] for w in _FEMALE), sum(p[w] for w in _MALE)
        gender = "female" if fem > masc else "male" if masc > fem else None
        name = names[ent].most_common(1)[0][0] if names[ent] else ent.rsplit("-", 1)[0].replace("_", " ")
        work.characters.append(
            Character(
                id=ent,
                name=name,
                aliases=sorted(names[ent]),
                gender=gender,
                narrator=p["i"] + p["me"] + p["my"] >= 3,
            )
        )


def split_ids(root: Path, split: str) -> list[str]:
    if split == "all":
        return sorted(p.stem for p in (root / "quotations" / "tsv").glob("*.ann"))
    ids = root / "splits" / "ner" / f"{split}.ids"
    if not ids.is_file():
        raise BadDataset(ids, f"no LitBank split {split!r} here")
    return [line.strip().removesuffix(".tsv") for line in ids.read_text().splitlines() if line.strip()]


def score_doc(doc: LitbankDoc, quotes: list[Quote]) -> NovelScore:
    matched = match_spans([(q.start, q.end) for q in quotes], [(s, e) for s, e, _ in doc.gold])
    score = NovelScore(
        doc.name, gold_units=len(doc.gold), pred_quotes=len(quotes), matched_units=len(matched)
    )
    t = score.by_type["all"]
    for g, (_, _, speaker) in enumerate(doc.gold):
        t.quotes += 1
        if g in matched and speaker is not None and quotes[matched[g]].speaker == speaker:
            t.speaker += 1
    return score


@dataclass
class LitbankReport:
    docs: list[NovelScore]
    mode: str


def evaluate(root: Path, *, split: str = "test", gold_quotes: bool = False) -> LitbankReport:
    root = Path(root)
    if not (root / "quotations" / "tsv").is_dir():
        raise BadDataset(root, "not a LitBank folder (no quotations/tsv)")
    scores = []
    for name in split_ids(root, split):
        doc = load_doc(root, name)
        work = doc.work
        if gold_quotes:
            work.quotes = [
                Quote(id=f"Q{i}", start=s, end=e, text=work.text[s:e])
                for i, (s, e, _) in enumerate(doc.gold, 1)
            ]
        else:
            work = find_quotes(work)
        attribute_quotes(work, model=default_model())
        scores.append(score_doc(doc, work.quotes))
    return LitbankReport(
        scores,
        f"{split} split, {'gold' if gold_quotes else 'ficlens'} quotes, gold coref cast, "
        "shipped model (trained on PDNC only)",
    )


def render(report: LitbankReport):
    from rich.table import Table

    table = Table(title=f"LitBank quotations ({report.mode})")
    for col in ("text", "quotes", "det P", "det R", "speaker"):
        table.add_column(col, justify="left" if col == "text" else "right")
    total = NovelScore("overall")
    for d in report.docs:
        total.gold_units += d.gold_units
        total.pred_quotes += d.pred_quotes
        total.matched_units += d.matched_units
        total.by_type["all"].add(d.by_type["all"])
    for d in [*report.docs, total]:
        if d is total:
            table.add_section()
        t: Tally = d.by_type["all"]
        table.add_row(
            d.name,
            str(t.quotes),
            f"{d.matched_units / max(1, d.pred_quotes):.1%}",
            f"{d.matched_units / max(1, d.gold_units):.1%}",
            f"{t.speaker_acc:.1%}",
            style="bold" if d is total else None,
        )
    return table
