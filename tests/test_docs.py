"""docs/json.md is the JSON contract outside tools read: every key a record can hold is described there."""

from __future__ import annotations

import re
import typing
from dataclasses import is_dataclass
from pathlib import Path

import ficlens
from ficlens.data import example_path
from ficlens.model import SCHEMA, Work, field_types, optional_of

DOCS = Path(__file__).resolve().parents[1] / "docs" / "json.md"
NOT_IN_JSON = {"speaker_labels", "italics", "layers"}  # Work fields the record leaves out (see model.py)


def model_keys(cls: type, prefix: str = "") -> set[str]:
    """Every key a record of `cls` can hold, as `parent.key` paths, from the dataclasses' typed fields."""
    keys = set()
    for name, tp in field_types(cls).items():
        keys.add(prefix + name)
        inner = optional_of(tp)
        if typing.get_origin(inner) is list:
            inner = optional_of(typing.get_args(inner)[0])
        if is_dataclass(inner):
            keys |= model_keys(inner, f"{prefix}{name}.")
    return keys


def undocumented(keys: set[str], docs: str) -> list[str]:
    """Keys whose own name is no word of any backquoted span of the contract (`{index, chapter}` counts)."""
    named = {word for span in re.findall(r"`([^`]+)`", docs) for word in re.findall(r"\w+", span)}
    return sorted(k for k in keys if k.rsplit(".", 1)[-1] not in named)


def test_every_field_a_record_can_hold_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    keys = {k for k in model_keys(Work) if k.split(".")[0] not in NOT_IN_JSON}
    assert {"quotes.confidence", "metadata.partial", "relationships.features.thoughts"} <= keys
    assert undocumented(keys, docs) == []


def test_every_key_of_an_analysed_record_is_documented():
    record = ficlens.analyze(example_path()).to_dict()
    assert record["schema"] == SCHEMA and f"`{SCHEMA}`" in DOCS.read_text(encoding="utf-8")
    assert undocumented(set(record) - {"schema"}, DOCS.read_text(encoding="utf-8")) == []


def test_the_readme_points_to_the_contract():
    readme = (DOCS.parents[1] / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\]\(docs/json\.md\)", readme)
