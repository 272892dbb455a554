"""Bad input through the command line: exit code 1, one line on stderr naming the file and the problem,
no traceback, and no output file left behind. A directory reads every supported file in it."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from paths import AO3_DOWNLOADS, need
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.io import MAX_BYTES

runner = CliRunner()


def _fails_cleanly(target, out, *, problem: str, command: str = "read"):
    result = runner.invoke(app, [command, str(target), "-o", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(target) in lines[0]
    assert problem.lower() in lines[0].lower()
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")] == []


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder / "out.json"


def test_empty_file(tmp_path, out):
    target = tmp_path / "empty.txt"
    target.write_bytes(b"")
    _fails_cleanly(target, out, problem="empty")


def test_whitespace_only_file(tmp_path, out):
    target = tmp_path / "blank.txt"
    target.write_bytes(b" \n\n\t \n")
    _fails_cleanly(target, out, problem="whitespace")


def test_random_bytes(tmp_path, out):
    target = tmp_path / "noise.bin"
    target.write_bytes(random.Random(7).randbytes(4096))
    _fails_cleanly(target, out, problem="not a format ficlens reads")


def test_html_that_is_not_fiction(tmp_path, out):
    target = tmp_path / "app.html"
    target.write_text(
        "<!DOCTYPE html><html><head><title>App</title></head><body><div id='root'></div>"
        "<script>start()</script></body></html>"
    )
    _fails_cleanly(target, out, problem="not a work of fiction", command="analyze")


def test_file_over_the_size_limit(tmp_path, out):
    target = tmp_path / "huge.txt"
    with target.open("wb") as fh:  # sparse: the size is there, the disk blocks are not
        fh.truncate(max(100 * 2**20, MAX_BYTES) + 1)
    _fails_cleanly(target, out, problem="limit")


def test_nonexistent_path(tmp_path, out):
    _fails_cleanly(tmp_path / "missing.epub", out, problem="no such file")


def test_directory_without_supported_files(tmp_path, out):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK")
    _fails_cleanly(folder, out, problem="no supported files")


def test_truncated_epub(tmp_path, out):
    data = need(AO3_DOWNLOADS / "23009290-oneshot.epub").read_bytes()
    target = tmp_path / "cut.epub"
    target.write_bytes(data[: len(data) // 2])
    _fails_cleanly(target, out, problem="zip")


def test_epub_with_path_traversal(tmp_path, out):
    target = tmp_path / "evil.epub"
    target.write_bytes(_zip({"META-INF/container.xml": b"<container/>", "../../etc/cron.d/x": b"boom"}))
    _fails_cleanly(target, out, problem="outside the archive")


def test_epub_zip_bomb(tmp_path, out):
    target = tmp_path / "bomb.epub"
    target.write_bytes(_zip({"META-INF/container.xml": b"<container/>", "zeros.xhtml": b"\0" * (8 * 2**20)}))
    _fails_cleanly(target, out, problem="zip bomb")


def test_corrupt_pdf(tmp_path, out):
    target = tmp_path / "broken.pdf"
    target.write_bytes(need(AO3_DOWNLOADS / "23009290-oneshot.pdf").read_bytes()[:4000])
    _fails_cleanly(target, out, problem="PDF")


def test_directory_reads_every_supported_file(tmp_path):
    folder = tmp_path / "works"
    folder.mkdir()
    for name in ("23009290-oneshot.html", "23009290-oneshot.epub", "334557-series-8ch.html"):
        (folder / name).write_bytes(need(AO3_DOWNLOADS / name).read_bytes())
    (folder / "readme.docx").write_bytes(b"not read")
    out = tmp_path / "works.jsonl"
    result = runner.invoke(app, ["read", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["source"]["format"] for r in records) == ["ao3-epub", "ao3-html", "ao3-html"]
    assert all(r["stats"]["words"] == r["metadata"]["words"] for r in records)


def test_directory_with_one_bad_file_reports_it_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "works"
    folder.mkdir()
    (folder / "a.html").write_bytes(need(AO3_DOWNLOADS / "23009290-oneshot.html").read_bytes())
    (folder / "b.epub").write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "works.jsonl"
    result = runner.invoke(app, ["read", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "b.epub" in lines[0]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
