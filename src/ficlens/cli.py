"""The `ficlens` command line: a thin layer over the library. Errors are one line on stderr, exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ficlens.errors import FicError
from ficlens.output import write_atomic

app = typer.Typer(help="Read fiction, above all AO3 fan fiction, and give back its structure.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Score ficlens against gold standards (PDNC, LitBank).", no_args_is_help=True)
corpus_app = typer.Typer(help="Run ficlens over many works into a Parquet dataset.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(corpus_app, name="corpus")

OutOption = Annotated[str, typer.Option("--output", "-o", help="Output file (.json, .jsonl, .html) or - for stdout.")]


def fail(message: str) -> None:
    typer.echo(f"ficlens: {message}", err=True)
    raise typer.Exit(1)


def emit(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomic(Path(out), text)


def run_each(path: Path, out: str, produce) -> None:
    """Apply `produce` (Path -> str) to one file, or to every supported file in a directory (JSON lines)."""
    from ficlens.io import iter_inputs

    if not path.is_dir():
        try:
            emit(produce(path, indent=2), out)
        except FicError as exc:
            fail(str(exc))
        return
    lines, failed = [], 0
    for child in iter_inputs(path):
        try:
            lines.append(produce(child, indent=None))
        except FicError as exc:
            failed += 1
            typer.echo(f"ficlens: {exc}", err=True)
    if not lines and not failed:
        fail(f"E001 {path}: no supported files in this directory")
    emit("\n".join(lines), out)
    if failed:
        raise typer.Exit(1)


@app.command()
def read(path: Annotated[Path, typer.Argument(help="A work (any supported format) or a directory of them.")],
         out: OutOption = "-") -> None:
    """Ingest only: metadata, text, chapters, scenes, paragraphs, sentences and the word count, as JSON."""
    import ficlens

    run_each(path, out, lambda p, indent: ficlens.read(p).to_json(nlp=False, indent=indent))


@app.command()
def analyze(path: Annotated[Path, typer.Argument(help="A work (any supported format) or a directory of them.")],
            out: OutOption = "-") -> None:
    """The full analysis of one work: JSON, or the HTML report when OUT ends in .html."""
    import ficlens

    if out.lower().endswith(".html"):
        from ficlens.report import render_html

        try:
            emit(render_html(ficlens.analyze(path)), out)
        except FicError as exc:
            fail(str(exc))
        return
    run_each(path, out, lambda p, indent: ficlens.analyze(p).to_json(indent=indent))


@app.command()
def demo(out: OutOption = "demo.html") -> None:
    """Analyse the story bundled with ficlens and write its report (demo.html)."""
    import ficlens
    from ficlens.data import example_path
    from ficlens.report import render_html

    work = ficlens.analyze(example_path())
    emit(render_html(work), out)
    typer.echo(f"ficlens: {len(work.characters)} characters, {len(work.quotes)} quotes, "
               f"{len(work.scenes)} scenes; wrote {out}", err=True)


if __name__ == "__main__":  # pragma: no cover
    app()
