"""`Metadata.partial`: a saved source that holds fewer chapters than the work has posted is marked as a part,
on every AO3 form; a finished one-shot, a whole work in progress and a text without AO3's counts are whole."""

from __future__ import annotations

import json

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, SEED, need

import ficlens
from ficlens.io import holds_part
from ficlens.model import Chapter, Metadata, Work


@pytest.mark.parametrize(
    "name",
    ["17793689-ch1-of-wip", "17793689-ch2-of-wip", "29046888-7ch-series", "41214669-two-series"],
)
def test_a_page_of_one_chapter_of_several_is_partial(name):
    work = ficlens.read(need(AO3_PAGES / f"{name}.html"))
    assert len(work.chapters) == 1 < work.metadata.chapters_posted
    assert work.metadata.partial is True


def test_a_work_in_progress_with_every_posted_chapter_is_whole():
    work = ficlens.read(need(AO3_PAGES / "20907563-tagwall-10ch.html"))
    assert work.metadata.chapters_total is None  # AO3 shows "10/?"
    assert len(work.chapters) == work.metadata.chapters_posted == 10
    assert work.metadata.partial is False


@pytest.mark.parametrize(
    "path",
    [
        AO3_PAGES / "23009290-oneshot.html",
        AO3_DOWNLOADS / "23009290-oneshot.html",
        AO3_DOWNLOADS / "23009290-oneshot.epub",
        AO3_DOWNLOADS / "334557-series-8ch.epub",
        SEED,
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_whole_works_are_not_partial(path):
    assert ficlens.read(need(path)).metadata.partial is False


def test_partial_is_in_the_json_and_read_back():
    work = ficlens.read(need(AO3_PAGES / "17793689-ch1-of-wip.html"))
    record = json.loads(work.to_json(nlp=False))
    assert record["metadata"]["partial"] is True
    assert Work.from_json(work.to_json(nlp=False)).metadata.partial is True


def test_holds_part_compares_the_chapters_present_with_those_posted():
    chapters = [Chapter(i, None, 0, 0) for i in (1, 2)]
    assert holds_part(Metadata(chapters_posted=3, chapters_total=None), chapters)
    assert not holds_part(Metadata(chapters_posted=2, chapters_total=None), chapters)
    assert not holds_part(Metadata(), chapters)  # no AO3 counts: nothing says there is more
