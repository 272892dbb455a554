"""Helpers for the corpus tests: small real corpora built in tmp_path, and a dataset loader.

The corpora are PDNC excerpts, the seed and AO3 fixtures (read from ../shared, never copied into the repo).
"""

from __future__ import annotations

import io as stdio
import json
import tarfile
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from paths import AO3_DOWNLOADS, AO3_PAGES, PDNC, SEED, need

from ficlens.corpus.shards import table_files
from ficlens.corpus.tables import TABLES

NOVELS = ("Emma", "Persuasion", "TheGambler", "DaisyMiller", "TheInvisibleMan", "NorthangerAbbey")


def excerpt(novel: str, *, chars: int = 2500) -> str:
    """The novel's first paragraphs, cut at a paragraph break so the text stays well formed."""
    text = need(PDNC / novel / "novel_text.txt").read_text(encoding="utf-8")
    cut = text.find("\n\n", chars)
    return text[: cut if cut > 0 else chars]


def make_good_corpus(tmp_path: Path) -> Path:
    """Works in every container the corpus reads: plain files, a zip, a tar and JSONL lines."""
    root = tmp_path / "corpus"
    (root / "texts").mkdir(parents=True)
    for novel in NOVELS[:3]:
        (root / "texts" / f"{novel}.txt").write_text(excerpt(novel), encoding="utf-8")
    (root / "texts" / "seed.txt").write_bytes(need(SEED).read_bytes())
    (root / "ao3-page.html").symlink_to(need(AO3_PAGES / "23009290-oneshot.html"))
    (root / "ao3-download.epub").symlink_to(need(AO3_DOWNLOADS / "23009290-oneshot.epub"))
    with zipfile.ZipFile(root / "more.zip", "w") as archive:
        archive.writestr("zipped/DaisyMiller.txt", excerpt("DaisyMiller"))
        archive.writestr("zipped/notes.csv", "not,a,work\n")  # not a work's suffix: skipped
    with tarfile.open(root / "more.tar.gz", "w:gz") as archive:
        data = excerpt("TheInvisibleMan").encode("utf-8")
        info = tarfile.TarInfo("tarred/TheInvisibleMan.txt")
        info.size = len(data)
        archive.addfile(info, stdio.BytesIO(data))
    lines = [
        {"text": excerpt("NorthangerAbbey"), "title": "Northanger Abbey", "authors": ["Jane Austen"]},
        {"text": excerpt("Persuasion", chars=1200), "metadata": {"title": "Persuasion", "kudos": 3}},
    ]
    (root / "lines.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return root


def make_bad_corpus(tmp_path: Path) -> Path:
    """One good work, then inputs that must each become an error row: empty, binary, broken JSON, bad EPUB."""
    root = tmp_path / "bad"
    root.mkdir()
    (root / "good.txt").write_text(excerpt("Emma", chars=1500), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    epub = need(AO3_DOWNLOADS / "23009290-oneshot.epub").read_bytes()
    (root / "corrupt.epub").write_bytes(epub[: len(epub) // 2])
    good = json.dumps({"text": excerpt("TheGambler", chars=1000)})
    (root / "lines.jsonl").write_text(
        f'{good}\n{{"text": "cut short\n[1, 2]\n{{"title": "no text"}}\n', encoding="utf-8"
    )
    return root


def load_dataset(out: Path) -> dict[str, list[str]]:
    """Every table's rows (finished shards only) as sorted JSON strings: equal datasets compare equal."""
    tables = {}
    for table in TABLES:
        rows = [row for path in table_files(out, table) for row in pq.read_table(path).to_pylist()]
        tables[table] = sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
    return tables
