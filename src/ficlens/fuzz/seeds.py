"""The inputs the fuzzer starts from, read from the shared folder at run time (never copied into the repo):
the saved AO3 pages, the official downloads in every format, the seed text, and the known reproducers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import BadDataset

# A file's family: the format it was made as, which decides the structural mutations it gets.
_FAMILIES = {".epub": "epub", ".mobi": "mobi", ".azw3": "azw3", ".pdf": "pdf", ".txt": "text"}


@dataclass(frozen=True)
class Seed:
    name: str
    family: str  # ao3-page, html, epub, mobi, azw3, pdf, text, reproducer
    data: bytes

    @property
    def is_work(self) -> bool:
        """An AO3 page that is a work (not a login wall, 404, series page...): worth analysing."""
        return self.family != "ao3-page" or self.name[:1].isdigit()


def default_shared() -> Path:
    """../shared beside the repository, found from the working directory or from this file's checkout."""
    for root in (Path.cwd(), *Path(__file__).resolve().parents):
        if (root.parent / "shared" / "fixtures").is_dir():
            return root.parent / "shared"
    return Path.cwd().parent / "shared"


def built_downloads() -> Path:
    """The project's own AO3-style downloads (tests/io/data: works written for the tests, printed to PDF, MOBI
    and AZW3 by calibre as AO3 does), when the checkout has them: multi-chapter cases of every format."""
    return Path(__file__).resolve().parents[3] / "tests" / "io" / "data"


def load_seeds(shared: Path, built: Path | None = None) -> list[Seed]:
    """Every fixture under `shared` (pages, downloads, seed text), and the project's own downloads, sorted
    by name so runs repeat."""
    seeds = [Seed(p.name, "ao3-page", p.read_bytes()) for p in _files(shared / "fixtures" / "ao3" / "page")]
    seeds += [
        Seed(p.name, _FAMILIES.get(p.suffix.lower(), "html"), p.read_bytes())
        for p in _files(shared / "fixtures" / "ao3" / "download")
    ]
    seeds += [Seed(p.name, "text", p.read_bytes()) for p in _files(shared / "seed")]
    seeds += [
        Seed(f"built/{p.name}", _FAMILIES.get(p.suffix.lower(), "html"), p.read_bytes())
        for p in _files(built if built is not None else built_downloads())
        if p.suffix.lower() in (".html", ".epub", ".mobi", ".azw3", ".pdf")
    ]
    if not seeds:
        raise BadDataset(shared, "no fixtures here (expected fixtures/ao3/page, fixtures/ao3/download, seed)")
    return seeds


def load_reproducers(shared: Path) -> list[Seed]:
    """The minimal reproducers of earlier fuzzing (shared/fuzz), each run as it is."""
    return [
        Seed(p.name, "reproducer", p.read_bytes()) for p in _files(shared / "fuzz") if p.name != "README.md"
    ]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
