"""The corpus commands: help for each, a run, a query, stats; errors are one line and exit 1."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "query", "stats", "bench"])
def test_every_corpus_command_has_help(command: str):
    result = runner.invoke(app, ["corpus", command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) > 3


def test_run_query_and_stats(bad_corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "corpus",
            "run",
            str(bad_corpus),
            "--out",
            str(out),
            "--stage",
            "read",
            "--shard-size",
            "3",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "8 inputs (6 errors, 0 of them crashes)" in result.output
    result = runner.invoke(
        app,
        [
            "corpus",
            "query",
            str(out),
            "SELECT code, count(*) AS n FROM errors GROUP BY code ORDER BY code",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["code", "n"] and sum(int(n) for _, n in rows[1:]) == 6
    result = runner.invoke(app, ["corpus", "stats", str(out)])
    assert result.exit_code == 0 and "EmptyFile" in result.output and "3 of 3" in result.output


def test_errors_are_one_line(bad_corpus: Path, tmp_path: Path):
    result = runner.invoke(app, ["corpus", "stats", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith("ficlens: E011 ")
    result = runner.invoke(app, ["corpus", "run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no such file" in result.output
