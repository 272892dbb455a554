"""Mutations of one input, each a function (data, rng, other) -> bytes, where `other` is a second fixture to
splice from. Byte mutations work on anything; structural ones know the format: the members of a zip (EPUB)
re-zipped, the element tree of HTML/XHTML, the headers of a MOBI/AZW3, the objects and compressed streams of
a PDF, and pathological passages inserted into text. Every mutation is deterministic in its `rng`."""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable

from lxml import etree
from lxml import html as lxml_html

from ficlens.fuzz.texts import pathological_passage, sizes

INSERT_SIZES = sizes(200_000)[:-1]  # up to 50k characters inside a fixture
Mutation = Callable[[bytes, random.Random, bytes], bytes]
MAX_OUT = 2 * 1024 * 1024  # keep every mutated input within a couple of MiB
INTERESTING = (
    b"\x00",
    b"\xff",
    b"\x7f",
    b"<",
    b">",
    b'"',
    b"'",
    b"&",
    b"\n",
    b"\r",
    b"\x80",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x80",
    b"%",
    b"]]>",
    b"<!--",
    b"\\",
)


def _span(data: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.randint(1, most))


# --- bytes ------------------------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random, other: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 16, 64))):
        if out:
            out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def interesting_bytes(data: bytes, rng: random.Random, other: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out) + 1)
        value = rng.choice(INTERESTING)
        out[at : at + (len(value) if rng.random() < 0.5 else 0)] = value
    return bytes(out)


def truncate(data: bytes, rng: random.Random, other: bytes) -> bytes:
    cut = rng.randrange(len(data) + 1)
    return data[:cut] if rng.random() < 0.8 else data[cut:]


def insert_random(data: bytes, rng: random.Random, other: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.choice((1, 8, 100, 4096))) + data[at:]


def delete_chunk(data: bytes, rng: random.Random, other: bytes) -> bytes:
    start, end = _span(data, rng, rng.choice((16, 512, 8192, len(data) or 1)))
    return data[:start] + data[end:]


def duplicate_chunk(data: bytes, rng: random.Random, other: bytes) -> bytes:
    start, end = _span(data, rng, rng.choice((16, 512, 8192)))
    times = rng.choice((1, 2, 10, 1000))
    chunk = (data[start:end] * times)[:MAX_OUT]
    at = rng.choice((start, end, rng.randrange(len(data) + 1)))
    return data[:at] + chunk + data[at:]


def splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """The head of one fixture on the tail of another."""
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def insert_other(data: bytes, rng: random.Random, other: bytes) -> bytes:
    start, end = _span(other, rng, 16384)
    at = rng.randrange(len(data) + 1)
    return data[:at] + other[start:end] + data[at:]


BYTE_MUTATIONS: dict[str, Mutation] = {
    "flip": flip_bytes,
    "interesting": interesting_bytes,
    "truncate": truncate,
    "insert": insert_random,
    "delete": delete_chunk,
    "duplicate": duplicate_chunk,
    "splice": splice,
    "insert-other": insert_other,
}


# --- HTML / XHTML trees ------------------------------------------------------------------------------------


def _elements(root) -> list:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _tree_edit(root, rng: random.Random) -> str:
    """One edit of the tree in place: delete, duplicate, move, empty an element, or drop its id/class."""
    elements = _elements(root)
    target = rng.choice(elements)
    parent = target.getparent()
    op = rng.choice(("delete", "duplicate", "move", "empty", "attrs", "retag"))
    if parent is None and op in ("delete", "duplicate", "move"):
        op = "empty"
    if op == "delete":
        parent.remove(target)
    elif op == "duplicate":
        from copy import deepcopy

        for _ in range(rng.choice((1, 1, 5, 50))):
            target.addnext(deepcopy(target))
    elif op == "move":
        host = rng.choice(elements)
        if host is not target and target not in list(host.iterancestors()):
            parent.remove(target)
            host.insert(rng.randint(0, len(host)), target)
    elif op == "empty":
        target.clear()
    elif op == "attrs":
        for name in list(target.attrib):
            if rng.random() < 0.7:
                del target.attrib[name]
    else:
        target.tag = rng.choice(("div", "p", "span", "h2", "dl", "dd", "blockquote", "hr", "br", "table"))
    return op


def mutate_html_tree(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Parse as HTML, edit the tree one to three times, and serialize (with its doctype, or without)."""
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return flip_bytes(data, rng, other)
    for _ in range(rng.randint(1, 3)):
        _tree_edit(root, rng)
    return lxml_html.tostring(
        root, encoding="utf-8", doctype="<!DOCTYPE html>" if rng.random() < 0.7 else None
    )


def strip_wrapper(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """A fragment, as some browsers and tools save a page: an element's HTML alone, with no doctype, html,
    head or body; sometimes with a damaged `<html` start instead."""
    if rng.random() < 0.25:
        damaged = rng.choice((b"<htm", b"<hml", b"< html", b""))
        return re.sub(rb"<html", damaged, data, count=1, flags=re.IGNORECASE)
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return data
    body = root.find("body")
    candidates = [e for e in _elements(body if body is not None else root) if len(e) > 2] or [root]
    keep = candidates[min(len(candidates) - 1, int(rng.random() ** 3 * len(candidates)))]  # mostly outer ones
    return lxml_html.tostring(keep, encoding="utf-8")


def deep_nesting(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Hundreds to thousands of nested elements around (or inside) a random element of the page."""
    depth = rng.choice((300, 500, 1000, 5000, 20000))
    tag = rng.choice((b"div", b"span", b"blockquote", b"p", b"b", b"ul", b"li", b"dl"))
    opens = [m.start() for m in re.finditer(rb"<(?:p|div|blockquote|dd|span)\b", data)] or [len(data) // 2]
    at = rng.choice(opens)
    inner = rng.choice((b"", b"Deep text, said she.", b"<p>\xe2\x80\x9cHi,\xe2\x80\x9d he said.</p>"))
    close = b"</" + tag + b">" if rng.random() < 0.8 else b""
    return data[:at] + (b"<" + tag + b">") * depth + inner + close * depth + data[at:]


def mutate_xml_tree(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """An XML member (OPF, NCX, container.xml, XHTML) with one tree edit, or its text mangled."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return flip_bytes(data, rng, other)
    if rng.random() < 0.3:
        element = rng.choice(_elements(root))
        element.text = rng.choice(("", "x" * 100000, "../../../../etc/passwd", "\u202e\ufeff", "9" * 40))
    else:
        _tree_edit(root, rng)
    return etree.tostring(root, xml_declaration=rng.random() < 0.8, encoding="utf-8")


# --- zip members (EPUB) ------------------------------------------------------------------------------------


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:
        return None


def rezip(members: list[tuple[str, bytes]], rng: random.Random | None = None) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate member names are one of the mutations
        for name, content in members:
            stored = name == "mimetype" or (rng is not None and rng.random() < 0.2)
            archive.writestr(
                zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)),
                content,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def mutate_zip_member(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Open the zip, mutate one member (its tree or its bytes), drop, add, rename or reorder members, and
    write a well-formed zip again, so the reader gets past the container to the damaged content."""
    infos = _zip_members(data)
    if not infos:
        return flip_bytes(data, rng, other)
    members = [(info.filename, content) for info, content in infos]
    op = rng.choice(("content", "content", "content", "drop", "rename", "reorder", "add", "double"))
    i = rng.randrange(len(members))
    name, content = members[i]
    if op == "content":
        textual = [
            k
            for k, (n, _) in enumerate(members)
            if n.lower().endswith((".xhtml", ".html", ".opf", ".ncx", ".xml"))
        ]
        i = rng.choice(textual) if textual else i
        name, content = members[i]
        mutation = rng.choice(
            (
                mutate_xml_tree,
                mutate_xml_tree,
                mutate_html_tree,
                deep_nesting,
                flip_bytes,
                truncate,
                duplicate_chunk,
                interesting_bytes,
                insert_pathological,
            )
        )
        members[i] = (name, mutation(content, rng, other)[:MAX_OUT])
    elif op == "drop":
        del members[i]
    elif op == "rename":
        members[i] = (
            rng.choice(("../" + name, name.upper(), "x/" + name, name + "\x00", "/" + name, "")) or "a",
            content,
        )
    elif op == "reorder":
        rng.shuffle(members)
    elif op == "add":
        members.insert(rng.randint(0, len(members)), (f"OEBPS/extra{i}.xhtml", content))
    else:
        members.insert(i + 1, (name, content[::-1] if rng.random() < 0.5 else content))
    try:
        return rezip(members, rng)
    except (ValueError, OSError):
        return data


# --- MOBI / AZW3 headers -----------------------------------------------------------------------------------

_U32 = (0, 1, 2, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000, 65001, 1252)
_U16 = (0, 1, 2, 0xFFFF, 0x8000, 17480, 4096)


def mutate_mobi_header(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Set a field of the PDB header, the record list, the PalmDOC or MOBI header to a boundary value, or
    make record offsets point backwards, past the end or at each other."""
    if len(data) < 90:
        return flip_bytes(data, rng, other)
    out = bytearray(data)
    count = struct.unpack_from(">H", out, 76)[0]
    offsets = [
        struct.unpack_from(">I", out, 78 + 8 * k)[0] for k in range(count) if 78 + 8 * k + 4 <= len(out)
    ]
    record0 = offsets[0] if offsets and offsets[0] + 256 <= len(out) else 78
    fields = [(76, 2)] + [
        (record0 + off, size)
        for off, size in (
            (0, 2),
            (4, 4),
            (8, 2),
            (10, 2),
            (12, 2),
            (20, 4),
            (24, 4),
            (28, 4),
            (80, 4),
            (84, 4),
            (88, 4),
            (108, 4),
            (128, 4),
            (192, 4),
            (224, 4),
            (242, 2),
        )
    ]
    op = rng.random()
    if op < 0.6 or not offsets:
        at, size = rng.choice(fields)
        if at + size <= len(out):
            value = rng.choice(_U16 if size == 2 else _U32)
            if rng.random() < 0.3:
                value = (int.from_bytes(out[at : at + size], "big") + rng.choice((-1, 1))) % (1 << (8 * size))
            out[at : at + size] = value.to_bytes(size, "big")
    else:
        k = rng.randrange(len(offsets))
        new = rng.choice(
            (
                0,
                len(data),
                len(data) + 1000,
                0xFFFFFFFF,
                offsets[rng.randrange(len(offsets))],
                max(0, offsets[k] - rng.randint(1, 200)),
            )
        )
        struct.pack_into(">I", out, 78 + 8 * k, new)
    return bytes(out)


# --- PDF ---------------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def mutate_pdf_stream(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Inflate one Flate stream (page content, font, object stream), mutate what is inside, deflate it
    again and fix its /Length, so the damage reaches the parser behind the compression."""
    streams = list(_STREAM.finditer(data))
    rng.shuffle(streams)
    for match in streams[:5]:
        try:
            inner = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        mutation = rng.choice(
            (flip_bytes, interesting_bytes, truncate, duplicate_chunk, delete_chunk, _pdf_operators)
        )
        packed = zlib.compress(mutation(inner, rng, other)[:MAX_OUT])
        head = data[: match.start(1)]
        head = _fix_length(head, len(packed))
        return head + packed + data[match.end(1) :]
    return mutate_pdf_syntax(data, rng, other)


def _fix_length(head: bytes, length: int) -> bytes:
    dict_start = head.rfind(b"<<")
    found = list(re.finditer(rb"/Length\s+\d+", head[dict_start:]))
    if dict_start < 0 or not found:
        return head
    m = found[-1]
    return head[: dict_start + m.start()] + b"/Length %d" % length + head[dict_start + m.end() :]


def _pdf_operators(inner: bytes, rng: random.Random, other: bytes) -> bytes:
    """Content-stream text operators that stress a text extractor: huge strings, many tiny moves, deep
    arrays, odd fonts and matrices."""
    piece = rng.choice(
        (
            b"BT /F1 12 Tf 0 0 Td (" + b"A" * 200000 + b") Tj ET\n",
            b"BT " + b"1 0 Td (a) Tj " * 20000 + b"ET\n",
            b"BT /F1 12 Tf [" + b"(x) -250 " * 20000 + b"] TJ ET\n",
            b"[" * 5000 + b"]" * 5000 + b"\n",
            b"BT /F9 0 Tf 0 0 0 0 0 0 Tm (zero) Tj ET\n",
            b"BT /F1 1e308 Tf 1e308 1e308 Td (big) Tj ET\n",
            b"q " * 10000 + b"Q " * 10000 + b"\n",
        )
    )
    at = rng.randrange(len(inner) + 1)
    return inner[:at] + piece + inner[at:]


def mutate_pdf_syntax(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Damage the PDF's own syntax: a number set to a boundary value, an object duplicated, a keyword
    removed, deep nesting, or an xref table that points anywhere."""
    op = rng.choice(("number", "number", "dup-object", "keyword", "nesting", "xref"))
    if op == "number":
        numbers = list(re.finditer(rb"(?<![\w.])\d{1,9}(?![\w.])", data))
        if numbers:
            m = rng.choice(numbers)
            value = rng.choice((b"0", b"-1", b"999999999", b"2147483648", b"1e400", b"3.5", b"-0"))
            return data[: m.start()] + value + data[m.end() :]
    if op == "dup-object":
        objects = list(re.finditer(rb"\d+ \d+ obj.*?endobj", data, re.DOTALL))
        if objects:
            m = rng.choice(objects)
            return data[: m.end()] + (b"\n" + m.group(0)) * rng.choice((1, 100)) + data[m.end() :]
    if op == "keyword":
        word = rng.choice(
            (
                b"endobj",
                b"endstream",
                b"xref",
                b"trailer",
                b"startxref",
                b"/Root",
                b"/Pages",
                b"/Kids",
                b"/Type",
                b"/Parent",
                b"/Count",
                b"/Font",
                b"/ToUnicode",
                b"/Outlines",
            )
        )
        spots = [m.start() for m in re.finditer(re.escape(word), data)]
        if spots:
            at = rng.choice(spots)
            replacement = rng.choice(
                (b"", word[:-1], b"/Root 1 0 R", b"/Kids [1 0 R 1 0 R]", b"/Parent 3 0 R")
            )
            return data[:at] + replacement + data[at + len(word) :]
    if op == "nesting":
        at = rng.randrange(len(data) + 1)
        token = rng.choice(((b"[", b"]"), (b"<<", b">>"), (b"(", b")")))
        depth = rng.choice((100, 1000, 10000))
        return data[:at] + token[0] * depth + token[1] * depth * rng.randint(0, 1) + data[at:]
    xref = data.rfind(b"startxref")
    if xref >= 0:
        return data[:xref] + b"startxref\n" + str(rng.randrange(len(data) + 1)).encode() + b"\n%%EOF\n"
    return flip_bytes(data, rng, other)


# --- text --------------------------------------------------------------------------------------------------


def insert_pathological(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """A pathological passage (runs of marks, nested quotes, huge lines...) inserted into the text."""
    passage = pathological_passage(rng, rng.choice(INSERT_SIZES)).encode("utf-8")
    at = rng.randrange(len(data) + 1)
    return data[:at] + passage + data[at:]


def reencode_text(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """The same text in another encoding, with a stray BOM, other line ends, or no line ends at all."""
    text = data.decode("utf-8", "replace")
    op = rng.choice(("utf-16", "cp1252", "latin-1", "bom", "crlf", "cr", "no-newlines", "nul"))
    if op in ("utf-16", "cp1252", "latin-1"):
        return text.encode(op, "replace")
    if op == "bom":
        at = rng.randrange(len(text) + 1)
        return (text[:at] + "\ufeff" + text[at:]).encode("utf-8")
    if op == "nul":
        return text.encode("utf-8").replace(b" ", b"\x00", rng.randint(1, 1000))
    return text.replace("\n", {"crlf": "\r\n", "cr": "\r", "no-newlines": " "}[op]).encode("utf-8")


def shuffle_paragraphs(data: bytes, rng: random.Random, other: bytes) -> bytes:
    parts = re.split(rb"(\n\s*\n)", data)
    op = rng.random()
    if op < 0.4:
        rng.shuffle(parts)
    elif op < 0.7 and parts:
        i = rng.randrange(len(parts))
        parts[i:i] = [parts[i]] * rng.choice((2, 10, 100))
    else:
        parts = [p for p in parts if rng.random() < 0.7]
    return b"".join(parts)[:MAX_OUT]


TEXT_MUTATIONS: dict[str, Mutation] = {
    "pathological": insert_pathological,
    "reencode": reencode_text,
    "paragraphs": shuffle_paragraphs,
}
HTML_MUTATIONS: dict[str, Mutation] = {
    "tree": mutate_html_tree,
    "strip-wrapper": strip_wrapper,
    "deep-nesting": deep_nesting,
    "pathological": insert_pathological,
}
STRUCTURAL: dict[str, dict[str, Mutation]] = {
    "ao3-page": HTML_MUTATIONS,
    "html": HTML_MUTATIONS,
    "text": TEXT_MUTATIONS,
    "reproducer": TEXT_MUTATIONS,
    "epub": {"zip-member": mutate_zip_member},
    "mobi": {"mobi-header": mutate_mobi_header},
    "azw3": {"mobi-header": mutate_mobi_header},
    "pdf": {"pdf-stream": mutate_pdf_stream, "pdf-syntax": mutate_pdf_syntax},
}
