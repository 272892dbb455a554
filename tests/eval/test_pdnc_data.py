"""Loading PDNC folders and the name normalisation both PDNC scorers share."""

from __future__ import annotations

import pytest
from paths import PDNC, need

from ficlens.datasets.pdnc import load_novel, normalise_name
from ficlens.errors import BadDataset


def test_normalise_name():
    assert normalise_name("Mr.  Knightley") == normalise_name("mr knightley")
    assert normalise_name("The Hatter") == normalise_name("Hatter")
    assert normalise_name("Mr. Knightley") != normalise_name("Mrs. Knightley")
    assert normalise_name("Theodore") == "theodore"  # a word starting with "the" keeps it


def test_load_novel_reads_aliases_and_quotes():
    novel = load_novel(need(PDNC / "PrideAndPrejudice"))
    (lizzy,) = [c for c in novel.characters if c.name == "Elizabeth"]
    assert {"Lizzy", "Eliza"} <= lizzy.aliases
    assert novel.quotes and all(q.spans for q in novel.quotes)


def test_a_folder_that_is_no_novel_is_a_clear_error(tmp_path):
    with pytest.raises(BadDataset, match="not a PDNC novel folder"):
        load_novel(tmp_path)


@pytest.mark.parametrize(
    ("name", "narrator"), [("TheGambler", "Alexis Ivanovitch"), ("TheSignOfTheFour", "Dr. Watson")]
)
def test_the_gold_cast_marks_the_first_person_narrator_however_pdnc_spells_it(name, narrator):
    """PDNC writes the mark "_narr" in The Gambler and "Narr" in The Sign of the Four."""
    from ficlens.datasets.pdnc import gold_cast, work_for_novel

    novel = load_novel(need(PDNC / name))
    work = work_for_novel(novel)
    gold_cast(work, novel)
    marked = [c for c in work.characters if c.narrator]
    assert [c.name for c in marked] == [narrator]
    assert all("narr" not in a.lower() for a in marked[0].aliases)
