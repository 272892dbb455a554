"""The command line: every command documents itself, errors are one line, the demo works end to end."""

from __future__ import annotations

import click
from typer.main import get_command
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


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
    assert "blank tokenizer" in result.stdout and "example.txt" in result.stdout and "peak MiB" in result.stdout


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    import ficlens

    def broken(path):
        raise ValueError("boom")

    monkeypatch.setattr(ficlens, "read", broken)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["read", "whatever.txt", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.strip().splitlines() == [
        "ficlens: E999 whatever.txt: internal error (ValueError: boom); FICLENS_DEBUG=1 shows the traceback"]


def test_output_file_has_ordinary_permissions(tmp_path):
    import os

    from ficlens.data import example_path

    out = tmp_path / "work.json"
    assert runner.invoke(app, ["read", str(example_path()), "-o", str(out)]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
