"""The command line: every command documents itself, errors are one line, the demo works end to end."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from paths import SEED, need
from typer.main import get_command
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help():
    for path, command in _commands(get_command(app)):
        assert (command.help or "").strip(), f"`ficlens {' '.join(path)}` has no help text"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path


def test_missing_file_is_one_line_error(tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["read", str(missing)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "no such file" in lines[0]
    assert "Traceback" not in result.output


def test_bench_reports_pipeline_and_floor():
    from ficlens.data import example_path

    result = runner.invoke(app, ["bench", str(example_path()), "--repeat", "1"])
    assert result.exit_code == 0, result.output
    assert (
        "blank tokenizer" in result.stdout and "example.txt" in result.stdout and "peak MiB" in result.stdout
    )


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    import ficlens

    def broken(path):
        raise ValueError("boom")

    monkeypatch.setattr(ficlens, "read", broken)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["read", "whatever.txt", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.strip().splitlines() == [
        "ficlens: E999 whatever.txt: internal error (ValueError: boom); FICLENS_DEBUG=1 shows the traceback"
    ]


def test_output_file_has_ordinary_permissions(tmp_path):
    import os

    from ficlens.data import example_path

    out = tmp_path / "work.json"
    assert runner.invoke(app, ["read", str(example_path()), "-o", str(out)]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


# --- the one-line contract: every failure is `ficlens: E### PATH: problem`, exit 1, and no file left behind ---

FICLENS = [sys.executable, "-m", "ficlens.cli"]


def one_line(stderr: str, code: str, *words: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"ficlens: {code} "), lines[0]
    assert "Traceback" not in stderr and "╭" not in stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "url",
    [
        "https://archiveofourown.org/works/123",
        "http://archiveofourown.org/works/1/chapters/2",
        "archiveofourown.org/works/77",
        "ao3.org/works/5",
        "https://example.com/story.html",
        "www.example.com/fic",
    ],
)
def test_a_web_address_is_refused_as_such(url):
    for command in ("read", "analyze"):
        result = runner.invoke(app, [command, url])
        assert result.exit_code == 1
        one_line(result.stderr, "E001", url, "never downloads", "save")


def test_an_unreadable_file_is_E001_not_a_usage_box(tmp_path, monkeypatch):
    """Tests may run as root, who reads anything: the refusal is the operating system's, mocked here."""
    work = tmp_path / "locked.txt"
    shutil.copy(need(SEED), work)
    real_read = Path.read_bytes

    def refuse(path):
        if path == work:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(app, ["read", str(work)])
    assert result.exit_code == 1
    one_line(result.stderr, "E001", str(work), "permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_file_for_an_ordinary_user(tmp_path):
    work = tmp_path / "locked.txt"
    shutil.copy(need(SEED), work)
    work.chmod(0)
    command = [*FICLENS, "read", str(work)]
    if os.geteuid() == 0:  # root reads anything: ask as nobody, when the system lets us
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        tmp_path.chmod(0o755)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 1
    one_line(done.stderr, "E001", "permission denied")


def test_a_name_too_long_is_one_line(tmp_path):
    long_name = tmp_path / ("a" * 300 + ".txt")
    result = runner.invoke(app, ["read", str(long_name)])
    assert result.exit_code == 1
    one_line(result.stderr, "E001", "too long")
    result = runner.invoke(app, ["read", str(need(SEED)), "-o", str(long_name.with_suffix(".json"))])
    assert result.exit_code == 1
    one_line(result.stderr, "E014", "too long")
    assert leftovers(tmp_path) == []


def test_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"\xff-work.txt")
    shutil.copy(need(SEED), tmp_path / name)
    out = tmp_path / "out.json"
    done = subprocess.run(
        [*FICLENS, "read", name, "-o", str(out)], check=False, cwd=tmp_path, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(out.read_bytes().decode("utf-8"))["source"]["path"] == "\ufffd-work.txt"
    done = subprocess.run(
        [*FICLENS, "read", os.fsdecode(b"\xfe.txt")],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 1
    one_line(done.stderr.decode("utf-8"), "E001", "\\xfe.txt", "no such file")


def test_an_unwritable_graph_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    out = tmp_path / "work.json"
    result = runner.invoke(
        app, ["analyze", str(need(SEED)), "--graph", str(blocker / "net.gexf"), "-o", str(out)]
    )
    assert result.exit_code == 1
    one_line(result.stderr, "E014", "net.gexf", "cannot write")
    assert leftovers(tmp_path) == ["a-file"]


def test_a_bug_on_the_html_report_is_one_line(monkeypatch, tmp_path):
    import ficlens

    def broken(path, **settings):
        raise ValueError("boom")

    monkeypatch.setattr(ficlens, "analyze", broken)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(need(SEED)), "-o", str(out)])
    assert result.exit_code == 1
    one_line(result.stderr, "E999", "ValueError: boom")
    assert leftovers(tmp_path) == []


def test_a_read_only_output_folder(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: the refusal is mocked

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        import tempfile

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o555)
    result = runner.invoke(app, ["read", str(need(SEED)), "-o", str(folder / "work.json")])
    folder.chmod(0o755)
    assert result.exit_code == 1
    one_line(result.stderr, "E014", "work.json", "permission denied")
    assert leftovers(folder) == []


def test_a_full_disk_leaves_the_old_output_whole(tmp_path, monkeypatch):
    from ficlens import cli

    out = tmp_path / "work.json"
    out.write_text("the previous result\n")

    def half_then_full(target, text):
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text[: len(text) // 2])
            fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "_write_text", half_then_full)
    result = runner.invoke(app, ["read", str(need(SEED)), "-o", str(out)])
    assert result.exit_code == 1
    one_line(result.stderr, "E014", "no space left")
    assert out.read_text() == "the previous result\n" and leftovers(tmp_path) == ["work.json"]


def test_a_file_size_limit_from_the_system(tmp_path):
    """The operating system's own refusal (RLIMIT_FSIZE, as on a quota or a full disk) in a real run."""
    out = tmp_path / "work.json"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        [*FICLENS, "analyze", str(need(SEED)), "-o", str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )
    assert done.returncode == 1
    one_line(done.stderr, "E014", "work.json", "file too large")
    assert leftovers(tmp_path) == []


def test_an_output_that_is_a_folder(tmp_path):
    result = runner.invoke(app, ["read", str(need(SEED)), "-o", str(tmp_path)])
    assert result.exit_code == 1
    one_line(result.stderr, "E014", "is a directory")


def test_bench_on_an_unreadable_file_is_E001_not_a_usage_box(tmp_path, monkeypatch):
    work = tmp_path / "locked.txt"
    shutil.copy(need(SEED), work)
    real_read = Path.read_bytes

    def refuse(path):
        if path == work:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(app, ["bench", str(work), "--repeat", "1", "--read-only"])
    assert result.exit_code == 1
    one_line(result.stderr, "E001", str(work), "permission denied")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_device_is_one_line():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*FICLENS, "read", str(need(SEED))],
            check=False,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    one_line(done.stderr, "E014", "stdout", "no space left")


def test_an_empty_file_name_is_refused_not_read_as_the_current_folder(tmp_path, monkeypatch):
    shutil.copy(need(SEED), tmp_path / "story.txt")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["read", ""])
    assert result.exit_code == 1 and result.stdout == ""
    one_line(result.stderr, "E001", "empty file name")
