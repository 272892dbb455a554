"""Every error ficlens raises on purpose, each with a code, collected in one place.

The CLI prints ``str(error)`` as one line: ``ficlens: E### PATH: problem``.
"""

from __future__ import annotations

from pathlib import Path


class FicError(Exception):
    """Base class: a problem with an input the user gave, reported without a traceback."""

    code = "E000"

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.code} {where}{self.problem}"


class UnreadableFile(FicError):
    code = "E001"  # missing, a directory where a file was wanted, permission denied


class EmptyFile(FicError):
    code = "E002"


class TooLarge(FicError):
    code = "E003"


class BinaryFile(FicError):
    code = "E004"  # bytes that are no text and no format we know


class UnsupportedFormat(FicError):
    code = "E005"  # recognisable, but not something ficlens reads (HTML that is not fiction, ...)


class CorruptFile(FicError):
    code = "E006"  # a truncated or broken EPUB/PDF/MOBI, undecodable text


class UnsafeArchive(FicError):
    code = "E007"  # zip bomb, path traversal, too many members


class NotAWork(FicError):
    code = "E008"  # an AO3 page that is not a work: login wall, adult interstitial, 404, series page, ...


class MissingDependency(FicError):
    code = "E009"  # an optional extra (mobi) is not installed


class BadDataset(FicError):
    code = "E010"  # an evaluation folder that is not in the expected format


class CorpusError(FicError):
    code = "E011"  # corpus mode: an output folder holding another run, no inputs, a worker lost


class WorkOverTime(FicError):
    code = "E012"  # corpus mode: one work ran past its time budget; its worker was stopped, the run went on


class WorkOverMemory(FicError):
    code = "E013"  # corpus mode: one work grew its worker past the memory budget; the worker was stopped


class UnwritableOutput(FicError):
    code = "E014"  # an output file or folder that cannot be written: read-only, full disk, name too long


class BadSetting(FicError):
    code = "E015"  # an environment setting ficlens reads (FICLENS_BLAS) holds a value it does not know


# E999 is no class: the CLI reports any unexpected exception (a bug in ficlens) as one line with that code.
