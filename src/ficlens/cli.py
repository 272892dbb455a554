"""The `ficlens` command line: a thin layer over the library.

Every failure is one line on stderr, ``ficlens: E### PATH: problem``, and exit code 1: a FicError as it is,
an output that cannot be written as E014, anything else (a bug in ficlens) as E999. Outputs are written to a
temporary file beside the target and renamed over it, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from ficlens.errors import FicError, UnreadableFile, UnsupportedFormat, UnwritableOutput
from ficlens.output import ordinary_mode, write_atomic
from ficlens.progress import StepProgress, on_terminal


class OneLineErrors(TyperGroup):
    """Any exception escaping a command becomes the one-line error, whichever command raised it."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            fail(describe(exc, None))


READS = (
    "AO3 work pages saved from the browser (.html); AO3's downloads: HTML, EPUB, MOBI, AZW3, PDF; AO3 text "
    "scrapes and plain text (.txt: UTF-8, cp1252 and other code pages); other EPUB, HTML, MOBI, AZW3 and PDF "
    "books (Project Gutenberg's, say). The format is recognised from the content, never the extension; "
    "MOBI and AZW3 need the optional mobi extra."
)

app = typer.Typer(
    help="Read fiction, above all AO3 fan fiction, and give back its structure: metadata, chapters, scenes, "
    "the cast, every quotation with who says it to whom, relationships and arcs.\n\n"
    f"Reads: {READS}\n\n"
    "Start with: ficlens analyze WORK -o report.html (or -o work.json, or --format csv -o DIR/).",
    cls=OneLineErrors,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score ficlens against gold standards (PDNC, LitBank).", no_args_is_help=True)
corpus_app = typer.Typer(help="Run ficlens over many works into a Parquet dataset.", no_args_is_help=True)
train_app = typer.Typer(
    help="Rebuild the shipped models from their data sets (slow; never run at install).", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")
app.add_typer(corpus_app, name="corpus")
app.add_typer(train_app, name="train")


def _show_version(value: bool) -> None:
    if value:
        import ficlens

        typer.echo(f"ficlens {ficlens.__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    # bare `ficlens` is a question, not a mistake: the help, and exit 0
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


OutOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        help="Output file (.json, .jsonl, .html, .csv), a folder for csv tables, or - for stdout.",
    ),
]
# A str, not a Path: a Path would fold "https://" into "https:/" before the URL could be recognised, and
# Typer's own readability check would answer with a usage box (exit 2) instead of the E001 line.
InputArgument = Annotated[
    str,
    typer.Argument(
        help="A work or a directory of them: an AO3 page or download (HTML, EPUB, MOBI, AZW3, PDF), a .txt, "
        "an EPUB, HTML or PDF book.",
        show_default=False,
    ),
]

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|(?:archiveofourown\.org|ao3\.org)(?:/|$))", re.IGNORECASE)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def fail(message: str) -> None:
    typer.echo(f"ficlens: {printable(message)}", err=True)
    raise typer.Exit(1)


def printable(message: str) -> str:
    """One line, whatever the message holds: a file name's undecodable bytes shown as \\xNN, newlines folded."""
    message = message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return re.sub(r"\s*[\r\n]+\s*", " ", message).strip()


def describe(exc: Exception, path: Path | str | None) -> str:
    """One line for any failure; a bug in ficlens re-raises with FICLENS_DEBUG=1 for the traceback."""
    if isinstance(exc, FicError):
        return str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError) and exc.filename is not None:
        return str(UnreadableFile(exc.filename, (exc.strerror or type(exc).__name__).lower()))
    if os.environ.get("FICLENS_DEBUG"):
        raise exc
    where = f" {path}:" if path is not None else ""
    return f"E999{where} internal error ({type(exc).__name__}: {exc}); FICLENS_DEBUG=1 shows the traceback"


def input_path(given: str) -> Path:
    """The path of an input; a web address is refused, since ficlens reads saved files and never downloads."""
    if not given.strip():  # Path("") is ".", the current folder: never what an empty argument meant
        raise UnreadableFile(repr(given), "an empty file name")
    if _URL.match(given) and not os.path.lexists(given):
        raise UnreadableFile(
            given,
            "a web address, not a file: ficlens never downloads; save the page in "
            "your browser (or AO3's download of the work) and give the saved file",
        )
    return Path(given)


def emit(text: str, out: str) -> None:
    """The result to stdout, or atomically to a file; any failure to write is E014 and leaves nothing."""
    text = _SURROGATE.sub("\ufffd", text)  # an undecodable file name in the JSON: valid UTF-8 all the same
    if not text.endswith("\n"):
        text += "\n"
    if out == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # stdout redirected to a full disk or a device that refuses it
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second failure at exit
            raise UnwritableOutput(
                "stdout", f"cannot write it ({(exc.strerror or type(exc).__name__).lower()})"
            ) from None
    else:
        write_output(Path(out), lambda target: _write_text(target, text))


def _write_text(target: Path, text: str) -> None:
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_output(path: Path, write: Callable[[Path], None]) -> None:
    """`write(target)` into a temporary file beside `path`, renamed over `path` once whole. A path that
    exists and is no regular file (/dev/stdout, a FIFO, /dev/full) is written in place, never replaced."""
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            write(path)
            return
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name[:100]}.", suffix=f".tmp{path.suffix}", dir=path.parent
        )
        os.close(fd)
        try:
            write(Path(tmp))
            os.chmod(tmp, ordinary_mode())  # mkstemp makes 0600; a result is an ordinary file
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UnwritableOutput(
            path, f"cannot write it ({(exc.strerror or type(exc).__name__).lower()})"
        ) from None


# --- what is written: the format an output takes, and the final line that says where it went ---------------

FORMATS = ("json", "jsonl", "html", "csv")
SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}
TABLE_NAMES = ("quotes", "characters", "interactions")

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="json, jsonl (one line), html (the report) or csv (tables). Default: what OUT's extension says "
        "(.json .jsonl .html .csv; - is json); an extension of another format is refused.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Errors only: no progress, no notes, no final 'wrote' line.")
]


def output_format(out: str, given: str | None, *, allowed: tuple[str, ...], default: str) -> str:
    """The format to write: --format, else the one OUT's extension names; a mismatch, or a name that names
    none, is E005 before any work is done. A folder (csv's tables) names no format."""
    if given is not None:
        given = given.strip().lower()
        if given not in FORMATS:
            raise UnsupportedFormat(None, f"--format {given!r}: choose among {', '.join(FORMATS)}")
    if out == "-":
        chosen = given or default
    else:
        implied = None if _is_folder(out) else SUFFIX_FORMATS.get(Path(out).suffix.lower())
        if given and implied and implied != given:
            raise UnsupportedFormat(
                out, f"the name says {implied} but --format says {given}: make them agree"
            )
        chosen = given or implied
        if chosen is None:
            if _is_folder(out):
                return "json"  # writing it fails as a folder does (E014), as it always has
            raise UnsupportedFormat(
                out, "no output format by this name: end it in .json, .jsonl, .html or .csv, or give --format"
            )
    if chosen not in allowed:
        raise UnsupportedFormat(out if out != "-" else None, f"{chosen} is not written here: {_ALLOWED_NOTE}")
    return chosen


_ALLOWED_NOTE = (
    "`ficlens read` writes json or jsonl; the HTML report and CSV tables come from `ficlens analyze`"
)


def _is_folder(out: str) -> bool:
    return out.endswith(("/", os.sep)) or os.path.isdir(out)


def render_output(work, fmt: str, tables_wanted: tuple[str, ...] = ()) -> str | dict[str, str]:
    """The work as `fmt`: text, or for csv file name -> text of each table wanted (`ficlens.tables`)."""
    if fmt == "html":
        from ficlens.report import render_html

        return render_html(work)
    if fmt == "csv":
        from ficlens.tables import tables, to_csv

        made = tables(work)
        return {f"{name}.csv": to_csv(made[name]) for name in tables_wanted}
    return work.to_json(indent=None if fmt == "jsonl" else 2)


def emit_tables(files: dict[str, str], folder: Path) -> None:
    """Each table into `folder`, all written before any is renamed into place: a failure leaves none new."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnwritableOutput(
            folder, f"cannot write it ({(exc.strerror or type(exc).__name__).lower()})"
        ) from None
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            staged.append((Path(tmp), folder / name))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, ordinary_mode())
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise UnwritableOutput(
            folder, f"cannot write it ({(exc.strerror or type(exc).__name__).lower()})"
        ) from None


def csv_tables(out: str, table: str | None) -> tuple[str, ...]:
    """The tables a csv output holds: the one --table names; else all three in a folder, quotes in a file."""
    if table is not None:
        return (table,)
    return TABLE_NAMES if out != "-" and _is_folder(out) else ("quotes",)


def write_result(result: str | dict[str, str], out: str) -> str:
    """Write what `render_output` made to OUT; returns what was written, for the final line."""
    if isinstance(result, dict) and out != "-" and _is_folder(out):
        emit_tables(result, Path(out))
        return ", ".join(str(Path(out) / name) for name in result)
    emit(next(iter(result.values())) if isinstance(result, dict) else result, out)
    return out


def say(message: str, *, quiet: bool) -> None:
    if not quiet:
        typer.echo(f"ficlens: {printable(message)}", err=True)


def summary(work) -> str:
    return f"{counted(work.characters, 'character')}, {counted(work.quotes, 'quote')}, {counted(work.scenes, 'scene')}"


def counted(items, noun: str) -> str:
    return f"{len(items):,} {noun}{'' if len(items) == 1 else 's'}"


def partial_note(work) -> str | None:
    """What a user should know of a source holding one chapter of a longer work (`Metadata.partial`)."""
    meta = work.metadata
    if not meta.partial:
        return None
    held = ", ".join(str(c.index) for c in work.chapters[:5]) + ("…" if len(work.chapters) > 5 else "")
    posted = f"{meta.chapters_posted}/{meta.chapters_total or '?'}"
    return (
        f"note: {work.source.path} holds chapter {held} only, of the {meta.chapters_posted} posted ({posted}): "
        "the results are that part's, not the whole work's (save AO3's Entire Work page for the whole)"
    )


def run_each(
    path: Path, out: str, produce, *, quiet: bool = True, progress: StepProgress | None = None
) -> None:
    """`produce(path, indent, progress)` -> (text, work) for one file, or for every supported file in a
    directory (JSON lines); a note for each partial work, and the final line unless `quiet`."""
    from ficlens.io import iter_inputs

    try:
        is_dir = path.is_dir()
    except OSError:  # a name too long or otherwise impossible: reading it says so in one line
        is_dir = False
    progress = progress or StepProgress((), enabled=False)
    if not is_dir:
        try:
            with progress:
                text, work = produce(path, 2, progress)
        except Exception as exc:
            fail(describe(exc, path))
        emit(text, out)
        if note := partial_note(work):
            say(note, quiet=quiet)
        say(
            f"wrote {out} ({summary(work) if 'characters' in work.layers else _size(work)})",
            quiet=quiet or out == "-",
        )
        return
    lines, failed, notes = [], 0, []
    children = list(iter_inputs(path))
    with progress:
        for i, child in enumerate(children, 1):
            progress.begin(f"{i}/{len(children)} {child.name}")
            try:
                text, work = produce(child, None, progress)
            except Exception as exc:
                failed += 1
                typer.echo(f"ficlens: {printable(describe(exc, child))}", err=True)
                continue
            lines.append(text)
            notes.append(partial_note(work))
    if not lines and not failed:
        fail(f"E001 {path}: no supported files in this directory")
    emit("\n".join(lines), out)
    for note in filter(None, notes):
        say(note, quiet=quiet)
    if failed:
        raise typer.Exit(1)
    say(f"wrote {out} ({len(lines)} works, one a line)", quiet=quiet or out == "-")


def _size(work) -> str:
    return f"{work.stats.words:,} words, {counted(work.chapters, 'chapter')}, {counted(work.scenes, 'scene')}"


@app.command()
def read(
    path: InputArgument,
    out: OutOption = "-",
    fmt: FormatOption = None,
    quiet: QuietOption = False,
) -> None:
    """Ingest only: metadata, text, chapters, scenes, paragraphs, sentences and the word count, as JSON.

    A directory gives one JSON line per supported file in it."""
    import ficlens

    source = input_path(path)
    chosen = output_format(out, fmt, allowed=("json", "jsonl"), default="json")

    def produce(p: Path, indent: int | None, progress) -> tuple[str, object]:
        work = ficlens.read(p)
        return work.to_json(nlp=False, indent=indent if chosen == "json" else None), work

    run_each(source, out, produce, quiet=quiet)


@app.command(
    help="The full analysis of one work: JSON (the ficlens.work/1 record), the HTML report, or CSV tables. "
    "Shows progress by step on a terminal (nothing when piped), notes a page that holds one chapter of a "
    "longer work, and ends with a line saying what it wrote. A directory gives one JSON line per work."
)
def analyze(
    path: InputArgument,
    out: OutOption = "-",
    fmt: FormatOption = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="With csv: quotes, characters or interactions. A file or - gets one table (default quotes); "
            "a folder (-o DIR/) gets all three (quotes.csv, characters.csv, interactions.csv), or this one.",
            show_default=False,
        ),
    ] = None,
    cast: Annotated[
        Path | None,
        typer.Option(
            "--cast",
            help="A YAML list of the characters you know, each a name with optional aliases and gender "
            "(female, male, nonbinary): the text's uses of these names join into one character, named as "
            "you name it. Matched to the text like AO3 character tags: a character it never names stays out.",
            show_default=False,
        ),
    ] = None,
    min_mentions: Annotated[
        int,
        typer.Option(
            "--min-mentions",
            help="Leave out characters mentioned fewer times (your --cast's stay): they drop from the "
            "characters and the network, relationships, arcs and stats; their quotes stay, unattributed.",
        ),
    ] = 0,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="Also write the interaction network of one work (.gexf or .graphml)."),
    ] = None,
    no_tags: Annotated[
        bool, typer.Option("--no-tags", help="Leave the work's AO3 tags unread: the text alone decides.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """The full analysis of one work, written as JSON, the HTML report or CSV tables (see the help)."""
    import ficlens

    source = input_path(path)
    chosen = output_format(out, fmt, allowed=FORMATS, default="json")
    if table is not None and (chosen != "csv" or table not in TABLE_NAMES):
        fail(f"E005 --table {table!r}: give quotes, characters or interactions, with csv output")
    # the cast file is checked before the long analysis begins: a typo in it fails at once
    from ficlens.cast.user_cast import load_cast

    known = load_cast(cast) if cast is not None else None
    if graph is not None:
        from ficlens.analysis.network import WRITERS

        if graph.suffix.lower() not in WRITERS:
            fail(str(UnsupportedFormat(graph, f"graph files must end in {' or '.join(WRITERS)}")))
    options = {"cast": known, "min_mentions": min_mentions, "use_tags": not no_tags}
    progress = StepProgress((*ficlens.STEPS, "write"), enabled=not quiet and on_terminal())
    try:
        is_dir = source.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        if chosen not in ("json", "jsonl") or graph is not None:
            fail(
                f"E005 {source}: a directory gives JSON lines, one work a line (csv, html and --graph: one work)"
            )
        run_each(
            source,
            out,
            lambda p, indent, step: _analysed_json(p, indent, step, options),
            quiet=quiet,
            progress=progress,
        )
        return
    try:
        with progress:
            work = ficlens.analyze(source, progress=progress, **options)
            progress("write")
            result = render_output(work, chosen, csv_tables(out, table))
    except Exception as exc:
        fail(describe(exc, source))
    if graph is not None:
        from ficlens.analysis.network import write_graph

        write_output(graph, lambda target: write_graph(work, target))
    wrote = write_result(result, out)
    if note := partial_note(work):
        say(note, quiet=quiet)
    say(f"wrote {wrote} ({summary(work)})", quiet=quiet or out == "-")


def _analysed_json(path: Path, indent: int | None, progress, options) -> tuple[str, object]:
    import ficlens

    work = ficlens.analyze(path, progress=progress, **options)
    progress("write")
    return work.to_json(indent=indent), work


@eval_app.command("relationships")
def eval_relationships(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="AO3 works with relationship tags (pages or downloads), or directories of them.",
            readable=False,
        ),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold",
            help="Score a gold set (JSON: work key -> path under --shared and relationship tags), e.g. "
            "data/relationships-gold.json, instead of the works' own tags.",
        ),
    ] = None,
    shared: Annotated[
        Path | None, typer.Option("--shared", help="Where the gold set's paths are (default: ../shared).")
    ] = None,
    no_tags: Annotated[
        bool,
        typer.Option("--no-tags", help="Hide the works' AO3 tags from the inference: the text decides."),
    ] = False,
) -> None:
    """Hit rate of the central-relationship ranking against relationship tags, at top 1 and 3, and how often
    its `/` (romantic) or `&` (platonic) is right. A work saved in several forms is scored once."""
    from ficlens.eval.relationships import SHARED, evaluate, evaluate_gold, format_report
    from ficlens.pipeline import without_tags

    settings = without_tags() if no_tags else None
    if gold is None and not paths:
        fail("E010 give works with relationship tags, or --gold with a gold set")
    try:
        report = (
            evaluate_gold(gold, shared=shared or SHARED, settings=settings)
            if gold is not None
            else evaluate(paths or [], settings=settings)
        )
    except FicError as exc:
        fail(str(exc))
    if not report.works:
        fail("E010 no work with relationship tags among the inputs")
    typer.echo(format_report(report))


@eval_app.command("pdnc")
def eval_pdnc(
    root: Annotated[Path, typer.Argument(help="A PDNC folder: one sub-folder per novel, or one novel.")],
    gold_quotes: Annotated[
        bool, typer.Option("--gold-quotes", help="Attribute PDNC's gold quotations instead of ficlens's own.")
    ] = False,
    gold_cast: Annotated[
        bool,
        typer.Option("--gold-cast", help="Use PDNC's character lists as the cast instead of ficlens's own."),
    ] = False,
    cv: Annotated[
        int,
        typer.Option(
            "--cv",
            help="K folds by novel: each novel is scored by a model "
            "trained on the other folds only (0: the shipped model).",
        ),
    ] = 0,
) -> None:
    """Speaker and addressee accuracy on PDNC: per novel, overall and by quote type."""
    from rich.console import Console

    from ficlens.eval.pdnc import evaluate, render

    try:
        report = evaluate(root, gold_quotes=gold_quotes, gold_cast=gold_cast, cv=cv)
    except FicError as exc:
        fail(str(exc))
    for table in render(report):
        Console(width=200).print(table)


@eval_app.command("litbank")
def eval_litbank(
    root: Annotated[
        Path | None, typer.Argument(help="LitBank's root folder (default: ../shared/data/litbank).")
    ] = None,
    split: Annotated[str, typer.Option(help="Which ids: test, dev, train or all.")] = "test",
    gold_quotes: Annotated[
        bool,
        typer.Option("--gold-quotes", help="Attribute LitBank's gold quotations instead of ficlens's own."),
    ] = False,
) -> None:
    """Quotation detection and speaker accuracy on LitBank's quotations (test split by default)."""
    from rich.console import Console

    from ficlens.eval.litbank_quotes import DEFAULT_ROOT, evaluate, render

    try:
        report = evaluate(root or DEFAULT_ROOT, split=split, gold_quotes=gold_quotes)
    except FicError as exc:
        fail(str(exc))
    Console(width=200).print(render(report))


@eval_app.command("fanfic")
def eval_fanfic(
    root: Annotated[
        Path | None,
        typer.Argument(
            help="A folder of fan-fiction gold files (default: the repository's data/fanfic-dev)."
        ),
    ] = None,
    shared: Annotated[
        Path | None, typer.Option("--shared", help="Where the gold files' sources are (default: ../shared).")
    ] = None,
    no_tags: Annotated[
        bool, typer.Option("--no-tags", help="Leave the works' AO3 tags unread, to measure what they add.")
    ] = False,
) -> None:
    """Speakers, addressees, types and the cast on the hand-annotated fan-fiction works, end to end."""
    from rich.console import Console

    from ficlens.eval.fanfic import DEFAULT_ROOT, SHARED, evaluate, render
    from ficlens.pipeline import without_tags

    try:
        report = evaluate(
            root or DEFAULT_ROOT, shared=shared or SHARED, settings=without_tags() if no_tags else None
        )
    except FicError as exc:
        fail(str(exc))
    Console(width=200).print(*render(report))
    if report.moved:
        typer.echo(f"{report.moved} gold quotations were found again after a reader change", err=True)


@eval_app.command("fanfic-draft")
def eval_fanfic_draft(
    source: Annotated[Path, typer.Argument(help="A work under ../shared to annotate.")],
    out: Annotated[Path, typer.Argument(help="A folder for the draft gold file and the worksheet.")],
    shared: Annotated[
        Path | None, typer.Option("--shared", help="The shared folder SOURCE is under (default: ../shared).")
    ] = None,
) -> None:
    """Start a gold file: ficlens's quotation spans with blank labels, and a worksheet of the text with each
    quotation numbered. The worksheet holds the author's words: keep it out of the repository."""
    import json

    from ficlens.datasets.fanfic import draft, worksheet
    from ficlens.eval.fanfic import SHARED
    from ficlens.pipeline import analyze

    root = (shared or SHARED).resolve()
    work = analyze(source)
    out.mkdir(parents=True, exist_ok=True)
    name = source.stem
    relative = str(source.resolve().relative_to(root))
    (out / f"{name}.json").write_text(json.dumps(draft(work, relative), ensure_ascii=False, indent=1))
    (out / f"{name}.worksheet.txt").write_text(worksheet(work), encoding="utf-8")
    typer.echo(f"wrote {out / (name + '.json')} and {out / (name + '.worksheet.txt')}")


@eval_app.command("formats")
def eval_formats(
    htmls: Annotated[list[Path], typer.Argument(help="AO3 HTML downloads (or works in AO3's template).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where the printed books are kept and reused "
            "(default: ficlens-ao3-books in the temporary folder).",
        ),
    ] = None,
    formats: Annotated[
        str, typer.Option("--formats", help="Comma-separated: pdf, mobi, azw3.")
    ] = "pdf,mobi,azw3",
) -> None:
    """Print each HTML download as AO3 prints its PDF, MOBI and AZW3 (calibre's ebook-convert), read the books
    and compare them with the HTML: chapters, titles, AO3's word count, summary and notes. Exit 1 on a miss."""
    from ficlens.eval import formats as books

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if unknown := [f for f in chosen if f not in books.FORMATS]:
        fail(f"E010 unknown format {unknown[0]!r}: choose among {', '.join(books.FORMATS)}")
    if books.calibre() is None:
        fail("E010 calibre's ebook-convert is not installed (Debian: apt-get install calibre)")
    try:
        rows = books.measure(htmls, out or Path(tempfile.gettempdir()) / "ficlens-ao3-books", chosen)
    except (FicError, OSError, books.ConversionFailed) as exc:
        fail(describe(exc, getattr(exc, "filename", None)))
    typer.echo(books.render(rows))
    if not all(row.ok for row in rows):
        raise typer.Exit(1)


@eval_app.command("sentences")
def eval_sentences(
    ud: Annotated[Path, typer.Option(help="Folder with en_ewt-ud-*.conllu.")] = Path(
        "../shared/data/ud-english-ewt"
    ),
    ud_split: Annotated[str, typer.Option(help="UD EWT split: train, dev or test.")] = "test",
    litbank: Annotated[Path, typer.Option(help="LitBank folder with entities/tsv.")] = Path(
        "../shared/data/litbank"
    ),
    splitter: Annotated[str, typer.Option(help="ficlens or pysbd.")] = "ficlens",
) -> None:
    """Sentence-boundary precision, recall, F1 and speed on UD English EWT and LitBank (those found)."""
    from ficlens.eval.sentences import SPLITTERS, run

    _choose("--ud-split", ud_split, ("train", "dev", "test"))
    _choose("--splitter", splitter, sorted(SPLITTERS))
    try:
        lines = run(ud, ud_split, litbank, splitter)
    except Exception as exc:
        fail(describe(exc, None))
    typer.echo("\n".join(lines))


@eval_app.command("cast")
def eval_cast(
    pdnc: Annotated[Path, typer.Argument(help="A PDNC folder: one sub-folder per novel.")],
    folds: Annotated[int, typer.Option(help="Folds by novel for choosing the clustering parameters.")] = 5,
    limit: Annotated[int | None, typer.Option(help="Only the first N novels.")] = None,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="List each unmatched speaking character per novel (missing / split / merged) instead.",
        ),
    ] = False,
) -> None:
    """Cross-validated cast scores on PDNC (1:1 speaking match, purity, gender), as JSON."""
    import json

    from ficlens.eval.cast_scores import cross_validate, error_report

    try:
        result = (
            json.dumps(error_report(pdnc, limit=limit), indent=1)
            if errors
            else json.dumps(cross_validate(pdnc, folds=folds, limit=limit), indent=2)
        )
    except Exception as exc:
        fail(describe(exc, pdnc))
    typer.echo(result)


@eval_app.command("litbank-entities")
def eval_litbank_entities(
    litbank: Annotated[Path, typer.Argument(help="LitBank's root folder.")],
    split: Annotated[str, typer.Option(help="train, dev or test.")] = "test",
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
) -> None:
    """LitBank PER-name precision, recall and F1 of the shipped NER, and character coreference, as JSON."""
    import json

    from ficlens.eval.litbank_entities import evaluate

    _choose("--split", split, ("train", "dev", "test"))
    try:
        result = evaluate(litbank, split=split, limit=limit)
    except Exception as exc:
        fail(describe(exc, litbank))
    typer.echo(json.dumps(result, indent=2))


@eval_app.command("word-counts")
def eval_word_counts(
    paths: Annotated[
        list[str], typer.Argument(help="AO3 downloads (any of the five formats) or saved AO3 pages.")
    ],
) -> None:
    """AO3's printed word count beside ficlens's, with chapters, scenes and read time, per file. Exit 1 when a
    complete work is off by more than 2 %, or a file fails."""
    from ficlens.eval.word_counts import check

    lines, ok = check(paths)
    typer.echo("\n".join(lines))
    if not ok:
        raise typer.Exit(1)


def _choose(option: str, value: str, choices) -> None:
    """Typer takes no str choices without an Enum; a wrong one is the one-line error all the same."""
    if value not in choices:
        fail(f"E010 {option} {value!r}: choose among {', '.join(choices)}")


TrainOut = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Where to write it (default: the shipped model, replaced).", show_default=False
    ),
]


@train_app.command("attribution")
def train_attribution(
    pdnc: Annotated[Path, typer.Argument(help="A PDNC folder (one sub-folder per novel).")],
    gold_cast: Annotated[
        bool,
        typer.Option("--gold-cast", help="Train on PDNC's character lists instead of ficlens's own cast."),
    ] = False,
    out: TrainOut = None,
) -> None:
    """Train the speaker ranker on PDNC's gold quotations (models/attribution.json)."""
    from ficlens.speakers.attribution import model_path
    from ficlens.training.attribution import train

    try:
        typer.echo(train(pdnc, out or model_path(), gold_cast=gold_cast), err=True)
    except Exception as exc:
        fail(describe(exc, pdnc))


@train_app.command("ner")
def train_ner(
    litbank: Annotated[Path, typer.Argument(help="LitBank's root folder (../shared/data/litbank).")],
    out: TrainOut = None,
    max_steps: Annotated[int | None, typer.Option(help="Override training.max_steps (quick runs).")] = None,
    seed: Annotated[int, typer.Option(help="spaCy's training seed.")] = 0,
) -> None:
    """Train the character-name NER on LitBank's train split, chosen on dev, on one thread (models/ner)."""
    from ficlens.training.ner import MODEL_DIR, train

    try:
        typer.echo(train(litbank, out or MODEL_DIR, max_steps=max_steps, seed=seed))
    except Exception as exc:
        fail(describe(exc, litbank))


@train_app.command("coref")
def train_coref(
    litbank: Annotated[Path, typer.Argument(help="LitBank's root folder (../shared/data/litbank).")],
    out: TrainOut = None,
) -> None:
    """Train the pronoun resolver on LitBank's coreference, train split, chosen on dev (models/coref.json)."""
    from ficlens.cast.coref import MODEL_PATH
    from ficlens.training.coref import train

    try:
        typer.echo(train(litbank, out or MODEL_PATH), err=True)
    except Exception as exc:
        fail(describe(exc, litbank))


@train_app.command("common-words")
def train_common_words(
    ewt: Annotated[Path, typer.Argument(help="UD English EWT folder (en_ewt-ud-train.conllu).")],
    out: TrainOut = None,
) -> None:
    """Build the everyday-words table from UD EWT's train and dev splits (models/common_words.json)."""
    from ficlens.training.common_words import PATH, write

    try:
        typer.echo(write(ewt, out or PATH))
    except Exception as exc:
        fail(describe(exc, ewt))


@app.command(
    help="Analyse the story bundled with ficlens and write its report (demo.html: open it in a browser), "
    "or its JSON or CSV tables, as -o's extension or --format says."
)
def demo(
    out: OutOption = "demo.html",
    fmt: FormatOption = None,
    quiet: QuietOption = False,
) -> None:
    """The bundled example, analysed and written (see the help)."""
    import ficlens
    from ficlens.data import example_path

    chosen = output_format(out, fmt, allowed=FORMATS, default="html")
    with StepProgress((*ficlens.STEPS, "write"), enabled=not quiet and on_terminal()) as progress:
        work = ficlens.analyze(example_path(), progress=progress)
        progress("write")
        result = render_output(work, chosen, csv_tables(out, None))
    wrote = write_result(result, out)
    say(f"wrote {wrote} ({summary(work)})", quiet=quiet or out == "-")


@app.command()
def bench(
    paths: Annotated[list[Path], typer.Argument(help="Works or directories of works.", readable=False)],
    repeat: Annotated[int, typer.Option(help="Timed runs per file; the median is reported.")] = 5,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Time ingest only, not the NLP layers.")
    ] = False,
) -> None:
    """Words per second of the full pipeline on one core, beside the blank-tokenizer floor, in the same run."""
    from rich.console import Console
    from rich.table import Table

    from ficlens.bench import bench as run_bench

    try:
        rows = run_bench(paths, repeat=repeat, read_only=read_only)
    except FicError as exc:
        fail(str(exc))
    from ficlens import blas

    table = Table(
        title=f"ficlens bench (one process, one core, models warm; medians; matrix multiply: {blas.choice()})"
    )
    for column in (
        "file",
        "format",
        "words",
        "read CPU ms",
        "pipeline words/CPU-s",
        "pipeline words/s (wall)",
        "blank tokenizer words/CPU-s",
        "× blank",
        "peak MiB",
    ):
        table.add_column(column, justify="left" if column in ("file", "format") else "right")
    for r in rows:
        table.add_row(
            Path(r.path).name,
            r.format,
            f"{r.words:,}",
            f"{r.read.cpu_ms:.1f}",
            _rate(r.analyze_wps),
            _rate(r.analyze_wall_wps),
            _rate(r.blank_wps),
            f"{r.ratio:.1f}" if r.ratio else "-",
            f"{r.peak_mib:,.0f}",
        )
    if len(rows) > 1 and not read_only:
        words = sum(r.words for r in rows)
        cpu = sum(r.analyze.cpu_ms for r in rows if r.analyze) / 1000
        wall = sum(r.analyze.wall_ms for r in rows if r.analyze) / 1000
        blank = sum(r.blank.cpu_ms for r in rows) / 1000
        table.add_row(
            "all",
            "",
            f"{words:,}",
            f"{sum(r.read.cpu_ms for r in rows):.1f}",
            _rate(words / cpu if cpu else None),
            _rate(words / wall if wall else None),
            _rate(words / blank if blank else None),
            f"{cpu / blank:.1f}" if blank else "-",
            f"{rows[-1].peak_mib:,.0f}",
        )
    Console(width=160 if not sys.stdout.isatty() else None).print(table)


@app.command("bench-scaling")
def bench_scaling(
    shared: Annotated[Path, typer.Argument(help="The shared data folder (../shared): its PDNC novels.")],
    sizes: Annotated[
        str, typer.Option(help="Words in each many-novel text, comma-separated.")
    ] = "100000,500000,1000000,2000000",
    single_story: Annotated[
        int, typer.Option(help="Words of the one-novel text (one cast repeated); 0 skips it.")
    ] = 1_000_000,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the rows as JSON here.")] = None,
) -> None:
    """CPU seconds per stage on texts of growing length, peak memory, and each stage's growth exponent."""
    import json
    from dataclasses import asdict

    from rich.console import Console
    from rich.table import Table

    from ficlens import scaling

    try:
        wanted = tuple(int(n.replace("_", "")) for n in sizes.split(","))
    except ValueError:
        fail(f"ficlens: --sizes {sizes!r}: give word counts separated by commas")
    try:
        rows, single = scaling.run(shared, wanted, single_story)
    except FicError as exc:
        fail(str(exc))
    table = Table(title="ficlens bench-scaling (CPU seconds per stage, one process per text)")
    for column in ("text", "words", *scaling.STAGES, "words/CPU-s", "peak MiB"):
        table.add_column(column, justify="left" if column == "text" else "right")
    for r in [*rows, *([single] if single else [])]:
        table.add_row(
            r.label,
            f"{r.words:,}",
            *(f"{r.cpu_s.get(st, 0.0):.2f}" for st in scaling.STAGES),
            f"{r.words_per_s:,.0f}",
            f"{r.peak_mib:,.0f}",
        )
    slopes = [scaling.exponent(rows, st) for st in scaling.STAGES]
    total = scaling.exponent(rows)
    table.add_row(
        "growth exponent",
        "",
        *(f"{x:.2f}" if x is not None else "-" for x in slopes),
        f"{total:.2f}" if total is not None else "-",
        "",
    )
    Console(width=160 if not sys.stdout.isatty() else None).print(table)
    if json_out:
        record = {
            "rows": [asdict(r) for r in rows],
            "single_story": asdict(single) if single else None,
            "exponents": dict(zip(scaling.STAGES, slopes, strict=True)) | {"total": total},
        }
        write_atomic(json_out, json.dumps(record, indent=2))


def _rate(words_per_s: float | None) -> str:
    return f"{words_per_s:,.0f}" if words_per_s else "-"


CorpusDir = Annotated[Path, typer.Argument(help="A corpus dataset (the --out of `ficlens corpus run`).")]
StageOption = Annotated[str, typer.Option(help="Stages to run: read (ingest, segment) or analyze (all).")]
CorpusInputs = Annotated[list[str], typer.Argument(help="Folders, globs, zip/tar archives, JSONL files.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Dask scheduler address; default: a LocalCluster on 127.0.0.1.")
]
ShardOption = Annotated[
    int,
    typer.Option(help="Works per shard: one Parquet file per table (finished works are kept one by one)."),
]


@corpus_app.command("run")
def corpus_run(
    inputs: CorpusInputs,
    out: Annotated[Path, typer.Option("--out", help="Dataset folder (reuse it to resume).")],
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    engine: Annotated[str, typer.Option(help="local (processes) or dask.")] = "local",
    scheduler: SchedulerOption = None,
    shard_size: ShardOption = 128,
    stage: StageOption = "analyze",
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    time_limit: Annotated[
        float,
        typer.Option(
            help="CPU seconds one work may take (or seconds with "
            "no CPU at all: a stall); past it, it is an E012 "
            "error row and the run goes on."
        ),
    ] = 600.0,
    memory_limit: Annotated[
        int, typer.Option(help="MiB a worker may hold on one work; past it, an E013 error row.")
    ] = 4096,
) -> None:
    """Many works to a Parquet dataset (works, chapters, scenes, characters, quotes, interactions, errors).

    Resumable: run the same command again after a crash and only unfinished works are redone."""
    from ficlens.corpus.run import run_corpus
    from ficlens.corpus.worker import Budget

    try:
        summary = run_corpus(
            inputs,
            out=out,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            shard_size=shard_size,
            stage=stage,
            progress=progress,
            budget=Budget(seconds=time_limit, memory_mib=memory_limit),
        )
    except FicError as exc:
        fail(str(exc))
    typer.echo(
        f"ficlens: {summary.works} inputs ({summary.errors} errors, {summary.crashes} of them "
        f"crashes), {summary.words:,} words in {summary.seconds:.1f} s; {summary.skipped} of "
        f"{summary.shards} shards were already done; wrote {out}",
        err=True,
    )


@corpus_app.command("query")
def corpus_query(
    out: CorpusDir,
    sql: Annotated[
        str,
        typer.Argument(
            help="SQL over the views works, chapters, scenes, characters, quotes, interactions, errors."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help="table, csv or jsonl.")] = "table",
) -> None:
    """Run DuckDB SQL over a corpus dataset."""
    from ficlens.corpus.query import query
    from ficlens.corpus.render import print_result

    try:
        print_result(query(out, sql), fmt=fmt)
    except FicError as exc:
        fail(str(exc))


@corpus_app.command("stats")
def corpus_stats(out: CorpusDir) -> None:
    """Summarise a corpus dataset: works, words, errors by reason, quotes, characters."""
    from ficlens.corpus.query import stats
    from ficlens.corpus.render import print_stats

    try:
        print_stats(stats(out))
    except FicError as exc:
        fail(str(exc))


@corpus_app.command("bench")
def corpus_bench(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Corpus inputs; default: one built from --shared.")
    ] = None,
    workers: Annotated[list[int], typer.Option(help="Worker counts to run (repeat).")] = [1, 2],  # noqa: B006
    engine: Annotated[list[str], typer.Option(help="Engines (repeat).")] = ["local", "dask"],  # noqa: B006
    stage: StageOption = "read",
    shard_size: ShardOption = 2,
    shared: Annotated[Path, typer.Option(help="The shared folder to build it from.")] = Path("../shared"),
    min_words: Annotated[int, typer.Option(help="Words the built corpus holds at least.")] = 5_000_000,
    scratch: Annotated[
        Path, typer.Option(help="Folder for the built corpus and the runs (never the repository).")
    ] = Path("/tmp/ficlens-corpus-bench"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Figures as JSON too.")] = None,
) -> None:
    """Corpus throughput (words/s) per engine and worker count, peak worker memory, and an AO3 estimate."""
    from ficlens.corpus.bench import build_bench_corpus, run_bench, to_json
    from ficlens.corpus.render import print_bench

    def report(row) -> None:
        typer.echo(
            f"ficlens: bench {row.engine} x{row.workers}: {row.words:,} words in {row.seconds:.1f} s",
            err=True,
        )

    try:
        if not inputs:
            corpus, words = build_bench_corpus(shared, scratch / "corpus", min_words=min_words)
            typer.echo(f"ficlens: bench corpus {corpus} (~{words:,} words by the raw texts)", err=True)
            inputs = [str(corpus)]
        rows = run_bench(
            inputs,
            configs=[(e, w) for e in engine for w in workers],
            stage=stage,
            shard_size=shard_size,
            scratch=scratch,
            on_row=report,
        )
    except FicError as exc:
        fail(str(exc))
    print_bench(rows)
    if json_out:
        write_atomic(json_out, to_json(rows))


@app.command()
def serve(
    dataset: CorpusDir,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind (only this machine by default).")] = "127.0.0.1",
) -> None:
    """Browse a corpus dataset in a local, read-only web app: works, quotes, characters, relationships."""
    from ficlens.serve import serve as serve_dataset

    def ready(url: str) -> None:
        typer.echo(f"ficlens: serving {dataset} at {url} (Ctrl-C stops)", err=True)

    try:
        serve_dataset(dataset, host=host, port=port, on_ready=ready)
    except FicError as exc:
        fail(str(exc))


@corpus_app.command("synth")
def corpus_synth(
    out: Annotated[Path, typer.Argument(help="A new folder for the synthetic dataset.")],
    works: Annotated[int, typer.Option(help="Synthetic works to write.")] = 100_000,
    source: Annotated[
        Path | None, typer.Option(help="A dataset to copy works from; default: one run over --shared.")
    ] = None,
    shared: Annotated[Path, typer.Option(help="The shared folder to build the source from.")] = Path(
        "../shared"
    ),
    seed: Annotated[int, typer.Option(help="Random seed.")] = 17,
) -> None:
    """A synthetic dataset of many works, copied from real analyses and varied (to measure `serve`)."""
    from ficlens.corpus.run import run_corpus
    from ficlens.serve.synth import source_inputs, synthesize

    try:
        if source is None:
            source = out.parent / f"{out.name}-source"
            typer.echo(f"ficlens: analysing the source works from {shared} into {source}", err=True)
            run_corpus(source_inputs(shared), out=source, workers=max(1, (os.cpu_count() or 2) - 1))
        summary = synthesize(
            source,
            out,
            works=works,
            seed=seed,
            progress=lambda n: typer.echo(f"ficlens: {n:,} works", err=True),
        )
    except FicError as exc:
        fail(str(exc))
    typer.echo(
        f"ficlens: wrote {summary.works:,} works and {summary.errors:,} error rows in {summary.shards} shards "
        f"to {out}, copied from {summary.source_works} analysed works",
        err=True,
    )


@corpus_app.command("bench-serve")
def corpus_bench_serve(
    dataset: CorpusDir,
    requests: Annotated[int, typer.Option(help="Requests per page.")] = 40,
    json_out: Annotated[Path | None, typer.Option("--json", help="Figures as JSON too.")] = None,
) -> None:
    """Each page's server time (p50/p95), search latency and the server's peak memory, on a real server."""
    import json

    from ficlens.serve import require_server
    from ficlens.serve.bench import run_bench

    def line(t) -> None:
        verdict = "ok" if t.within else "OVER"
        typer.echo(
            f"{t.name:<18} {t.kind:<6} p50 {t.p50_ms:7.1f} ms  p95 {t.p95_ms:7.1f} ms  max {t.max_ms:7.1f} ms  "
            f"(client p95 {t.client_p95_ms:.1f} ms) {verdict}"
        )

    try:
        require_server()
        result = run_bench(dataset, requests=requests, on_line=line)
    except FicError as exc:
        fail(str(exc))
    typer.echo(
        f"{result.works:,} works; server ready in {result.startup_s:.1f} s; peak memory {result.peak_rss_mib:,.0f} MiB"
    )
    if json_out:
        write_atomic(json_out, json.dumps(result.to_dict(), indent=2))


@app.command()
def fuzz(
    read_inputs: Annotated[
        int, typer.Option("--read", help="Inputs through `read` (ingest, segmentation).")
    ] = 2000,
    analyze_inputs: Annotated[
        int, typer.Option("--analyze", help="Inputs through `analyze` (all stages).")
    ] = 50,
    seed: Annotated[int, typer.Option(help="The run's seed: the same seed makes the same inputs.")] = 0,
    workers: Annotated[int, typer.Option(help="Processes, each forking one child per input.")] = 1,
    timeout: Annotated[float, typer.Option(help="Seconds one input may take (more is a defect).")] = 20.0,
    memory: Annotated[int, typer.Option(help="MiB one input may use (more is a defect).")] = 1024,
    shared: Annotated[
        Path | None, typer.Option(help="The shared folder with the fixtures (default: ../shared).")
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Folder for the defects' inputs and summary.json (never the repository).")
    ] = Path("/tmp/ficlens-fuzz"),
    replay: Annotated[
        Path | None,
        typer.Option(
            help="Instead of a new run: run again each input an earlier "
            "run saved in this folder (its defects/) and say what "
            "it does now."
        ),
    ] = None,
) -> None:
    """Fuzz `read` and `analyze` with mutated fixtures, hostile archives and pathological texts, each input
    under a time and a memory limit; a table per stage and input family, and every defect's input saved.

    OUT gets defects/ (each defect's input, with a .json of what happened; defects/slow/ the inputs slow for
    their size, a hint of superlinear work), results.jsonl (every input) and summary.json (the table's figures,
    updated as the run goes)."""
    from ficlens.fuzz.campaign import Config, format_table, run_campaign
    from ficlens.fuzz.seeds import default_shared

    config = Config(
        shared=shared or default_shared(),
        seed=seed,
        timeout_s=timeout,
        memory_mib=memory,
        out=out / "defects",
    )
    if replay is not None:
        replay_defects(replay, config)
        return

    def progress(report) -> None:
        done = sum(t.inputs for fams in report.tallies.values() for t in fams.values())
        write_atomic(out / "summary.json", report.to_json())
        typer.echo(
            f"ficlens: fuzz {done:,} of {read_inputs + analyze_inputs:,} inputs, {len(report.defects)} "
            f"defects, {report.seconds:.0f} s",
            err=True,
        )

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.jsonl").unlink(missing_ok=True)
    report = run_campaign(
        config,
        read=read_inputs,
        analyze=analyze_inputs,
        workers=workers,
        on_progress=progress,
        log=out / "results.jsonl",
    )
    write_atomic(out / "summary.json", report.to_json())
    typer.echo(format_table(report))
    for slow in report.slow[:10]:
        typer.echo(
            f"slow (not a defect): {slow.stage} {slow.how}: {slow.seconds:.1f} s for {slow.size:,} bytes "
            f"[{slow.saved}]"
        )
    for defect in report.defects:
        typer.echo(f"{defect.kind}: {defect.stage} {defect.how} -> {defect.error} [{defect.saved}]")
    if report.defects:
        fail(f"E999 fuzz: {len(report.defects)} defects; their inputs are in {out / 'defects'}")


def replay_defects(folder: Path, config) -> None:
    from ficlens.fuzz.campaign import replay
    from ficlens.fuzz.sandbox import DEFECTS

    if not folder.is_dir() or not any(folder.glob("*.json")):
        fail(f"E001 {folder}: no saved fuzz inputs (an input and its .json) in this folder")
    runs = replay(folder, config)
    for then, now in runs:
        typer.echo(
            f"{then['kind']:>9} -> {now.kind:<9} {now.seconds:6.2f} s {now.peak_mib:6.0f} MiB  {now.stage} "
            f"{now.how}: {now.error[:100]}"
        )
    still = [now for _, now in runs if now.kind in DEFECTS]
    typer.echo(
        f"{len(runs)} inputs replayed: {len(runs) - len(still)} now ok or a FicError, {len(still)} defects"
    )
    if still:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
