"""Where a download's bytes go: a path (through a temporary file, all-or-nothing) or a file object.

A download may have to start over (a media host that does not resume answers a retry with the whole
file): rewind() goes back to where the download started. A path's temporary file always can; a file
object only when it is seekable, back to the position it had when the download started (tell()), and
what was written after it is cut off (truncate()). A file object that is not seekable cannot, and
rewind() says so; nothing needs rewinding before the first byte is written.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
from typing import BinaryIO, Protocol, cast

from ._exceptions import ValidationError


class Writable(Protocol):
    """What a download can write to besides a path: any object with write(bytes), binary files included.

    A raw (unbuffered) file may write only part of what it is given: Sink.write writes the rest.
    """

    def write(self, data: bytes, /) -> object: ...


Destination = str | os.PathLike[str] | Writable


def check_destination(to: object, name: str = "to") -> None:
    """Raise ValidationError unless `to` can take a download: before anything is sent or written."""
    if isinstance(to, str | os.PathLike):
        path = os.path.abspath(os.fspath(to))
        directory = os.path.dirname(path)
        if os.path.isdir(path):
            raise ValidationError(name, f"is a directory; give the path of the file to write ({path!r})")
        if not os.path.isdir(directory):
            raise ValidationError(name, f"must be in a directory that exists; {directory!r} does not")
        return
    if isinstance(to, io.TextIOBase) or not callable(getattr(to, "write", None)):
        raise ValidationError(name, f"must be a path or a binary file object, not {type(to).__name__}")


def _start_of(file: Writable) -> int | None:
    """The position a file object can be rewound to, or None if it cannot be."""
    try:
        seekable = cast(BinaryIO, file)  # a file object without these raises AttributeError here
        return seekable.tell() if seekable.seekable() else None
    except (AttributeError, OSError, ValueError):  # no such method, a pipe, a closed file
        return None


class Sink:
    """A context manager: for a path, the file appears when the block succeeds, and only then."""

    def __init__(self, to: Destination) -> None:
        self._target: Writable | None = None  # what is written to, once open()
        self._file: BinaryIO | None = None  # for a path, the temporary file (also the target)
        self._temporary: str | None = None
        self._path: str | None = None
        self._start: int | None = 0
        if isinstance(to, str | os.PathLike):
            self._path = os.path.abspath(os.fspath(to))
        else:
            self._target = to
            self._start = _start_of(to)

    def open(self) -> None:
        """Make the temporary file for a path (once; a no-op for a file object)."""
        if self._target is not None or self._path is None:
            return
        directory, name = os.path.split(self._path)
        # Same directory: os.replace is then a rename on one file system, atomic. Not mkstemp: its 0600
        # would become the file's mode; os.open with 0666 gives the mode any new file gets (the umask's).
        self._temporary = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.part")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(self._temporary, flags, 0o666)
        self._target = self._file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        target = self._target
        assert target is not None, "open() first"
        # A raw file (open(..., buffering=0), a pipe: io.RawIOBase) may take only part of a chunk and
        # say how much, or None when it is non-blocking and full. Others write all or raise, and what
        # they return is theirs (None, True, a record count): not a count of bytes taken.
        if not isinstance(target, io.RawIOBase):
            target.write(chunk)
            return
        written = target.write(chunk)
        while written is None or written < len(chunk):
            if written is None:
                raise BlockingIOError("the file object to write to is non-blocking, and full")
            if written <= 0:
                raise OSError(f"the file object to write to took {written} of {len(chunk)} bytes")
            chunk = chunk[written:]  # a copy, but only on this rare path
            written = target.write(chunk)

    def rewind(self) -> bool:
        """Go back to where the download started, dropping what was written since; False if impossible."""
        if self._target is None or self._start is None:
            return self._target is None  # nothing written yet, or a file object that cannot seek
        seekable = cast(BinaryIO, self._target)  # its tell() and seekable() answered: _start_of()
        seekable.seek(self._start)
        seekable.truncate()
        return True

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if self._path is None:
            return  # a file object: what was written stays, and it stays open
        try:
            if exc_type is None:
                self.open()
                assert self._file is not None and self._temporary is not None
                with self._file as file:
                    file.flush()
                    os.fsync(file.fileno())  # on disk before the rename, or a crash could leave it empty
                os.replace(self._temporary, self._path)
        except BaseException:
            self._discard()
            raise
        if exc_type is not None:
            self._discard()

    def _discard(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
