"""ficlens: read fiction, above all AO3 fan fiction, and give back its structure.

import ficlens

work = ficlens.analyze("work.html")              # a saved AO3 page or download, an EPUB, a .txt ...
work = ficlens.analyze_text("“Hi,” said Ino.", title="Hello")
for q in work.quotes: ...                        # typed results: work.characters, work.relationships ...
quotes, characters, interactions = work.to_dataframes()   # pandas tables (pip install pandas)
"""

from importlib.metadata import PackageNotFoundError, version

from ficlens.errors import FicError
from ficlens.model import (
    Arcs,
    Chapter,
    Character,
    CharacterStats,
    Interaction,
    Mention,
    Metadata,
    Quote,
    Relationship,
    Scene,
    Source,
    Stats,
    Work,
)
from ficlens.pipeline import STEPS, analyze, analyze_text, annotate, read, read_text

try:
    __version__ = version("ficlens")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "STEPS",
    "Arcs",
    "Chapter",
    "Character",
    "CharacterStats",
    "FicError",
    "Interaction",
    "Mention",
    "Metadata",
    "Quote",
    "Relationship",
    "Scene",
    "Source",
    "Stats",
    "Work",
    "__version__",
    "analyze",
    "analyze_text",
    "annotate",
    "read",
    "read_text",
]
