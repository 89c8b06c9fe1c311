"""Failures the sandbox can be told to answer with: the way to test a client's retries end to end.

A fault answers the next matching request in place of the sandbox, before authentication, as a load
balancer or a gateway in front of the real API would: a status with a Twilio error body (and headers
such as Retry-After), or a dropped connection with no answer at all.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fault:
    status: int = 503
    method: str | None = None  # None: any method
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Service Unavailable (injected by the sandbox)"
    code: int | None = None
    disconnect: bool = False  # close the connection without answering


class FaultQueue:
    """Faults waiting for a request, oldest first; thread-safe, as the server answers on many threads."""

    def __init__(self) -> None:
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()

    def add(self, fault: Fault, times: int) -> None:
        with self._lock:
            self._faults.extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method is None or fault.method == method:
                    self._faults.remove(fault)
                    return fault
        return None

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)
