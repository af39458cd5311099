"""Office files and e-books are zip archives: checked from their directory before any reader opens them.

A zip bomb (a few KB unpacking to gigabytes) is refused without unpacking anything, a file whose archive
lacks the part its format requires is refused as not that format, and macros are noted (never run).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePath

from qa.errors import SourceError

# More than this many bytes unpacked, or this ratio of unpacked to packed bytes, is a zip bomb, not a
# document (real Office files unpack to a few MB at ratios under 20).
MAX_UNPACKED_BYTES = 200_000_000
MAX_ZIP_RATIO = 100
# An Office 97–2003 file (.doc, .xls, .ppt) is an OLE2 compound file, which opens with these bytes.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an Office file encrypted with a password keeps its package in, as its OLE2 directory names it:
# a ".docx" or ".xlsx" that is no zip but an OLE2 file holding it is locked, not damaged.
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Each Office format: what it is called in a message, and the part its archive must hold.
OFFICE = {
    ".docx": ("a Word .docx file", "word/document.xml"),
    ".xlsx": ("an Excel .xlsx workbook", "xl/workbook.xml"),
    ".pptx": ("a PowerPoint .pptx file", "ppt/presentation.xml"),
    ".epub": ("an EPUB e-book", "META-INF/container.xml"),
    ".odt": ("an OpenDocument .odt file", "content.xml"),
    ".ods": ("an OpenDocument .ods spreadsheet", "content.xml"),
    ".odp": ("an OpenDocument .odp presentation", "content.xml"),
}
# Office's other names for the same packages: macro-enabled files (".docm"; macros are never run), templates
# (".dotx") and slide shows (".ppsx") hold the parts of the format they vary, and are read as it is.
VARIANTS = {
    **dict.fromkeys((".docm", ".dotx", ".dotm"), ".docx"),
    **dict.fromkeys((".pptm", ".ppsx", ".ppsm", ".potx", ".potm"), ".pptx"),
    **dict.fromkeys((".xlsm", ".xltx", ".xltm"), ".xlsx"),
}
OFFICE |= {
    v: (f"{OFFICE[base][0].rsplit(' ', 2)[0]} {v} file", OFFICE[base][1]) for v, base in VARIANTS.items()
}
# The main part's type of each variant, as its [Content_Types].xml declares it; python-docx and python-pptx
# open only the plain format's ("is not a Word file, content type is …macroEnabled.main+xml").
_VARIANT_TYPE = re.compile(
    rb"application/vnd\.(?:ms-word\.(?:document\.macroEnabled|template\.macroEnabledTemplate)"
    rb"|openxmlformats-officedocument\.wordprocessingml\.template"
    rb"|ms-powerpoint\.(?:presentation|slideshow|template)\.macroEnabled"
    rb"|openxmlformats-officedocument\.presentationml\.(?:slideshow|template))\.main\+xml"
)
_PLAIN_WORD = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PLAIN_SLIDES = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def locked(name: str) -> SourceError:
    """The one line for an Office or OpenDocument file locked with a password."""
    return SourceError(f"skipped {name}: it is locked with a password; save a copy without one")


def own_suffix(name: str, base: str) -> str:
    """The format a file named ``name`` is checked as, read by the reader of ``base``: its own suffix where
    that is one of ``base``'s variants (".docm"), else ``base`` (a converted ".doc" is read as ".docx")."""
    suffix = PurePath(name).suffix.lower()
    return suffix if VARIANTS.get(suffix) == base else base


def plain(data: bytes) -> bytes:
    """An Office package whose main part is typed as a variant's (macro-enabled, template, slide show),
    typed as the plain format's instead, in memory, every other part as it was; other bytes unchanged. Its
    size was checked first (``check_zip``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError:
            return data
        if not _VARIANT_TYPE.search(types):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                part = archive.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    part = _VARIANT_TYPE.sub(_plain_type, part)
                copy.writestr(info, part)
    return out.getvalue()


def _plain_type(variant: re.Match) -> bytes:
    """The plain main type for a variant's: Word's ("ms-word", "wordprocessingml") or PowerPoint's."""
    return _PLAIN_WORD if b"word" in variant.group(0) else _PLAIN_SLIDES


def xml_part(archive: zipfile.ZipFile, path: str):
    """One XML part of an archive, parsed as untrusted input (``untrusted_xml``); KeyError when the archive
    lacks it."""
    return untrusted_xml(archive.read(path), path)


def untrusted_xml(blob: bytes, what: str = "the part"):
    """XML parsed as untrusted input: entities unresolved, nothing fetched, comments dropped, what is broken
    recovered; ValueError when nothing of it parses (a damaged file, which the reader's caller says in one
    line)."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(blob, parser)
    if root is None:
        raise ValueError(f"{what} is not XML")
    return root


def check_zip(name: str, data: bytes | Path, suffix: str | None = None) -> list[str]:
    """Refuse zip bombs and archives of another format (from the archive's directory: nothing is
    unpacked); note macros (never run). ``suffix``: the format it must be, where the name does not say
    (an .xlsx workbook named ".xls")."""
    kind, required = OFFICE[suffix or PurePath(name).suffix.lower()]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile:
        raise SourceError(f"skipped {name}: not {kind} (a damaged zip archive)") from None
    with archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
            raise SourceError(
                f"skipped {name}: it unpacks to {unpacked:,} bytes ({unpacked // packed}x): "
                "a zip bomb, not a document"
            )
        names = {i.filename for i in infos}
        if required not in names and "_rels/.rels" in names:
            required = _main_part(archive, required)
    if required not in names:
        raise SourceError(f"skipped {name}: not {kind} (no {required})")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return [f"{name}: macros in the document are ignored (never run)"]
    return []


def _main_part(archive: zipfile.ZipFile, usual: str) -> str:
    """Where an Office file's package says its document stands ("/word/document2.xml": any name is valid,
    the usual one is only usual), when that is in the usual part's folder; else the usual name."""
    try:
        rels = xml_part(archive, "_rels/.rels")
    except (KeyError, ValueError):
        return usual
    for rel in rels:
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            target = str(rel.get("Target", "")).lstrip("/")
            if target.split("/")[0] == usual.split("/")[0]:
                return target
    return usual


__all__ = [
    "ENCRYPTED",
    "MAX_UNPACKED_BYTES",
    "MAX_ZIP_RATIO",
    "OFFICE",
    "OLE2",
    "VARIANTS",
    "check_zip",
    "locked",
    "own_suffix",
    "plain",
    "untrusted_xml",
    "xml_part",
]
