"""The fan-fiction gold format on the seed's real text: offsets checked by hash, moved spans found again,
bad files refused with the file and the problem named."""

from __future__ import annotations

import json

import pytest
from paths import SEED, SHARED, need

import ficlens
from ficlens.datasets.fanfic import FORMAT, draft, load_gold, quote_hash, source_of, worksheet
from ficlens.errors import BadDataset
from ficlens.quotes import find_quotes


@pytest.fixture(scope="module")
def seed():
    return find_quotes(ficlens.read(need(SEED)))


def _gold(tmp_path, seed, **changes):
    first = seed.quotes[0]  # “Forehead,” Ino says
    record = {
        "format": FORMAT,
        "source": str(SEED.relative_to(SHARED)),
        "characters": [
            {"name": "Yamanaka Ino", "aliases": ["Ino", "Ino-pig"], "gender": "F", "category": "major"},
            {"name": "Haruno Sakura", "aliases": ["Sakura", "Forehead"], "gender": "F", "category": "major"},
        ],
        "quotes": [
            {
                "start": first.start,
                "end": first.end,
                "hash": quote_hash(first.text),
                "speaker": "Yamanaka Ino",
                "addressees": ["Haruno Sakura"],
                "type": "explicit",
            }
        ],
    }
    record.update(changes)
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_a_gold_file_loads_in_pdnc_shape(tmp_path, seed):
    path = _gold(tmp_path, seed)
    gold = load_gold(path, seed.text)
    (quote,) = gold.novel.quotes
    assert seed.text[slice(*quote.spans[0])] == "Forehead,"
    assert (quote.speaker, quote.addressees, quote.type) == ("Yamanaka Ino", ["Haruno Sakura"], "explicit")
    assert {"Ino-pig", "Yamanaka Ino"} <= gold.novel.characters[0].aliases
    assert gold.moved == 0 and source_of(path, SHARED) == SEED


def test_a_span_a_reader_change_moved_is_found_again(tmp_path, seed):
    path = _gold(tmp_path, seed)
    shifted = "\n\n" + seed.text  # a reader that now keeps two more characters before the story
    gold = load_gold(path, shifted)
    assert gold.moved == 1
    assert shifted[slice(*gold.novel.quotes[0].spans[0])] == "Forehead,"


def test_a_span_that_is_gone_is_refused_not_scored(tmp_path, seed):
    path = _gold(tmp_path, seed)
    with pytest.raises(BadDataset, match=r"quote 1 .* is not in the text ficlens reads now"):
        load_gold(path, seed.text.replace("Forehead", "Billboard"))


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"format": "other/1"}, "not a ficlens.fanfic-dev/1 file"),
        ({"characters": [{"name": "Ino", "gender": "girl", "category": "major"}]}, "gender must be one of"),
    ],
)
def test_bad_gold_files_are_refused_with_the_problem(tmp_path, seed, changes, problem):
    with pytest.raises(BadDataset, match=problem):
        load_gold(_gold(tmp_path, seed, **changes), seed.text)


def test_an_unknown_speaker_is_refused(tmp_path, seed):
    path = _gold(tmp_path, seed)
    record = json.loads(path.read_text())
    record["quotes"][0]["speaker"] = "Rock Lee"
    path.write_text(json.dumps(record))
    with pytest.raises(BadDataset, match="'Rock Lee' is not one of the work's characters"):
        load_gold(path, seed.text)


def test_the_draft_has_blank_labels_and_the_worksheet_numbers_every_quote(seed):
    record = draft(seed, "seed/x.txt")
    assert len(record["quotes"]) == len(seed.quotes) and all(q["speaker"] == "" for q in record["quotes"])
    sheet = worksheet(seed)
    assert f"⟦Q{len(seed.quotes)} " in sheet and "⟦Q1 Forehead, ⟧" in sheet
