"""Office 97–2003 files (.doc, .xls, .ppt), told by their bytes. An Excel workbook is read by xlrd
(qa/convert/sheet.py). A Word or PowerPoint file becomes the .docx or .pptx that LibreOffice converts it to,
read as those are (qa/convert/word.py, slides.py): headings, lists, tables named by their header rows, a
slide per page. Nothing else reads these two binary formats well: LibreOffice (Debian's
``libreoffice-writer-nogui`` and ``libreoffice-impress-nogui``, which ``make`` installs) is run headless, in
a fresh profile of its own, with macros never run, inside the child process that holds every reading to
its limits (qa/convert/isolate.py).

A file under one of these names that is the newer format (a zip) is read as that; Word also saves RTF and
web pages under ".doc", and many sites' "export to Excel" writes a web page's table under ".xls": each is
read as what it is, as Word and Excel open them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from qa.convert import rtf, sheet, slides, webpage, word
from qa.convert.archive import OLE2
from qa.convert.encoding import narrowed
from qa.convert.extracted import Extracted
from qa.errors import SourceError

# The reader of each name's newer format (a zip), which also reads what LibreOffice converts the old one to.
NEWER = {".doc": word.read, ".xls": sheet.read_xlsx, ".ppt": slides.read}
SUFFIXES = tuple(NEWER)
# What LibreOffice converts a Word or PowerPoint file to, and the Debian package it needs for it.
CONVERTS = {".doc": ("docx", "libreoffice-writer-nogui"), ".ppt": ("pptx", "libreoffice-impress-nogui")}
# A conversion is cut at this many seconds: under QA_EXTRACT_SECONDS' default (120), so that a file
# LibreOffice hangs on is refused with its own reason, and the office process never outlives it.
CONVERT_SECONDS = 90


def read(name: str, data: bytes) -> Extracted:
    """The text of an Office 97–2003 file, or SourceError saying why it cannot be read."""
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    kind = kind_of(suffix, data)
    if kind is None:
        raise SourceError(refusal(name, suffix))
    if kind == "rtf":
        return rtf.read(name, data)
    if kind == "html":
        return webpage.read(name, data)
    if kind == "zip":
        return NEWER[suffix](name, data)  # the newer format under the old name
    if suffix == ".xls":
        return sheet.read_xls(name, data)  # xlrd reads the 97–2003 workbook itself
    target, package = CONVERTS[suffix]
    return NEWER[suffix](name, _converted(name, data, suffix, target, package))


def kind_of(suffix: str, data: bytes) -> str | None:
    """What a file named ``suffix`` (".doc", ".xls", ".ppt") holds: "ole2" (the 97–2003 format), "zip" (the
    newer one), "rtf" or "html" (what Word also saves as ".doc": a page that opens <html>; under ".xls" any
    page's tags, a bare table too), or None (none of these)."""
    if data.startswith(OLE2):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if suffix == ".doc" and data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if suffix == ".doc" and b"<html" in data[:4096].lower():
        return "html"
    if suffix == ".xls" and webpage.tagged(narrowed(data)):
        return "html"
    return None


def refusal(name: str, suffix: str) -> str:
    """The one line for a file whose bytes are none of what its name (``kind_of``) may hold."""
    if suffix == ".xls":
        return f"skipped {name}: not an Excel workbook (no Excel 97-2003 or .xlsx header, no table)"
    return f"skipped {name}: not a {suffix[1:]} file (no Office 97-2003 header)"


def _converted(name: str, data: bytes, suffix: str, target: str, package: str) -> bytes:
    """``data`` converted by LibreOffice to ``target`` (its bytes), in a scratch folder removed after."""
    office = shutil.which("soffice")
    if office is None:
        raise SourceError(
            f"skipped {name}: reading {suffix} files needs LibreOffice (apt-get install {package})"
        )
    with tempfile.TemporaryDirectory(prefix="qa-office-") as scratch:
        folder = Path(scratch)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        command = [
            office, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to", target, "--outdir", str(folder), str(source),
        ]  # fmt: skip
        _run(name, command)
        out = folder / f"document.{target}"
        if not out.is_file():
            raise SourceError(f"skipped {name}: LibreOffice could not read it (damaged or protected)")
        return out.read_bytes()


def _run(name: str, command: list[str]) -> None:
    """Run LibreOffice in a process group of its own, so that a conversion cut short leaves no office
    process behind (the launcher starts the converter as its child)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise SourceError(f"skipped {name}: LibreOffice took over {CONVERT_SECONDS} s to read it") from None


__all__ = ["SUFFIXES", "kind_of", "read", "refusal"]
