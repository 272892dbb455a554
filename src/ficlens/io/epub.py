"""Reader: EPUB (formats "ao3-epub" and "epub"), in memory through `archive.SafeZip`.

``META-INF/container.xml`` names the OPF package; its spine gives the reading order of the XHTML files.
XML is parsed by lxml with entities, DTDs and network access off (no XXE, no entity bombs); XHTML by
selectolax. An EPUB that AO3 made is calibre's split of AO3's download document, so its spine files are
joined into one document and read by the download template parser, with every field the preface carries.
Any other EPUB is read generically: title, authors and language from the OPF's Dublin Core, chapters at the
spine files' headings, titled by the heading or else by the table of contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ficlens.errors import CorruptFile, FicError, UnsupportedFormat
from ficlens.io import ao3_common, ao3_download, html
from ficlens.io.archive import SafeZip, resolve
from ficlens.io.base import Parsed
from ficlens.model import Metadata

FORMAT = "epub"
AO3_FORMAT = "ao3-epub"
name = FORMAT

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_XHTML_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}
AO3_PUBLISHER = "Archive of Our Own"
AO3_MARKER = b"Posted originally on the"


def sniff(data: bytes) -> bool:
    """A zip whose first member is the ``mimetype`` file EPUB requires, or whose directory lists a
    ``META-INF/container.xml`` (some tools do not put the mimetype first)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    return b"application/epub+zip" in data[:256] or b"META-INF/container.xml" in data[-65536:]


@dataclass
class Package:
    """What the OPF says: Dublin Core metadata, the spine's documents in order, and TOC labels."""

    opf_path: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    publisher: str | None = None
    description: str | None = None  # often HTML, as calibre and AO3 write it
    spine: list[str] = field(default_factory=list)  # member names, reading order
    toc: dict[str, str] = field(default_factory=dict)  # member name → first TOC label pointing into it


def parse(data: bytes, path: str) -> Parsed:
    archive = SafeZip.open(data, path)
    return parse_archive(archive, path)


def parse_archive(
    archive: SafeZip, path: str, *, ao3_format: str = AO3_FORMAT, generic_format: str = FORMAT
) -> Parsed:
    """An opened EPUB (the MOBI reader hands over the EPUB that KF8 files unpack to)."""
    package = read_package(archive, path)
    documents = [(member, archive.read(member)) for member in package.spine]
    if not documents:
        raise CorruptFile(path, "EPUB with an empty spine: no documents to read")
    if package.publisher == AO3_PUBLISHER or any(AO3_MARKER in doc for _, doc in documents):
        tree = html.parse_markup(join_bodies([doc for _, doc in documents], path))
        parsed = ao3_download.parse_tree(tree, path, format=ao3_format)
        _fill_from_package(parsed.metadata, package)
        return parsed
    return _generic(package, documents, path, generic_format)


def read_package(archive: SafeZip, path: str) -> Package:
    container = parse_xml(archive.read("META-INF/container.xml"), path, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", NS)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise CorruptFile(path, "EPUB container.xml names no OPF package")
    opf = parse_xml(archive.read(opf_path), path, opf_path)
    package = Package(opf_path=opf_path)
    read_dublin_core(opf, package)
    manifest = {item.get("id"): item for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    for ref in opf.iterfind(".//opf:spine/opf:itemref", NS):
        item = manifest.get(ref.get("idref"))
        if item is None or item.get("media-type") not in _XHTML_TYPES or not item.get("href"):
            continue
        if "nav" in (item.get("properties") or "").split():
            continue  # the EPUB 3 table of contents page is not story text
        member = resolve(opf_path, item.get("href"))
        if archive.has(member):
            package.spine.append(member)
    package.toc = _toc_labels(archive, opf, opf_path, manifest, path)
    return package


def read_dublin_core(opf: etree._Element, package: Package) -> None:
    package.title = _dc_text(opf, "title")
    package.authors = [text for text in (_text(el) for el in opf.iterfind(".//dc:creator", NS)) if text]
    package.language = _dc_text(opf, "language")
    package.publisher = _dc_text(opf, "publisher")
    description = _dc_text(opf, "description")
    if description:
        package.description = ao3_common.plain_text(html.parse_markup(description).body)


def join_bodies(documents: list[bytes], path: str) -> str:
    """The bodies of several XHTML files as one HTML document, in order."""
    bodies = []
    for doc in documents:
        body = html.parse_markup(html.decode_markup(doc, path)).body
        if body is not None:
            bodies.append(body.inner_html or "")
    return "<html><body>" + "\n".join(bodies) + "</body></html>"


def parse_xml(data: bytes, path: str, member: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _XML)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptFile(path, f"EPUB member {member!r} is not well-formed XML ({str(exc)[:80]})") from None
    if root is None:
        raise CorruptFile(path, f"EPUB member {member!r} is empty")
    return root


def _generic(package: Package, documents: list[tuple[str, bytes]], path: str, format: str) -> Parsed:
    """Chapters at headings; a spine file without a heading continues the chapter before it, unless the
    table of contents points at it, which starts a chapter under the TOC's label."""
    chapters: list = []
    for member, doc in documents:
        body = html.parse_markup(html.decode_markup(doc, path)).body
        if body is None:
            continue
        html.strip_furniture(body)
        found = html.split_at_headings(body, first_title=package.toc.get(member))
        if found and found[0][0].title is None and chapters:
            chapters[-1][1].extend(found.pop(0)[1])  # calibre splits one chapter over several files
        chapters.extend(found)
    if not chapters:
        raise UnsupportedFormat(path, "EPUB without any text (images only?)")
    metadata = Metadata(
        title=package.title, authors=package.authors, language=package.language, summary=package.description
    )
    return html.build(format, metadata, chapters)


def _fill_from_package(metadata: Metadata, package: Package) -> None:
    """What the download's preface lacked (a split that lost its title page) from the OPF."""
    metadata.title = metadata.title or package.title
    metadata.authors = metadata.authors or package.authors
    metadata.language = metadata.language or package.language
    metadata.summary = metadata.summary or package.description


def _toc_labels(archive: SafeZip, opf, opf_path: str, manifest: dict, path: str) -> dict[str, str]:
    """Member → label from the EPUB 2 NCX or the EPUB 3 nav document (the first label wins)."""
    labels: dict[str, str] = {}
    spine = opf.find(".//opf:spine", NS)
    ncx_item = manifest.get(spine.get("toc")) if spine is not None else None
    nav_item = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    try:
        if ncx_item is not None and ncx_item.get("href"):
            member = resolve(opf_path, ncx_item.get("href"))
            ncx = parse_xml(archive.read(member), path, member)
            for point in ncx.iterfind(".//ncx:navPoint", NS):
                label = _text(point.find("ncx:navLabel/ncx:text", NS))
                content = point.find("ncx:content", NS)
                if label and content is not None and content.get("src"):
                    labels.setdefault(resolve(member, content.get("src")), label)
        elif nav_item is not None and nav_item.get("href"):
            member = resolve(opf_path, nav_item.get("href"))
            nav = html.parse_markup(html.decode_markup(archive.read(member), path))
            for anchor in nav.css("nav a"):
                href, label = anchor.attributes.get("href"), " ".join(anchor.text().split())
                if href and label:
                    labels.setdefault(resolve(member, href), label)
    except FicError as exc:
        if exc.code == "E007":  # a bomb or a traversal in the TOC is still an unsafe archive
            raise
        return {}  # a broken table of contents costs chapter titles, not the book
    return labels


def _dc_text(opf, tag: str) -> str | None:
    return _text(opf.find(f".//dc:{tag}", NS))


def _text(element) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None
