"""Soak: 20,000 fetches on one client leave this process with the file descriptors and the memory it had
after a warm-up of 2,000. The sandbox runs in another process, so that only the client is measured;
and the harness is shown to catch a leak of each kind, so that a pass means something.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from twilio_compositions import CompositionsClient

from ._soak import SoakResult, assert_flat, soak

ROOM_SID = "RM" + "a" * 32
FETCHES = 20_000
WARMUP = 2_000


@pytest.fixture
def sandbox_process() -> Iterator[dict[str, str]]:
    """python -m twilio_compositions.sandbox on a free port; what it prints: base_url and credentials."""
    with subprocess.Popen(
        [sys.executable, "-m", "twilio_compositions.sandbox", "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    ) as process:
        try:
            assert process.stdout is not None
            printed: dict[str, str] = {}
            for line in process.stdout:
                name, equals, value = line.strip().partition("=")
                if equals:
                    printed[name] = value
                if line.startswith("Stop it with"):
                    break
            assert {"base_url", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"} <= printed.keys(), printed
            yield printed
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.usefixtures("untraced")  # the tracer would make it 4 times slower and count its own memory
def test_20000_fetches_on_one_client_leak_neither_memory_nor_file_descriptors(
    sandbox_process: dict[str, str],
) -> None:
    with CompositionsClient(
        account_sid=sandbox_process["TWILIO_ACCOUNT_SID"],
        auth_token=sandbox_process["TWILIO_AUTH_TOKEN"],
        base_url=sandbox_process["base_url"],
        max_retries=0,  # a failed fetch fails the soak, rather than being sent again
    ) as client:
        sid = client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid
        wrong: list[str] = []

        def fetch(n: int) -> None:
            got = client.fetch(sid).sid
            if got != sid:
                wrong.append(got)

        result = soak(fetch, FETCHES, WARMUP)
    print(f"\nsoak, one client: {result}")
    assert wrong == []
    assert_flat(result)


# -- the harness catches leaks --------------------------------------------------------------------------


def _caught(result: SoakResult) -> str:
    with pytest.raises(AssertionError) as caught:
        assert_flat(result)
    return str(caught.value)


def test_the_harness_catches_objects_kept_per_call() -> None:
    kept: list[tuple[int, int]] = []
    message = _caught(soak(lambda n: kept.append((n, n)), FETCHES, WARMUP))  # ~100 B a call
    assert "objects accumulate" in message


def test_the_harness_catches_memory_kept_per_call() -> None:
    kept: list[bytes] = []
    message = _caught(soak(lambda n: kept.append(bytes(1024)), FETCHES, WARMUP))  # beyond pymalloc's 512 B
    assert "memory grows" in message


def test_the_harness_catches_a_file_descriptor_left_open_per_call() -> None:
    opened: list[int] = []
    try:
        # os.open: a bare descriptor, no file object, so no ResourceWarning; closed below.
        message = _caught(soak(lambda n: opened.append(os.open(os.devnull, os.O_RDONLY)), 200, 20))
    finally:
        for fd in opened:
            os.close(fd)
    assert "file descriptors grew" in message


def test_the_harness_lets_a_call_that_keeps_nothing_pass() -> None:
    kept: list[int] = []

    def keep_and_let_go(n: int) -> int:
        kept.append(n)
        return kept.pop()

    result = soak(keep_and_let_go, FETCHES, WARMUP)
    assert_flat(result)
