"""Corpus inputs: every container expands to a stable list of items, and each item loads its own bytes."""

from __future__ import annotations

import io as stdio
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from corpus_fixtures import NOVELS, excerpt

from ficlens.corpus.inputs import expand_inputs, load_item
from ficlens.errors import CorruptFile, FicError, UnreadableFile
from ficlens.model import Series


def test_every_container_expands_to_items(good_corpus: Path):
    items = expand_inputs([good_corpus])
    kinds = [item.kind for item in items]
    assert kinds.count("file") == 6  # 4 texts, the AO3 page, the EPUB
    assert kinds.count("zip") == 1  # notes.csv is not a work: skipped
    assert kinds.count("tar") == 1
    assert kinds.count("jsonl") == 2
    assert len({item.key for item in items}) == len(items) == len({item.work_id for item in items})


def test_order_is_stable_and_inputs_are_deduplicated(good_corpus: Path):
    once = expand_inputs([good_corpus])
    twice = expand_inputs([good_corpus, good_corpus / "texts"])  # the texts are already in the folder
    assert [i.key for i in once] == [i.key for i in twice]


def test_a_glob_selects_files(good_corpus: Path):
    items = expand_inputs([str(good_corpus / "texts" / "*.txt")])
    assert sorted(Path(i.key).name for i in items) == [
        "Emma.txt",
        "Persuasion.txt",
        "TheGambler.txt",
        "seed.txt",
    ]


def test_members_and_lines_load_their_own_text(good_corpus: Path):
    by_kind = {}
    for item in expand_inputs([good_corpus]):
        by_kind.setdefault(item.kind, []).append(item)
    assert load_item(by_kind["zip"][0]).data.decode() == excerpt("DaisyMiller")
    assert load_item(by_kind["tar"][0]).data.decode() == excerpt("TheInvisibleMan")
    first, second = (load_item(item) for item in by_kind["jsonl"])
    assert first.data.decode() == excerpt("NorthangerAbbey")
    assert first.metadata == {"title": "Northanger Abbey", "authors": ["Jane Austen"]}
    assert second.metadata == {"title": "Persuasion", "kudos": 3}


def test_missing_inputs_are_clear_errors(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="no such file"):
        expand_inputs([tmp_path / "nothing-here"])
    with pytest.raises(UnreadableFile, match="no file matches"):
        expand_inputs([str(tmp_path / "*.nope")])


def test_a_corrupt_archive_becomes_one_item_that_fails_to_load(tmp_path: Path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is no zip")
    items = expand_inputs([tmp_path])
    assert [i.kind for i in items] == ["broken"]
    with pytest.raises(CorruptFile, match="cannot list the archive"):
        load_item(items[0])


def test_a_zip_member_that_inflates_past_the_limit_is_refused(tmp_path: Path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", "a" * 100_000)
    monkeypatch.setattr("ficlens.io.MAX_BYTES", 1000)
    (item,) = expand_inputs([tmp_path / "bomb.zip"])
    with pytest.raises(FicError, match="limit"):
        load_item(item)


def test_an_uncompressed_tar_is_read_at_member_offsets(tmp_path: Path):
    texts = {f"t/{novel}.txt": excerpt(novel, chars=800) for novel in NOVELS[:3]}
    with tarfile.open(tmp_path / "plain.tar", "w") as archive:
        for name, text in texts.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, stdio.BytesIO(data))
    items = expand_inputs([tmp_path / "plain.tar"])
    assert all(item.offset > 0 for item in items)
    assert {item.member: load_item(item).data.decode("utf-8") for item in items} == texts


def test_jsonl_metadata_is_coerced_to_its_types_or_left_out(tmp_path: Path):
    line = {
        "text": excerpt("Emma", chars=300),
        "kudos": "1,024",
        "hits": True,
        "words": 12.0,
        "authors": [["nested"]],
        "series": {"name": "Letters", "position": 2},
        "metadata": {"language": 7, "fandoms": "Emma (Austen)", "rating": None},
    }
    (tmp_path / "lines.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (item,) = expand_inputs([tmp_path / "lines.jsonl"])
    loaded = load_item(item)
    assert loaded.metadata == {
        "kudos": 1024,
        "words": 12,
        "series": [Series(name="Letters", position=2)],
        "language": "7",
        "fandoms": ["Emma (Austen)"],
    }
    problems = {name: str(exc) for name, exc in loaded.problems}
    assert set(problems) == {"kudos", "hits", "words", "authors", "series", "language", "fandoms"}
    assert problems["hits"].endswith("true/false ('True') where a count was expected; the field was left out")
    assert problems["authors"].endswith("a list where a list of strings was expected; the field was left out")
    assert all(p.startswith(f"E006 {item.key}: metadata field ") for p in problems.values())
