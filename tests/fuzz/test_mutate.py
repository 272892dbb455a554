"""Mutations are deterministic, change their input, and the structural ones keep the container valid so the
damage reaches the parser inside (a re-zipped EPUB, a PDF stream inflated, mutated and deflated again)."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, SEED, need

from ficlens.fuzz import mutate

ONESHOT = AO3_DOWNLOADS / "23009290-oneshot"


def fixture(path):
    return need(path).read_bytes()


@pytest.mark.parametrize("name", sorted(mutate.BYTE_MUTATIONS))
def test_byte_mutations_are_deterministic_and_change_the_input(name):
    data, other = fixture(SEED), fixture(ONESHOT.with_suffix(".html"))
    fn = mutate.BYTE_MUTATIONS[name]
    results = [fn(data, random.Random(k), other) for k in range(20)]
    assert results == [fn(data, random.Random(k), other) for k in range(20)]
    assert sum(r != data for r in results) >= 15


def test_zip_member_mutation_keeps_a_readable_zip_with_changed_members():
    data = fixture(ONESHOT.with_suffix(".epub"))
    changed = 0
    for k in range(30):
        out = mutate.mutate_zip_member(data, random.Random(k), b"")
        with zipfile.ZipFile(io.BytesIO(out)) as archive:
            assert archive.testzip() is None
            changed += out != data
    assert changed >= 25


def test_strip_wrapper_leaves_a_fragment_without_doctype_or_html():
    data = fixture(AO3_PAGES / "23009290-oneshot.html")
    fragments = [mutate.strip_wrapper(data, random.Random(k), b"") for k in range(40)]
    bare = [f for f in fragments if b"<!DOCTYPE" not in f[:200] and b"<html" not in f.lower()[:500]]
    assert len(bare) >= 20
    assert any(b'id="workskin"' in f or b'class="userstuff' in f for f in bare)


def test_deep_nesting_nests_hundreds_of_elements():
    data = fixture(AO3_PAGES / "23009290-oneshot.html")
    out = mutate.deep_nesting(data, random.Random(1), b"")
    assert len(out) - len(data) > 300 * len("<p></p>")


def test_pdf_stream_mutation_reaches_inside_the_compression():
    data = fixture(ONESHOT.with_suffix(".pdf"))

    def streams(d):
        return [m.group(1) for m in mutate._STREAM.finditer(d)]

    before = set(streams(data))
    for k in range(10):
        out = mutate.mutate_pdf_stream(data, random.Random(k), b"")
        new = [s for s in streams(out) if s not in before]
        if new:
            zlib.decompress(new[0])  # a valid deflate stream holding the mutated content
            return
    pytest.fail("no mutated, re-deflated stream in ten tries")


def test_mobi_header_mutation_changes_a_header_field():
    data = fixture(ONESHOT.with_suffix(".mobi"))
    outs = [mutate.mutate_mobi_header(data, random.Random(k), b"") for k in range(20)]
    assert sum(o != data for o in outs) >= 15 and all(len(o) == len(data) for o in outs)
