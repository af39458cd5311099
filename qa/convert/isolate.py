"""Reading a converted file in a child process held to limits: whatever a file does to its reader, the server
and the build go on.

A PDF, Word file or image is read by C libraries (PDFium, libxml2, Tesseract, Pillow) on bytes anybody may
upload. A 708-byte PDF declaring a 14400-point page drew a 60,000-pixel square and took 14 GB; a Word file of
16 million empty paragraphs took minutes and 2 GB. So the reading runs in one long-lived child process
whose address space is capped (RLIMIT_AS, which Tesseract's processes inherit) and which is killed when a file
takes longer than its wall time. A file that breaks a limit is skipped with one line naming the limit and the
setting that raises it; the child is then started afresh for the next file. The limits are
``qa.settings.Limits`` (QA_EXTRACT_MEMORY_MB, QA_EXTRACT_SECONDS), read where the file is read.

The child is one ``python -c`` process talking pickled messages over a socket pair: it imports only the
readers (not the server, the encoder or torch), so it starts in about a second, once per process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from qa.convert.extracted import Extracted
from qa.errors import SourceError
from qa.settings import Limits

# A library error raised with the address space this close to its cap is taken for a failed allocation.
NEAR_LIMIT = 0.9
_CHILD = "import sys; from qa.convert.isolate import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"


@dataclass
class _Child:
    process: subprocess.Popen
    conn: Connection
    memory_mb: int


_lock = threading.Lock()  # one file at a time through the child; a build reads its files in turn anyway
_child: _Child | None = None


def extract(name: str, data: bytes, ocr_langs: str = "eng") -> Extracted:
    """qa/convert/extract.py's ``extract``, run in the child under ``Limits.from_env()``: the text, or
    SourceError saying why the file cannot be read, the limit it broke included."""
    limits = Limits.from_env()
    with _lock:
        child = _ready(limits.memory_mb)
        try:
            child.conn.send((name, data, ocr_langs, _settings()))
            if not child.conn.poll(limits.seconds):
                _stop()
                raise SourceError(
                    f"skipped {name}: reading it took over {limits.seconds:,} s "
                    "(QA_EXTRACT_SECONDS raises the limit)"
                )
            kind, value, spent = child.conn.recv()
        except (EOFError, OSError):
            code = _stop()
            raise SourceError(f"skipped {name}: {_death(code, limits.memory_mb)}") from None
        if kind == "memory" or spent:
            _stop()  # a MemoryError can leave a library's state half-made: the next file gets a fresh child
        if kind == "memory":
            raise SourceError(f"skipped {name}: {_over_memory(limits.memory_mb)}")
    if kind == "error":
        raise value
    return value


def _settings() -> dict[str, str]:
    """The QA_* variables as they are now: the child reads its limits from them, and it outlives a change."""
    return {key: value for key, value in os.environ.items() if key.startswith("QA_")}


def _over_memory(memory_mb: int) -> str:
    return f"reading it needed more than {memory_mb:,} MB of memory (QA_EXTRACT_MEMORY_MB raises the limit)"


def _death(code: int | None, memory_mb: int) -> str:
    """Why the child ended without an answer, in words: a failed allocation ends C code with SIGABRT or
    SIGSEGV, the kernel's out-of-memory killer with SIGKILL."""
    if code is not None and -code in (signal.SIGABRT, signal.SIGSEGV, signal.SIGKILL, signal.SIGBUS):
        name = signal.Signals(-code).name
        return f"its reader crashed ({name}; at most {memory_mb:,} MB, QA_EXTRACT_MEMORY_MB)"
    return f"its reader stopped (exit code {code})"


def _ready(memory_mb: int) -> _Child:
    """The running child, started (again) when there is none, it died, or the memory limit changed."""
    global _child
    if _child is not None and (_child.process.poll() is not None or _child.memory_mb != memory_mb):
        _stop()
    if _child is None:
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(theirs.fileno()), str(memory_mb)],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        _child = _Child(process, Connection(ours.detach()), memory_mb)
    return _child


def _stop() -> int | None:
    """End the child (killed if it is still at work); returns its exit code."""
    global _child
    child, _child = _child, None
    if child is None:
        return None
    child.conn.close()
    if child.process.poll() is None:
        child.process.kill()
    return child.process.wait()


def serve(fd: int, memory_mb: int) -> None:
    """The child's loop: read each file sent and send back its text or the error, until the parent goes."""
    import resource

    from qa.convert.extract import damaged
    from qa.convert.extract import extract as read

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    conn = Connection(fd)
    while True:
        try:
            name, data, langs, settings = conn.recv()
        except (EOFError, OSError):
            return
        for key in [k for k in os.environ if k.startswith("QA_")]:
            del os.environ[key]
        os.environ.update(settings)
        try:
            reply: tuple[str, object] = ("ok", read(name, data, langs))
        except MemoryError:
            reply = ("memory", None)
        except Exception as exc:  # SourceError, a reader's own bug, or a C library's failed allocation
            reply = ("error", exc if isinstance(exc, SourceError) else damaged(name, exc))
        del data
        spent = _near(limit)  # the high-water mark cannot be lowered: the next file gets a fresh child
        if spent and reply[0] == "error":  # an error raised near the cap was a failed allocation
            reply = ("memory", None)
        conn.send((*reply, spent))
        if spent:
            return


def _near(limit: int) -> bool:
    """Whether this process's address space ever came within NEAR_LIMIT of ``limit`` (its high-water mark):
    then a library's error (libxml2's "unknown error", PDFium's failed bitmap) was a failed allocation, and is
    reported as the limit."""
    try:
        status = open("/proc/self/status", encoding="ascii").read()
    except OSError:
        return False
    peak = next(
        (int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmPeak:")), 0
    )
    return peak >= NEAR_LIMIT * limit


__all__ = ["extract", "serve"]
