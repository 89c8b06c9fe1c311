"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar


class Unset:
    """The one value of a property left out. Copies and unpickled models must hold UNSET itself, as
    to_dict() asks `is not UNSET`: a copy of its own would be sent as a value."""

    def __bool__(self) -> Literal[False]:
        return False

    def __reduce__(self) -> str:
        return "UNSET"  # pickle: the module's global of that name

    def __copy__(self) -> "Unset":
        return self

    def __deepcopy__(self, memo: object) -> "Unset":
        return self


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


class File:
    """Contains information for file uploads"""

    __slots__ = ("payload", "file_name", "mime_type", "__weakref__")
    __match_args__ = ("payload", "file_name", "mime_type")

    def __init__(self, payload: BinaryIO, file_name: str | None = None, mime_type: str | None = None) -> None:
        self.payload = payload
        self.file_name = file_name
        self.mime_type = mime_type

    def __repr__(self) -> str:
        return f"File(payload={self.payload!r}, file_name={self.file_name!r}, mime_type={self.mime_type!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, File) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.payload, self.file_name, self.mime_type) == (
            other.payload,
            other.file_name,
            other.mime_type,
        )

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


class Response(Generic[T]):
    """A response from an endpoint"""

    __slots__ = ("status_code", "content", "headers", "parsed", "__weakref__")
    __match_args__ = ("status_code", "content", "headers", "parsed")

    def __init__(
        self, status_code: HTTPStatus, content: bytes, headers: MutableMapping[str, str], parsed: T | None
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers
        self.parsed = parsed

    def __repr__(self) -> str:
        return (
            f"Response(status_code={self.status_code!r}, content={self.content!r}, "
            f"headers={self.headers!r}, parsed={self.parsed!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Response) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.status_code, self.content, self.headers, self.parsed) == (
            other.status_code,
            other.content,
            other.headers,
            other.parsed,
        )


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
