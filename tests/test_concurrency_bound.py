"""The async client's concurrency bound (_concurrency.py): no more requests handed to httpx at once than
its pool's size, the rest waiting in turn; never a deadlock, whatever is cancelled or fails; the slot
wait within the timeout's `pool` part; no slot held while sleeping before a retry.

A small HTTP/1.1 server runs in each test's own event loop on 127.0.0.1 (HeldServer): it counts the
requests it is answering at once, and holds its answers until the test lets them go, so that what
waits where can be looked at. No timing is asserted; asyncio.timeout only turns a hang into a failure.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiTimeoutError,
    AsyncCompositionsClient,
    Composition,
    UnexpectedResponseError,
)
from twilio_compositions._base_client import AsyncBaseClient, _Call
from twilio_compositions._concurrency import Bound, Slots, SlotTimeout, pool_size
from twilio_compositions._http import POOL_LIMITS

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, FakeClock

HANG = 10.0  # seconds after which a test that should have finished counts as deadlocked


class HeldServer:
    """Keep-alive HTTP/1.1 on 127.0.0.1: every request gets `answers.pop(0)` (status, body), else 200
    with the fetch example; each answer is held until `release` is set, and the second half of its body
    until `tail` is set. `in_flight` counts the requests received and not yet answered, `most` its peak."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = json.dumps(body).encode()
        self.answers: list[tuple[int, bytes]] = []
        self.release = asyncio.Event()
        self.tail = asyncio.Event()
        self.tail.set()
        self.in_flight = 0
        self.most = 0
        self.received = 0
        self.url = ""
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> HeldServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self.release.set()
        self.tail.set()
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        # Each handler sees its connection end and returns: nothing is left for asyncio.run to cancel.
        await asyncio.gather(*self._handlers)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")  # GETs only: no body follows
                self.received += 1
                self.in_flight += 1
                self.most = max(self.most, self.in_flight)
                try:
                    await self.release.wait()
                    status, body = self.answers.pop(0) if self.answers else (200, self.body)
                    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    head += f"Content-Length: {len(body)}\r\n\r\n"
                    half = len(body) // 2
                    writer.write(head.encode() + body[:half])
                    await self.tail.wait()
                    writer.write(body[half:])
                    await writer.drain()
                finally:
                    self.in_flight -= 1
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            self._writers.discard(writer)
            self._handlers.discard(task)
            writer.close()


async def until(condition: Callable[[], bool]) -> None:
    """Let the loop run until condition() holds (a failure, not a hang, if it never does)."""
    async with asyncio.timeout(HANG):
        while not condition():
            await asyncio.sleep(0)


def client_on(
    server: HeldServer,
    max_connections: int | None,
    event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
    **kwargs: Any,
) -> AsyncCompositionsClient:
    """Our client through a caller's httpx.AsyncClient with these limits."""
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=max_connections), trust_env=False, event_hooks=event_hooks
    )
    return AsyncCompositionsClient(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=server.url, http_client=http, **kwargs
    )


def slots_of(client: AsyncCompositionsClient) -> Slots:
    assert client._bound is not None
    return client._bound.slots()


def run(main: Callable[[HeldServer], Awaitable[None]], body: dict[str, Any]) -> None:
    async def served() -> None:
        async with HeldServer(body) as server:
            await main(server)

    asyncio.run(served())


# --- the bound's size ---------------------------------------------------------------------------------


def test_our_own_pool_is_bounded_by_its_max_connections() -> None:
    async def main() -> None:
        async with AsyncCompositionsClient(
            account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url="http://127.0.0.1:1"
        ) as client:
            assert client._bound is not None
            assert client._bound.size == POOL_LIMITS.max_connections == 100
            # The limits our pool was made with are those the bound assumes.
            assert pool_size(client._http, client.base_url) == 100

    asyncio.run(main())


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (lambda: httpx.AsyncClient(limits=httpx.Limits(max_connections=2)), 2),
        (lambda: httpx.AsyncClient(), 100),  # httpx's default limits
        # A mount for the URL (a proxy, another transport) is the pool the requests go through.
        (
            lambda: httpx.AsyncClient(
                limits=httpx.Limits(max_connections=7),
                mounts={"http://127.0.0.1": httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=3))},
            ),
            3,
        ),
        (lambda: httpx.AsyncClient(limits=httpx.Limits(max_connections=None)), None),  # unlimited
        (lambda: httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200))), None),
    ],
    ids=["limits", "default", "mount", "unlimited", "no-pool"],
)
def test_a_callers_client_is_bounded_by_its_own_limits(
    make: Callable[[], httpx.AsyncClient], size: int | None
) -> None:
    async def main() -> None:
        async with make() as http:
            client = AsyncCompositionsClient(
                account_sid=ACCOUNT_SID,
                auth_token=AUTH_TOKEN,
                base_url="http://127.0.0.1:1",
                http_client=http,
            )
            assert (None if client._bound is None else client._bound.size) == size

    asyncio.run(main())


def test_a_callers_max_connections_is_used_in_full_and_never_exceeded(fetch_example: dict[str, Any]) -> None:
    async def main(server: HeldServer) -> None:
        async with client_on(server, max_connections=2) as client:
            calls = [asyncio.create_task(client.fetch(COMPOSITION_SID)) for _ in range(10)]
            await until(lambda: server.in_flight == 2 and slots_of(client).waiting == 8)
            server.release.set()
            async with asyncio.timeout(HANG):
                answers = await asyncio.gather(*calls)
            await client._http.aclose()
        assert all(isinstance(answer, Composition) for answer in answers)
        assert server.most == 2  # the caller's limit reached, never more
        assert server.received == 10

    run(main, fetch_example)


# --- released on every path, no deadlock ---------------------------------------------------------------


def test_calls_cancelled_while_waiting_and_in_flight_leave_the_rest_to_complete(
    fetch_example: dict[str, Any],
) -> None:
    async def main(server: HeldServer) -> None:
        async with client_on(server, max_connections=2) as client:
            calls = [asyncio.create_task(client.fetch(COMPOSITION_SID)) for _ in range(20)]
            slots = slots_of(client)
            await until(lambda: server.in_flight == 2 and slots.waiting == 18)
            cancelled = [calls[0], *calls[2:12]]  # one in flight (calls are served in order), ten waiting
            for call in cancelled:
                call.cancel()
            await until(lambda: slots.waiting == 7)  # the other in-flight call keeps its slot
            server.release.set()
            async with asyncio.timeout(HANG):
                results = await asyncio.gather(*calls, return_exceptions=True)
            for call, result in zip(calls, results, strict=True):
                if call in cancelled:
                    assert isinstance(result, asyncio.CancelledError)
                else:
                    assert isinstance(result, Composition)
            assert (slots.in_use, slots.waiting) == (0, 0)
            # Nothing leaked: a burst as large again still gets through.
            async with asyncio.timeout(HANG):
                again = await asyncio.gather(*(client.fetch(COMPOSITION_SID) for _ in range(20)))
            assert len(again) == 20
            await client._http.aclose()
        assert server.most <= 2

    run(main, fetch_example)


def test_the_slot_is_held_until_the_body_is_read(fetch_example: dict[str, Any]) -> None:
    async def main(server: HeldServer) -> None:
        head_in = asyncio.Event()

        async def on_response(response: httpx.Response) -> None:
            head_in.set()  # httpx calls this as the head arrives, before a streamed body is read

        async with client_on(server, max_connections=1, event_hooks={"response": [on_response]}) as client:
            server.tail.clear()
            server.release.set()
            first = asyncio.create_task(client.fetch(COMPOSITION_SID))
            async with asyncio.timeout(HANG):
                await head_in.wait()
            second = asyncio.create_task(client.fetch(COMPOSITION_SID))
            slots = slots_of(client)
            # The first answer's head is in, half its body: the second waits for our slot, not in httpx.
            await until(lambda: slots.waiting == 1)
            assert slots.in_use == 1 and server.received == 1
            server.tail.set()
            async with asyncio.timeout(HANG):
                await asyncio.gather(first, second)
            assert (slots.in_use, slots.waiting) == (0, 0)
            await client._http.aclose()

    run(main, fetch_example)


def test_a_refused_answer_gives_its_slot_back(fetch_example: dict[str, Any]) -> None:
    async def main(server: HeldServer) -> None:
        server.release.set()
        async with client_on(server, max_connections=1, max_response_bytes=100) as client:
            async with asyncio.timeout(HANG):
                results = await asyncio.gather(
                    *(client.fetch(COMPOSITION_SID) for _ in range(3)), return_exceptions=True
                )
            assert all(isinstance(result, UnexpectedResponseError) for result in results), results
            slots = slots_of(client)
            assert (slots.in_use, slots.waiting) == (0, 0)
            await client._http.aclose()

    run(main, fetch_example)


def test_no_slot_is_held_while_sleeping_before_a_retry(fetch_example: dict[str, Any]) -> None:
    async def main(server: HeldServer) -> None:
        async with client_on(server, max_connections=1) as client:
            server.answers.append((503, b'{"code": 20503, "message": "busy", "status": 503}'))
            while_sleeping: list[tuple[int, int]] = []
            other_done = asyncio.Event()

            class SleepUntilTheOtherIsDone(FakeClock):
                async def async_sleep(self, seconds: float) -> None:
                    self.sleep(seconds)
                    slots = slots_of(client)
                    while_sleeping.append((slots.in_use, slots.waiting))
                    await other_done.wait()  # the other call needs the one slot meanwhile

            client._clock = SleepUntilTheOtherIsDone()
            retried = asyncio.create_task(client.fetch(COMPOSITION_SID))
            await until(lambda: server.received == 1)
            other = asyncio.create_task(client.fetch(COMPOSITION_SID))
            other.add_done_callback(lambda _: other_done.set())
            await until(lambda: slots_of(client).waiting == 1)
            server.release.set()  # the first answer is the 503: retried after a sleep
            async with asyncio.timeout(HANG):
                answers = await asyncio.gather(retried, other)
            assert all(isinstance(answer, Composition) for answer in answers)
            assert while_sleeping == [(1, 0)]  # the one slot went to the other call, which then ran
            assert server.received == 3
            await client._http.aclose()

    run(main, fetch_example)


# --- timeouts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 2])
def test_the_slot_wait_counts_against_the_pool_timeout(
    fetch_example: dict[str, Any], max_retries: int
) -> None:
    async def main(server: HeldServer) -> None:
        async with client_on(server, max_connections=1) as client:
            clock = FakeClock()
            client._clock = clock
            held = asyncio.create_task(client.fetch(COMPOSITION_SID))
            await until(lambda: server.received == 1)
            with pytest.raises(ApiTimeoutError, match=r"no answer in time.*PoolTimeout") as raised:
                async with asyncio.timeout(HANG):
                    await client.fetch(
                        COMPOSITION_SID, timeout=httpx.Timeout(30.0, pool=0.01), max_retries=max_retries
                    )
            assert isinstance(raised.value.__cause__, httpx.PoolTimeout)
            assert "1 requests in flight" in str(raised.value.__cause__)
            # Retried as httpx's own PoolTimeout is (the request never left), on the client's clock.
            assert len(clock.sleeps) == max_retries
            slots = slots_of(client)
            assert (slots.in_use, slots.waiting) == (1, 0)
            server.release.set()
            async with asyncio.timeout(HANG):
                assert isinstance(await held, Composition)
            assert server.received == 1  # the timed-out call never reached the server
            await client._http.aclose()

    run(main, fetch_example)


def test_no_pool_timeout_waits_for_a_slot_as_long_as_it_takes(fetch_example: dict[str, Any]) -> None:
    async def main(server: HeldServer) -> None:
        async with client_on(server, max_connections=1) as client:
            held = asyncio.create_task(client.fetch(COMPOSITION_SID))
            await until(lambda: server.received == 1)
            patient = asyncio.create_task(client.fetch(COMPOSITION_SID, timeout=None))
            await until(lambda: slots_of(client).waiting == 1)
            server.release.set()
            async with asyncio.timeout(HANG):
                answers = await asyncio.gather(held, patient)
            assert all(isinstance(answer, Composition) for answer in answers)
            await client._http.aclose()

    run(main, fetch_example)


def test_httpx_is_left_what_remains_of_the_pool_timeout() -> None:
    class WaitedOneAndAHalf(Slots):
        async def wait(self, timeout: float | None) -> float:
            self.asked = timeout
            return 1.5

    async def main() -> None:
        slots = WaitedOneAndAHalf(1, asyncio.get_running_loop())
        timeout = httpx.Timeout(30.0, pool=5.0)
        request = httpx.Request("GET", "http://127.0.0.1/", extensions={"timeout": timeout.as_dict()})
        call = _Call(spec={}, method="GET", path="/", idempotent=True, max_retries=0, timeout=timeout)
        await AsyncBaseClient._wait_for_slot(slots, request, call)
        assert slots.asked == 5.0
        assert request.extensions["timeout"] == {"connect": 30.0, "read": 30.0, "write": 30.0, "pool": 3.5}

    asyncio.run(main())


# --- the slots themselves -----------------------------------------------------------------------------


def test_slots_are_served_in_order_and_handed_over_directly() -> None:
    async def main() -> None:
        slots = Slots(1, asyncio.get_running_loop())
        assert slots.try_take()
        order: list[int] = []

        async def waiter(number: int) -> None:
            assert not slots.try_take()
            await slots.wait(None)
            order.append(number)
            slots.give_back()

        waiters = [asyncio.create_task(waiter(n)) for n in range(3)]
        await until(lambda: slots.waiting == 3)
        slots.give_back()
        assert not slots.try_take()  # handed to the first waiter, not free for a newcomer
        async with asyncio.timeout(HANG):
            await asyncio.gather(*waiters)
        assert order == [0, 1, 2]
        assert (slots.in_use, slots.waiting) == (0, 0)

    asyncio.run(main())


def test_a_waiter_cancelled_after_being_handed_a_slot_passes_it_on() -> None:
    async def main() -> None:
        slots = Slots(1, asyncio.get_running_loop())
        assert slots.try_take()
        first = asyncio.create_task(slots.wait(None))
        second = asyncio.create_task(slots.wait(None))
        await until(lambda: slots.waiting == 2)
        slots.give_back()  # to `first`, which has not run since
        first.cancel()
        async with asyncio.timeout(HANG):
            await second  # got the slot `first` could not use
        with pytest.raises(asyncio.CancelledError):
            await first
        assert (slots.in_use, slots.waiting) == (1, 0)
        slots.give_back()
        assert slots.in_use == 0

    asyncio.run(main())


def test_a_waiter_cancelled_while_waiting_takes_no_slot() -> None:
    async def main() -> None:
        slots = Slots(1, asyncio.get_running_loop())
        assert slots.try_take()
        gone = asyncio.create_task(slots.wait(None))
        await until(lambda: slots.waiting == 1)
        gone.cancel()
        slots.give_back()  # before `gone` has run again: skipped, the slot is free
        with pytest.raises(asyncio.CancelledError):
            await gone
        assert (slots.in_use, slots.waiting) == (0, 0)
        assert slots.try_take()

    asyncio.run(main())


def test_a_wait_past_its_timeout_leaves_the_queue() -> None:
    async def main() -> None:
        slots = Slots(1, asyncio.get_running_loop())
        assert slots.try_take()
        with pytest.raises(SlotTimeout):
            async with asyncio.timeout(HANG):
                await slots.wait(0.001)
        assert slots.waiting == 0
        slots.give_back()
        assert (slots.in_use, slots.waiting) == (0, 0)

    asyncio.run(main())


def test_a_second_event_loop_gets_fresh_slots() -> None:
    bound = Bound(1)

    async def take_and_never_give_back() -> Slots:
        slots = bound.slots()
        assert slots.try_take()
        return slots

    first = asyncio.run(take_and_never_give_back())  # as when a loop ends with a call still in flight

    async def main() -> None:
        slots = bound.slots()
        assert slots is not first
        assert slots.try_take()
        assert bound.slots() is slots  # the same set for the rest of this loop

    asyncio.run(main())
