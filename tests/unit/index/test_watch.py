"""A watched folder hands on a batch only once its files have stopped changing, and never hidden files."""

from __future__ import annotations

import threading
import time

from qa.index.watch import _visible, settle


def test_a_file_still_being_written_is_waited_for(tmp_path):
    growing = tmp_path / "report.txt"
    growing.write_text("a", encoding="utf-8")

    def write_on() -> None:
        for _ in range(6):  # a slow copy: a chunk every 0.1 s for 0.6 s
            time.sleep(0.1)
            with growing.open("a", encoding="utf-8") as fh:
                fh.write("more text ")

    writer = threading.Thread(target=write_on)
    writer.start()
    started = time.monotonic()
    settle({growing}, wait=0.25)
    writer.join()
    assert time.monotonic() - started >= 0.5  # not before the copy ended
    assert growing.read_text(encoding="utf-8").count("more text") == 6


def test_a_removed_file_is_settled_and_hidden_files_are_not_the_librarys(tmp_path):
    started = time.monotonic()
    settle({tmp_path / "gone.txt"}, wait=0.05)
    assert time.monotonic() - started < 1
    keep = _visible(tmp_path.resolve())
    assert keep(None, str(tmp_path.resolve() / "notes" / "a.txt"))
    assert not keep(None, str(tmp_path.resolve() / ".removed" / "a.txt"))
    assert not keep(None, str(tmp_path.resolve() / ".a.txt.swp"))
