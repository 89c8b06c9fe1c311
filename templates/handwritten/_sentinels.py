"""CLIENT_DEFAULT: the default of a method's per-call `timeout=` and `max_retries=`, "the client's setting".

None cannot mean that: in httpx, `timeout=None` means no timeout at all, and so it does here (as httpx
has USE_CLIENT_DEFAULT for the same purpose). Pass CLIENT_DEFAULT to forward "whatever the client says"
explicitly, from a wrapper of your own say.
"""

from __future__ import annotations

from typing import Final


class ClientDefault:
    """The type of CLIENT_DEFAULT, its only value (pickled and copied as that same value)."""

    _instance: ClientDefault | None = None

    def __new__(cls) -> ClientDefault:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "CLIENT_DEFAULT"

    def __reduce__(self) -> str:
        return "CLIENT_DEFAULT"


CLIENT_DEFAULT: Final = ClientDefault()
