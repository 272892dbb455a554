"""A cast the user gives (`ficlens analyze --cast cast.yaml`): the characters' names, aliases and genders.

The cast stage takes it as knowledge, as it takes a work's AO3 character tags (`cast.character_tags`): each
name and alias written in the text is a name, the text's forms of one given character join into one
character named as the user names it, and the given gender is that character's. It is matched to the text,
never trusted over it: a given character the text never names is no character. Where a user's character
and an AO3 tag share a name word, the user's entry stands and the tag is left out.

The file is YAML, a list of characters, each a name with optional aliases and gender (a bare string is a
name alone)::

    - name: Haruno Sakura
      aliases: [Sakura, Forehead]
      gender: female
    - name: Yamanaka Ino
      aliases: [Ino, Ino-pig]
    - Tenten
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ficlens.cast.aliases import given_key, parse_name
from ficlens.cast.character_tags import TaggedCharacter, _given_word, parse_tags
from ficlens.errors import CorruptFile, EmptyFile, UnreadableFile, UnsupportedFormat

# the genders a `Character` takes, and the words a user may write for them
GENDERS = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "girl": "female",
    "she": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "boy": "male",
    "he": "male",
    "nonbinary": "nonbinary",
    "non-binary": "nonbinary",
    "nb": "nonbinary",
    "enby": "nonbinary",
    "they": "nonbinary",
}
KEYS = ("name", "aliases", "gender")
MAX_NAME = 200  # characters in one name: longer is no name but a pasted paragraph


@dataclass(frozen=True)
class KnownCharacter:
    """One character the user names: `name` is what the cast calls them, `aliases` the other names the
    text uses (nicknames too), `gender` female, male or nonbinary."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None


def load_cast(path: str | Path) -> tuple[KnownCharacter, ...]:
    """The characters of a cast file; a missing, empty or malformed file is a one-line `FicError`."""
    import yaml

    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "a directory, not a cast file") from None
    except UnicodeDecodeError:
        raise CorruptFile(path, "a cast file is UTF-8 text; this is not") from None
    except OSError as exc:
        raise UnreadableFile(path, (exc.strerror or "cannot be read").lower()) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise CorruptFile(path, f"not valid YAML{where}: {problem}") from None
    if data is None:
        raise EmptyFile(path, "the cast file holds no characters")
    return parse_cast(data, path=path)


def parse_cast(data: Any, *, path: str | Path = "<cast>") -> tuple[KnownCharacter, ...]:
    """Characters from parsed YAML or Python: a list of {name, aliases, gender} mappings or names (a
    mapping {characters: [...]} too), checked; a problem is `UnsupportedFormat` naming the entry."""
    if isinstance(data, Mapping) and set(data) == {"characters"}:
        data = data["characters"]
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable) or isinstance(data, Mapping):
        raise UnsupportedFormat(path, "a cast file is a list of characters, each with a name (see --help)")
    cast = tuple(_character(entry, i, path) for i, entry in enumerate(data, 1))
    if not cast:
        raise EmptyFile(path, "the cast file holds no characters")
    _check_names_unique(cast, path)
    return cast


def _character(entry: Any, index: int, path: str | Path) -> KnownCharacter:
    if isinstance(entry, KnownCharacter):
        entry = {"name": entry.name, "aliases": list(entry.aliases), "gender": entry.gender}
    if isinstance(entry, str):
        entry = {"name": entry}
    where = f"character {index}"
    if not isinstance(entry, Mapping):
        raise UnsupportedFormat(
            path, f"{where} is {type(entry).__name__}, not a name or a mapping with a name"
        )
    if unknown := [str(k) for k in entry if k not in KEYS]:
        raise UnsupportedFormat(path, f"{where}: unknown key {unknown[0]!r} (the keys are {', '.join(KEYS)})")
    name = _name(entry.get("name"), f"{where}'s name", path)
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        raise UnsupportedFormat(path, f"{where} ({name}): aliases are a list of names")
    alias_names = tuple(
        dict.fromkeys(
            a for i, raw in enumerate(aliases, 1) if (a := _name(raw, f"{name}'s alias {i}", path)) != name
        )
    )
    return KnownCharacter(name, alias_names, _gender(entry.get("gender"), name, path))


def _name(value: Any, what: str, path: str | Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnsupportedFormat(path, f"{what} is missing or not text")
    name = " ".join(value.split())
    if len(name) > MAX_NAME or parse_name(name) is None:
        raise UnsupportedFormat(path, f"{what} {name[:40]!r} is no name")
    return name


def _gender(value: Any, name: str, path: str | Path) -> str | None:
    if value is None or value == "":
        return None
    gender = GENDERS.get(str(value).strip().lower())
    if gender is None:
        raise UnsupportedFormat(path, f"{name}'s gender {value!r}: give female, male or nonbinary")
    return gender


def _check_names_unique(cast: tuple[KnownCharacter, ...], path: str | Path) -> None:
    owner: dict[str, str] = {}
    for c in cast:
        for form in (c.name, *c.aliases):
            if (other := owner.setdefault(form.lower(), c.name)) != c.name:
                raise UnsupportedFormat(path, f"{form!r} is given to two characters, {other} and {c.name}")


def as_tagged(character: KnownCharacter) -> TaggedCharacter:
    """The user's character in the form the cast stage matches tags in: every name and alias a synonym."""
    forms = (character.name, *character.aliases)
    parsed = [p for f in forms if (p := parse_name(f)) is not None]
    words = frozenset(given_key(w) for p in parsed for w in p.words)
    return TaggedCharacter(character.name, forms, words, _given_word(parsed[0].words), character.gender)


def known_characters(
    tags: list[str], known: Iterable[KnownCharacter], *, use_tags: bool
) -> list[TaggedCharacter]:
    """What the cast stage knows of the work's people: the user's characters first, then the AO3 character
    tags (when read) that share no name word with any of them (the user's "Sakura" stands for the tag
    "Haruno Sakura": two entries holding one name would leave it to neither)."""
    given = [as_tagged(c) for c in known]
    tagged = parse_tags(tags) if use_tags else []
    taken = frozenset().union(*(t.words for t in given))
    return given + [t for t in tagged if not t.words & taken]
