"""The library's entry points: a path, bytes or a text in, a typed `Work` out, each step reported as it begins."""

from __future__ import annotations

import dataclasses
import inspect
from functools import cache

import pytest
from paths import AO3_PAGES, SEED, need

import ficlens
from ficlens.errors import EmptyFile, UnreadableFile
from ficlens.model import Relationship


@cache
def seed() -> ficlens.Work:
    return ficlens.analyze(need(SEED))


def speakers(work: ficlens.Work) -> list[tuple[str, str | None]]:
    names = {c.id: c.name for c in work.characters}
    return [(q.text, names.get(q.speaker)) for q in work.quotes]


def test_bytes_and_a_path_give_the_same_work():
    from_bytes = ficlens.analyze(need(SEED).read_bytes(), name="seed.txt")
    assert from_bytes.source.path == "seed.txt" and from_bytes.source.sha256 == seed().source.sha256
    assert speakers(from_bytes) == speakers(seed())
    page = need(AO3_PAGES / "23009290-oneshot.html")
    assert ficlens.read(page.read_bytes()).metadata == ficlens.read(page).metadata


def test_a_text_is_analysed_as_a_text_file_is_with_its_title():
    text = need(SEED).read_text(encoding="utf-8")
    work = ficlens.analyze_text(text, title="Flower Shop")
    assert work.metadata.title == "Flower Shop" and work.source.format == "text"
    assert work.text == seed().text  # the same story, the same offsets
    assert speakers(work) == speakers(seed())
    assert [c.name for c in work.characters] == [c.name for c in seed().characters]


def test_a_short_text():
    work = ficlens.analyze_text("“Hello, Sakura,” said Ino.\n\n“Hi, Ino,” Sakura answered.\n", title="Hi")
    assert speakers(work) == [("Hello, Sakura,", "Ino"), ("Hi, Ino,", "Sakura")]
    assert ficlens.read_text("Ino ran.\n").metadata.title is None


def test_each_step_is_reported_as_it_begins():
    steps = []
    ficlens.analyze_text("“Hello, Sakura,” said Ino.\n", progress=steps.append)
    assert tuple(steps) == ficlens.STEPS == ("read", "quotes", "cast", "speakers", "analysis")


def test_wrong_inputs_say_what_to_use_instead(tmp_path):
    with pytest.raises(UnreadableFile, match="read_text"):
        ficlens.read("“Hello,” said Ino.\n\nShe left.")
    with pytest.raises(TypeError, match="path or bytes"):
        ficlens.analyze(42)
    with pytest.raises(EmptyFile):
        ficlens.read(b"  \n")
    with pytest.raises(EmptyFile):
        ficlens.analyze_text("")
    with pytest.raises(UnreadableFile, match="no such file"):
        ficlens.read(tmp_path / "missing.txt")


def test_the_results_are_typed_fields_with_no_untyped_extra():
    work = seed()
    assert work.relationships and isinstance(work.relationships[0], Relationship)
    assert {"Ino", "Sakura"} == set(work.relationships[0].names)
    for cls in (ficlens.Work, ficlens.Metadata, ficlens.Character, ficlens.Quote):
        assert not [f.name for f in dataclasses.fields(cls) if f.name == "extra" or f.type in ("dict", "Any")]


def test_the_public_api_documents_itself():
    for name in ficlens.__all__:
        obj = getattr(ficlens, name)
        if inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), name
            assert all(
                p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY) or p.kind == p.KEYWORD_ONLY
                for p in inspect.signature(obj).parameters.values()
            )
    assert ficlens.__version__[0].isdigit()
