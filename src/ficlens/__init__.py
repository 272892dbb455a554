"""ficlens: read fiction, above all AO3 fan fiction, and give back its structure."""

from ficlens.errors import FicError
from ficlens.model import Chapter, Character, Metadata, Quote, Scene, Work
from ficlens.pipeline import analyze, annotate, read

__version__ = "0.1.0"

__all__ = [
    "Chapter",
    "Character",
    "FicError",
    "Metadata",
    "Quote",
    "Scene",
    "Work",
    "__version__",
    "analyze",
    "annotate",
    "read",
]
