"""Reading a file only when it is a regular file: a device (``/dev/zero``), FIFO or socket named as a rule file
or catalog would otherwise be read without end, or block."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a folder, device, FIFO or socket, not a regular file."""

    def __init__(self, path: str | Path, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.strerror = f"not a regular file ({kind})"
        self.filename = str(path)

    def __str__(self) -> str:
        return str(self.strerror)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def read_bytes(path: str | Path) -> bytes:
    """The content of ``path`` if it is a regular file (after links); ``NotRegularFile`` otherwise. Opened without
    blocking, so a FIFO is refused rather than waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, _kind(mode))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def read_text(path: str | Path) -> str:
    """``read_bytes`` decoded as UTF-8 (``UnicodeDecodeError`` as ``Path.read_text`` raises it)."""
    return read_bytes(path).decode("utf-8")
