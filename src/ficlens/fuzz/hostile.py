"""Hostile archives, built here from our own words: zip bombs (honest and lying directories, overlapping
members), path traversal, huge member counts, nested zips, bad CRCs, encrypted members, XML entity bombs and
external entities, and a spine that reads one chapter thousands of times. Each is an EPUB-shaped zip so the
sniffer hands it to the EPUB reader, which must refuse it with a FicError, quickly and in little memory."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable
from functools import cache

from ficlens.fuzz.mutate import rezip

CONTAINER = (
    b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:'
    b'container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-'
    b'package+xml"/></rootfiles></container>'
)
CHAPTER = (
    "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'><head><title>One"
    "</title></head><body><h2>Chapter One</h2><p>“Where were you?” Anna asked.</p><p>“Out,” said Ben, "
    "and he shrugged.</p></body></html>"
).encode()


def opf(items: list[str], spine: list[str] | None = None, extra: bytes = b"") -> bytes:
    manifest = "".join(
        f'<item id="i{k}" href="{href}" media-type="application/xhtml+xml"/>' for k, href in enumerate(items)
    )
    order = spine if spine is not None else [f"i{k}" for k in range(len(items))]
    itemrefs = "".join(f'<itemref idref="{ref}"/>' for ref in order)
    return (
        b'<?xml version="1.0"?>' + extra + b'<package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
        b'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Hostile</dc:title></metadata>'
        + f"<manifest>{manifest}</manifest><spine>{itemrefs}</spine></package>".encode()
    )


def epub(members: list[tuple[str, bytes]], *, opf_bytes: bytes | None = None) -> bytes:
    hrefs = [name.removeprefix("OEBPS/") for name, _ in members]
    return rezip(
        [
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", opf_bytes or opf(hrefs)),
            *members,
        ]
    )


def plain() -> bytes:
    return epub([("OEBPS/ch1.xhtml", CHAPTER)])


@cache
def _zeros_member(size: int) -> bytes:
    return epub([("OEBPS/ch1.xhtml", CHAPTER[:-14] + b" " * size + b"</body></html>")])


def bomb_honest(rng: random.Random) -> bytes:
    """A member that declares its true, huge size (whitespace compresses about 1000:1)."""
    return _zeros_member(rng.choice((70, 300)) * 2**20)


def bomb_lying(rng: random.Random) -> bytes:
    """The same bomb with its directory and local header claiming a small size: only a cap on the bytes
    actually decompressed stops it."""
    data = bytearray(_zeros_member(70 * 2**20))
    claimed = rng.choice((1000, 60000, 2**20))
    for sig, field in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(sig)
        while at >= 0:
            name_len = struct.unpack_from("<H", data, at + (28 if sig == b"PK\x01\x02" else 26))[0]
            name_at = at + (46 if sig == b"PK\x01\x02" else 30)
            if bytes(data[name_at : name_at + name_len]) == b"OEBPS/ch1.xhtml":
                struct.pack_into("<I", data, at + field, claimed)
            at = data.find(sig, at + 4)
    return bytes(data)


def overlapping(rng: random.Random) -> bytes:
    """Many directory entries pointing at one compressed member (the overlapping-files bomb)."""
    base = bytearray(_zeros_member(rng.choice((2, 20)) * 2**20))
    cd = base.find(b"PK\x01\x02")
    end = base.find(b"PK\x05\x06")
    entries, at = [], cd
    while at < end:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", base, at + 28)
        size = 46 + name_len + extra_len + comment_len
        entries.append(bytes(base[at : at + size]))
        at += size
    big = next(e for e in entries if e[46 : 46 + 15] == b"OEBPS/ch1.xhtml")
    copies = rng.choice((100, 2000))
    extra = [big[:46] + f"OEBPS/c{k:05}.xhtml".encode() for k in range(copies)]
    extra = [e[:28] + struct.pack("<H", len(e) - 46) + e[30:] for e in extra]
    directory = b"".join(entries) + b"".join(extra)
    tail = bytearray(base[end:])
    total = len(entries) + copies
    struct.pack_into("<HHII", tail, 8, total, total, len(directory), cd)
    return bytes(base[:cd]) + directory + bytes(tail)


def traversal(rng: random.Random) -> bytes:
    name = rng.choice(
        (
            "../../evil.xhtml",
            "/etc/passwd",
            "C:\\evil.xhtml",
            "OEBPS/../../x.xhtml",
            "OEBPS/a\x00b.xhtml",
            "..\\..\\evil.xhtml",
        )
    )
    href = rng.choice(("../../../../etc/passwd", "/etc/passwd", "file:///etc/passwd", name))
    return epub([(name, CHAPTER), ("OEBPS/ch1.xhtml", CHAPTER)], opf_bytes=opf([href, "ch1.xhtml"]))


@cache
def _many(count: int) -> bytes:
    members = [(f"OEBPS/m{k}.xhtml", b"<p>x</p>") for k in range(count)]
    return epub([("OEBPS/ch1.xhtml", CHAPTER), *members], opf_bytes=opf(["ch1.xhtml"]))


def many_members(rng: random.Random) -> bytes:
    return _many(rng.choice((9_990, 20_000, 60_000)))


def nested(rng: random.Random) -> bytes:
    """An EPUB whose chapter is itself a zip, or an EPUB inside a zip inside a zip."""
    inner = plain()
    for _ in range(rng.choice((1, 3, 10))):
        inner = rezip([("mimetype", b"application/epub+zip"), ("book.epub", inner)])
    if rng.random() < 0.5:
        return inner
    return epub([("OEBPS/ch1.xhtml", inner)])


def bad_crc(rng: random.Random) -> bytes:
    data = bytearray(epub([("OEBPS/ch1.xhtml", CHAPTER * 20)]))
    at = data.find(b"OEBPS/ch1.xhtml", data.find(b"OEBPS/ch1.xhtml") + 1)  # the local header's name
    target = data.find(b"OEBPS/ch1.xhtml") + 15 + rng.randint(5, 200)  # inside the compressed bytes
    if rng.random() < 0.5 and at > 0:
        data[target] ^= 0xFF
    else:
        local = data.find(b"PK\x03\x04", data.find(b"content.opf"))
        struct.pack_into("<I", data, local + 14, rng.getrandbits(32))
    return bytes(data)


def encrypted(rng: random.Random) -> bytes:
    """The members' 'encrypted' flag set (traditional PKWARE), or an EPUB that declares its content
    encrypted (DRM) in META-INF/encryption.xml."""
    if rng.random() < 0.5:
        enc = (
            b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><EncryptedData xmlns='
            b'"http://www.w3.org/2001/04/xmlenc#"><CipherData><CipherReference URI="OEBPS/ch1.xhtml"/>'
            b"</CipherData></EncryptedData></encryption>"
        )
        return rezip(
            [
                ("mimetype", b"application/epub+zip"),
                ("META-INF/container.xml", CONTAINER),
                ("META-INF/encryption.xml", enc),
                ("OEBPS/content.opf", opf(["ch1.xhtml"])),
                ("OEBPS/ch1.xhtml", rng.randbytes(len(CHAPTER))),
            ]
        )
    data = bytearray(plain())
    for sig, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            data[at + flags] |= 1
            at = data.find(sig, at + 4)
    return bytes(data)


def entity_bomb(rng: random.Random) -> bytes:
    """Billion laughs or an external entity (XXE) in container.xml, the OPF or a chapter."""
    if rng.random() < 0.5:
        doctype = (
            b'<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
            + b"".join(
                b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10)
                for k in range(1, 10)
            )
            + b"]>"
        )
        ref = b"&lol9;"
    else:
        doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        ref = b"&xxe;"
    where = rng.choice(("container", "opf", "chapter"))
    chapter = CHAPTER.replace(b"?>", b"?>" + doctype, 1).replace(b"Anna asked.", b"Anna asked " + ref + b".")
    container = CONTAINER.replace(b"?>", b"?>" + doctype, 1).replace(b"<rootfiles>", b"<rootfiles>" + ref)
    package = opf(["ch1.xhtml"]).replace(b"?>", b"?>" + doctype, 1).replace(b"Hostile", b"Hostile" + ref)
    return rezip(
        [
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", container if where == "container" else CONTAINER),
            ("OEBPS/content.opf", package if where == "opf" else opf(["ch1.xhtml"])),
            ("OEBPS/ch1.xhtml", chapter if where == "chapter" else CHAPTER),
        ]
    )


def spine_amplification(rng: random.Random) -> bytes:
    """A spine that lists one large chapter thousands of times: small on disk, gigabytes of text."""
    chapter = CHAPTER[:-14] + b"<p>" + b"She said nothing at all. " * 40000 + b"</p></body></html>"
    repeats = rng.choice((1000, 20000))
    return epub([("OEBPS/ch1.xhtml", chapter)], opf_bytes=opf(["ch1.xhtml"], spine=["i0"] * repeats))


def zip64_lies(rng: random.Random) -> bytes:
    """An end-of-directory record whose counts and offsets point anywhere."""
    data = bytearray(plain())
    end = data.rfind(b"PK\x05\x06")
    field, size = rng.choice(((8, 2), (10, 2), (12, 4), (16, 4)))
    value = rng.choice((0, 1, 0xFFFF, 0xFFFFFFFF, len(data)))
    data[end + field : end + field + size] = (value % (1 << (8 * size))).to_bytes(size, "little")
    return bytes(data)


HOSTILE: dict[str, Callable[[random.Random], bytes]] = {
    "bomb": bomb_honest,
    "lying-bomb": bomb_lying,
    "overlapping": overlapping,
    "traversal": traversal,
    "many-members": many_members,
    "nested": nested,
    "bad-crc": bad_crc,
    "encrypted": encrypted,
    "entity-bomb": entity_bomb,
    "spine-amplification": spine_amplification,
    "zip64-lies": zip64_lies,
}


def is_zip(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))
