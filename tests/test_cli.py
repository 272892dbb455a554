"""The command line: every command documents itself, errors are one line, the demo works end to end."""

from __future__ import annotations

import csv
import errno
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from paths import AO3_PAGES, SEED, need
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


# --- issue 16: formats, progress, the final line, the version, the cast, partial works ---------------------

WIP_CHAPTER = AO3_PAGES / "17793689-ch1-of-wip.html"
ONESHOT = AO3_PAGES / "23009290-oneshot.html"


def test_bare_ficlens_shows_help_and_exits_0():
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "analyze" in result.stdout and "Reads:" in result.stdout


def test_version():
    import ficlens

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"ficlens {ficlens.__version__}"


def test_help_lists_the_input_formats():
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    for form in ("AO3 work pages", "EPUB", "MOBI", "AZW3", "PDF", "plain text"):
        assert form in text, form


def test_csv_by_extension_holds_the_seeds_quotes_with_speaker_names(tmp_path):
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["analyze", str(need(SEED)), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {"speaker", "addressees", "text", "type", "confidence"} <= set(rows[0])
    assert {r["speaker"] for r in rows} >= {"Ino", "Sakura", "Lee", "Naruto"}
    assert any(r["speaker"] == "Ino" and "Sakura" in r["addressees"] for r in rows)
    assert result.stderr.strip() == f"ficlens: wrote {out} (4 characters, {len(rows)} quotes, 10 scenes)"


def test_csv_to_a_folder_writes_the_three_tables(tmp_path):
    folder = tmp_path / "tables"
    result = runner.invoke(app, ["analyze", str(need(SEED)), "--format", "csv", "-o", f"{folder}/"])
    assert result.exit_code == 0, result.stderr
    assert leftovers(folder) == ["characters.csv", "interactions.csv", "quotes.csv"]
    characters = list(csv.DictReader((folder / "characters.csv").open(encoding="utf-8")))
    assert [c["name"] for c in characters][:1] == ["Ino"] and characters[0]["aliases"] == "Ino; Ino-pig"
    edges = list(csv.DictReader((folder / "interactions.csv").open(encoding="utf-8")))
    assert ("Ino", "Sakura", "speech") in {(e["source"], e["target"], e["kind"]) for e in edges}
    one = runner.invoke(app, ["analyze", str(need(SEED)), "-f", "csv", "--table", "characters", "-o", "-"])
    assert one.stdout.splitlines()[0].startswith("id,name,aliases,gender")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "{tmp}/x.csv", "--format", "json"], ("x.csv", "says csv", "json")),
        (["-o", "{tmp}/x.json", "--format", "html"], ("x.json", "says json", "html")),
        (["-o", "{tmp}/x.txt"], ("x.txt", "--format")),
        (["--format", "xml"], ("xml", "json, jsonl, html, csv")),
        (["--table", "quotes", "-o", "{tmp}/x.json"], ("--table",)),
    ],
)
def test_an_output_format_that_does_not_match_is_refused_before_any_work(tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, ["analyze", str(need(SEED)), *args])
    assert result.exit_code == 1
    one_line(result.stderr, "E005", *words)
    assert leftovers(tmp_path) == []


def test_demo_writes_the_format_its_output_names(tmp_path):
    out = tmp_path / "demo.json"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "ficlens.work/1"
    assert "wrote" in result.stderr
    refused = runner.invoke(app, ["read", str(need(SEED)), "-o", str(tmp_path / "r.html")])
    assert refused.exit_code == 1
    one_line(refused.stderr, "E005", "ficlens analyze")


def test_piped_there_is_no_progress_and_quiet_silences_the_final_line(tmp_path):
    out = tmp_path / "w.json"
    done = subprocess.run(
        [*FICLENS, "analyze", str(need(SEED)), "-o", str(out)], check=False, capture_output=True, text=True
    )
    assert (
        done.returncode == 0 and done.stderr == f"ficlens: wrote {out} (4 characters, 36 quotes, 10 scenes)\n"
    )
    quiet = runner.invoke(app, ["analyze", str(need(SEED)), "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    to_stdout = runner.invoke(app, ["analyze", str(need(SEED))])
    assert to_stdout.stderr == "" and json.loads(to_stdout.stdout)["schema"] == "ficlens.work/1"


def test_on_a_terminal_progress_is_drawn_by_step(tmp_path):
    """stderr on a pseudo-terminal: Rich draws the steps, then the final line stays."""
    import pty

    leader, follower = pty.openpty()
    out = tmp_path / "w.json"
    done = subprocess.run(
        [*FICLENS, "analyze", str(need(SEED)), "-o", str(out)],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        timeout=300,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    text = drawn.decode("utf-8", "replace")
    assert done.returncode == 0 and out.exists()
    assert "\x1b[" in text  # drawn and redrawn in place
    assert any(f" {step} " in text for step in ("read", "quotes", "cast", "speakers", "analysis", "write"))
    assert f"ficlens: wrote {out}" in text


def test_cast_file_names_the_seeds_characters(tmp_path):
    cast = tmp_path / "cast.yaml"
    cast.write_text(
        "- name: Haruno Sakura\n  aliases: [Sakura, Forehead]\n  gender: female\n- Tenten\n", encoding="utf-8"
    )
    out = tmp_path / "w.json"
    result = runner.invoke(app, ["analyze", str(need(SEED)), "--cast", str(cast), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    names = {c["name"]: c for c in json.loads(out.read_text(encoding="utf-8"))["characters"]}
    assert {"Haruno Sakura", "Tenten", "Ino"} <= set(names) and "Sakura" not in names
    assert set(names["Haruno Sakura"]["aliases"]) == {"Sakura", "Forehead"}


def test_a_bad_cast_file_is_one_line_before_any_analysis(tmp_path):
    cast = tmp_path / "cast.yaml"
    cast.write_text("- name: Ino\n  aliases: [Ino-pig\n", encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(need(SEED)), "--cast", str(cast), "-o", str(tmp_path / "w.json")]
    )
    assert result.exit_code == 1
    one_line(result.stderr, "E006", str(cast), "not valid YAML")
    assert leftovers(tmp_path) == ["cast.yaml"]


def test_min_mentions_leaves_minor_characters_out(tmp_path):
    result = runner.invoke(app, ["analyze", str(need(SEED)), "--min-mentions", "25"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert {c["name"] for c in record["characters"]} == {"Ino", "Sakura"}
    kept = {c["id"] for c in record["characters"]}
    assert {q["speaker"] for q in record["quotes"]} <= {*kept, None}


def test_a_chapter_of_a_longer_work_is_partial_in_the_json_and_noted(tmp_path):
    out = tmp_path / "wip.json"
    result = runner.invoke(app, ["read", str(need(WIP_CHAPTER)), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["partial"] is True
    note, wrote = result.stderr.strip().splitlines()
    assert note.startswith(f"ficlens: note: {WIP_CHAPTER} holds chapter 1 only, of the 14 posted (14/?)")
    assert wrote.startswith(f"ficlens: wrote {out}")
    whole = runner.invoke(app, ["read", str(need(ONESHOT))])
    assert json.loads(whole.stdout)["metadata"]["partial"] is False and "note" not in whole.stderr
    quiet = runner.invoke(app, ["read", str(need(WIP_CHAPTER)), "-q"])
    assert quiet.stderr == ""
