"""pytest fixtures for testing code built on twilio_compositions: an in-process sandbox on a fake clock.

    def test_create(compositions_client):
        composition = compositions_client.create(room_sid="RM" + "0" * 32, audio_sources=["*"])
        assert compositions_client.wait(composition.sid).status == "completed"

The package registers this module with pytest (the `pytest11` entry point), so the fixtures are there in
every test run once the package is installed; nothing to import, start or configure. pytest is
imported here only, and this module is loaded only by pytest. `-p no:twilio_compositions` turns it off.

- compositions_clock: a FakeClock. advance(seconds) moves it, then sends the status callbacks due by
  then; the clients' retries and wait() sleep on it, so nothing really waits.
- compositions_sandbox: a Sandbox(in_process=True) on that clock: no port, no thread. Arrange state
  with add_composition(status="completed") (or "failed", fails=True ...), which returns the SID; see
  what the client sent in `requests` (method, path, query, form); inject_fault(), inject_media_fault().
- compositions_client: a CompositionsClient on it, downloads included, closed after the test.
- async_compositions_client: an AsyncCompositionsClient on it. The fixture itself is synchronous, so it
  needs no async plugin: use it inside asyncio.run() (or in a pytest-asyncio / anyio test).

A project changes the sandbox's timings by overriding the fixture in its conftest.py:

    @pytest.fixture
    def compositions_sandbox(compositions_clock):
        with Sandbox(in_process=True, clock=compositions_clock, callback_interval=None,
                     processing_seconds=60) as sandbox:
            compositions_clock.on_advance.append(sandbox.deliver_due_callbacks)
            yield sandbox
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from .compositions_client import AsyncCompositionsClient, CompositionsClient
from .sandbox import FakeClock, Sandbox

__all__ = ["async_compositions_client", "compositions_client", "compositions_clock", "compositions_sandbox"]


@pytest.fixture
def compositions_clock() -> FakeClock:
    """The fake clock the sandbox and the clients run on; advance(seconds) also delivers due callbacks."""
    return FakeClock()


@pytest.fixture
def compositions_sandbox(compositions_clock: FakeClock) -> Iterator[Sandbox]:
    """An in-process sandbox on compositions_clock: compositions are enqueued 0.5 s, processing 5 s."""
    with Sandbox(in_process=True, clock=compositions_clock, callback_interval=None) as sandbox:
        compositions_clock.on_advance.append(sandbox.deliver_due_callbacks)
        try:
            yield sandbox
        finally:
            compositions_clock.on_advance.remove(sandbox.deliver_due_callbacks)


@pytest.fixture
def compositions_client(
    compositions_sandbox: Sandbox, compositions_clock: FakeClock
) -> Iterator[CompositionsClient]:
    """A CompositionsClient on compositions_sandbox, its retries and waits on compositions_clock."""
    with compositions_sandbox.client(clock=compositions_clock) as client:
        yield client


@pytest.fixture
def async_compositions_client(
    compositions_sandbox: Sandbox, compositions_clock: FakeClock
) -> Iterator[AsyncCompositionsClient]:
    """An AsyncCompositionsClient on compositions_sandbox, its retries and waits on compositions_clock."""
    client = compositions_sandbox.async_client(clock=compositions_clock)
    try:
        yield client
    finally:
        # In-process, closing waits for nothing: any event loop (or a new one) will do.
        asyncio.run(client.close())
