#!/usr/bin/env python3
"""Benchmark: microseconds per fetch and per create, our client against raw httpx and the official library.

    scripts/bench                      15 rounds of 300 calls per contender, a table
    scripts/bench --rounds 3 --calls 200 --json
    scripts/bench --strict             exit 1 when our fetch misses the target (1.15x raw httpx)

A loopback HTTP/1.1 keep-alive server answers with the spec's examples from a process of its own, so it
does not compete with the clients for the GIL. The contenders take turns round by round (and in a rotated
order) so that machine noise falls on all of them alike; the figure is the median over rounds of the mean
time per call within a round. Contenders:

- twilio_compositions: CompositionsClient.fetch / .create, through the whole package (validation, model
  parsing, typed errors);
- httpx: the same request with one httpx.Client, the form body built by hand, `.json()` on the answer: the
  least any httpx-based client can do, and the baseline of the ratios;
- twilio: the official helper library, if installed (`.venv/bin/python -m pip install twilio`), pointed at
  the loopback server by an HTTP client that rewrites its https://video.twilio.com prefix;
- socket: a prebuilt request over a plain socket, the floor that the server and loopback cost every one.

Also measured: the import time of the package (fresh interpreters, `-X importtime`), and the peak memory
(tracemalloc) over a run of fetches.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import importlib.metadata
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import yaml
from twilio_compositions import CompositionsClient, __version__

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "compositions.yaml"

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "bench-auth-token"  # noqa: S105  (the loopback server's own, not a secret)
COMPOSITION_SID = "CJ" + "a" * 32
ROOM_SID = "RM" + "a" * 32
VIDEO_LAYOUT = {"grid": {"video_sources": ["*"]}}
TWILIO_VIDEO_URL = "https://video.twilio.com"
TARGET_RATIO = 1.15  # our fetch against raw httpx

Call = Callable[[], object]


# --- the loopback server (runs in its own process: bench.py --serve) ---------------------------------


def spec_examples() -> tuple[dict[str, Any], dict[str, Any]]:
    """The spec's fetch (completed) and create (enqueued) response examples."""
    examples = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["components"]["examples"]
    return examples["CompositionCompleted"]["value"], examples["CompositionEnqueued"]["value"]


def http_answer(status: str, body: object) -> bytes:
    payload = json.dumps(body).encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    return head.encode("latin-1") + payload


class CannedHttp(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and pipelining, just enough for the contenders; answers from memory.

    A request without Basic credentials gets a 401, so a contender that forgot them cannot look fast.
    """

    def __init__(self, fetched: bytes, created: bytes, unauthorized: bytes, not_found: bytes) -> None:
        self.fetched, self.created, self.unauthorized, self.not_found = (
            fetched,
            created,
            unauthorized,
            not_found,
        )
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            request_line, *header_lines = self.buffer[:end].decode("latin-1").split("\r\n")
            length, authorized = 0, False
            for line in header_lines:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "authorization":
                    authorized = value.strip().startswith("Basic ")
            if len(self.buffer) < end + 4 + length:
                return  # the body is still on its way
            del self.buffer[: end + 4 + length]
            method, target, _ = request_line.split(" ", 2)
            self.transport.write(self.answer(method, target, authorized))

    def answer(self, method: str, target: str, authorized: bool) -> bytes:
        if not authorized:
            return self.unauthorized
        if method == "GET" and target.startswith("/v1/Compositions/CJ"):
            return self.fetched
        if method == "POST" and target == "/v1/Compositions":
            return self.created
        return self.not_found


def serve() -> None:
    """Serve on a free port of 127.0.0.1, print the port, and stop when standard input closes.

    Standard input is a pipe from the bench: it closes when the bench ends, however it ends, so the
    server never outlives it.
    """
    completed, enqueued = spec_examples()
    answers = (
        http_answer("200 OK", completed),
        http_answer("201 Created", enqueued),
        http_answer("401 Unauthorized", {"code": 20003, "message": "Authenticate", "status": 401}),
        http_answer("404 Not Found", {"code": 20404, "message": "Not found", "status": 404}),
    )

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: CannedHttp(*answers), "127.0.0.1", 0)
        print(server.sockets[0].getsockname()[1], flush=True)
        stop = asyncio.Event()

        def wait_for_eof() -> None:
            sys.stdin.buffer.read()
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=wait_for_eof, daemon=True).start()
        async with server:
            await stop.wait()

    # Ctrl-C reaches the whole process group: the bench reports it, the server just ends.
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


@contextmanager
def server_process() -> Iterator[str]:
    """Start `bench.py --serve` and yield its base URL; stop it on the way out, whatever happened."""
    process = subprocess.Popen(  # noqa: S603  (this very script, with this interpreter)
        [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the loopback server did not start (exit code {process.poll()})")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


# --- the contenders ---------------------------------------------------------------------------------


@dataclass
class Contender:
    operation: str  # fetch or create
    name: str  # twilio_compositions, httpx, twilio, socket
    label: str  # with its version
    call: Call
    check: Callable[[Any], bool]  # does one answer look right (so a broken contender cannot look fast)
    rounds: list[float] = field(default_factory=list)  # wall-clock µs per call, one per round
    cpu_rounds: list[float] = field(default_factory=list)  # CPU µs per call of this process, per round

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_rounds)


def ours(stack: ExitStack, base_url: str) -> list[Contender]:
    client = stack.enter_context(
        CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=base_url)
    )
    label = f"twilio_compositions {__version__}"
    return [
        Contender(
            "fetch",
            "twilio_compositions",
            label,
            lambda: client.fetch(COMPOSITION_SID),
            lambda c: c.status == "completed",
        ),
        Contender(
            "create",
            "twilio_compositions",
            label,
            lambda: client.create(room_sid=ROOM_SID, video_layout=VIDEO_LAYOUT),
            lambda c: c.status == "enqueued",
        ),
    ]


def raw_httpx(stack: ExitStack, base_url: str) -> list[Contender]:
    """What our client sends, by hand: same headers, Basic auth, form body; the answer's JSON parsed."""
    http = stack.enter_context(
        httpx.Client(
            base_url=base_url,
            auth=httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN),
            headers={
                # Our client's User-Agent, so that both send the same bytes.
                "User-Agent": f"twilio-compositions-python/{__version__} httpx/{httpx.__version__} "
                f"python/{platform.python_version()}",
                "Accept": "application/json",
            },
            trust_env=False,  # as our client does for loopback
        )
    )
    fetch_path = f"/v1/Compositions/{COMPOSITION_SID}"
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def fetch() -> Any:
        response = http.get(fetch_path)
        if response.status_code != 200:
            raise RuntimeError(f"fetch answered {response.status_code}")
        return response.json()

    def create() -> Any:
        body = urlencode(
            {"RoomSid": ROOM_SID, "VideoLayout": json.dumps(VIDEO_LAYOUT, separators=(",", ":"))}
        )
        response = http.post("/v1/Compositions", content=body, headers=form_headers)
        if response.status_code != 201:
            raise RuntimeError(f"create answered {response.status_code}")
        return response.json()

    label = f"httpx {httpx.__version__} (raw)"
    return [
        Contender("fetch", "httpx", label, fetch, lambda d: d["status"] == "completed"),
        Contender("create", "httpx", label, create, lambda d: d["status"] == "enqueued"),
    ]


def official(stack: ExitStack, base_url: str) -> list[Contender] | None:
    """The official twilio library, its requests sent to the loopback server; None if not installed."""
    try:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.http.response import Response
        from twilio.rest import Client
    except ImportError:
        return None

    class LoopbackHttpClient(TwilioHttpClient):
        """Sends what the library addresses to video.twilio.com to the loopback server instead."""

        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
            if url.startswith(TWILIO_VIDEO_URL):
                url = base_url + url[len(TWILIO_VIDEO_URL) :]
            return super().request(method, url, *args, **kwargs)

    http_client = LoopbackHttpClient()
    assert http_client.session is not None
    stack.callback(http_client.session.close)
    compositions = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=http_client).video.v1.compositions
    label = f"twilio {importlib.metadata.version('twilio')}"
    return [
        Contender(
            "fetch",
            "twilio",
            label,
            lambda: compositions(COMPOSITION_SID).fetch(),
            lambda c: c.status == "completed",
        ),
        Contender(
            "create",
            "twilio",
            label,
            lambda: compositions.create(room_sid=ROOM_SID, video_layout=VIDEO_LAYOUT),
            lambda c: c.status == "enqueued",
        ),
    ]


class SocketRoundTrip:
    """A prebuilt request over one plain socket: what the server and the loopback cost, with no client."""

    def __init__(self, connection: socket.socket, request: bytes) -> None:
        self.connection, self.request = connection, request

    def __call__(self) -> bytes:
        self.connection.sendall(self.request)
        data = b""
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self.receive()
        length = next(
            int(line.split(b":", 1)[1])
            for line in data[:end].split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(data) < end + 4 + length:
            data += self.receive()
        return data[end + 4 :]

    def receive(self) -> bytes:
        chunk = self.connection.recv(65536)
        if not chunk:
            raise RuntimeError("the loopback server closed the connection")
        return chunk


def socket_floor(stack: ExitStack, base_url: str) -> list[Contender]:
    port = int(base_url.rsplit(":", 1)[1])
    connection = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as httpx does
    auth = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    head = f"Host: 127.0.0.1:{port}\r\nAuthorization: {auth}\r\nAccept: application/json\r\n"
    body = urlencode({"RoomSid": ROOM_SID, "VideoLayout": json.dumps(VIDEO_LAYOUT, separators=(",", ":"))})
    fetch = f"GET /v1/Compositions/{COMPOSITION_SID} HTTP/1.1\r\n{head}\r\n".encode()
    create = (
        f"POST /v1/Compositions HTTP/1.1\r\n{head}Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()
    return [
        Contender(
            "fetch", "socket", "socket (floor)", SocketRoundTrip(connection, fetch), _has(b"completed")
        ),
        Contender(
            "create", "socket", "socket (floor)", SocketRoundTrip(connection, create), _has(b"enqueued")
        ),
    ]


def _has(status: bytes) -> Callable[[Any], bool]:
    return lambda body: b'"status": "' + status + b'"' in body


# --- measuring --------------------------------------------------------------------------------------


def run_rounds(contenders: list[Contender], rounds: int, calls: int) -> None:
    """Warm every contender up, then time `calls` calls of each, round after round, in a rotated order."""
    for contender in contenders:
        answer = contender.call()
        if not contender.check(answer):
            raise RuntimeError(f"{contender.label} {contender.operation}: unexpected answer {answer!r}")
        for _ in range(min(calls, 200)):
            contender.call()
    for index in range(rounds):
        shift = index % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            call = contender.call
            gc.collect()  # each batch starts from the same heap; collections during it are its own cost
            started, cpu_started = time.perf_counter_ns(), time.thread_time_ns()
            for _ in range(calls):
                call()
            cpu = time.thread_time_ns() - cpu_started
            contender.rounds.append((time.perf_counter_ns() - started) / calls / 1000)
            contender.cpu_rounds.append(cpu / calls / 1000)


def peak_memory(call: Call, calls: int) -> tuple[float, float]:
    """KiB allocated at the peak of `calls` calls, and KiB still held after them (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(calls):
            call()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) / 1024, (current - before) / 1024


def import_time_ms(module: str, runs: int) -> float | None:
    """Median over fresh interpreters of the module's cumulative `-X importtime`, in ms; None if missing."""
    parts = module.split(".")
    packages = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
    times = []
    for index in range(runs + 1):  # the first run only warms the file cache and the bytecode cache
        done = subprocess.run(  # noqa: S603  (this interpreter, a module name of ours)
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        # Lines read "import time: self [us] | cumulative | imported package", nested imports indented.
        # The lines of the module and of its parent packages (`twilio` for `twilio.rest`), unindented,
        # hold the total, dependencies included.
        total = sum(
            int(line.split("|")[1])
            for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.split("|")[2].rstrip()[1:] in packages
        )
        if index:
            times.append(total / 1000)
    return statistics.median(times)


def version_of(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


# --- reporting --------------------------------------------------------------------------------------


def report(args: argparse.Namespace, contenders: list[Contender], extras: dict[str, Any]) -> dict[str, Any]:
    baseline = {c.operation: c.median for c in contenders if c.name == "httpx"}
    cpu_baseline = {c.operation: c.cpu_median for c in contenders if c.name == "httpx"}
    ours_fetch = next(c for c in contenders if c.name == "twilio_compositions" and c.operation == "fetch")
    ratio = ours_fetch.median / baseline["fetch"]
    cpu_ratio = ours_fetch.cpu_median / cpu_baseline["fetch"]
    return {
        "rounds": args.rounds,
        "calls_per_round": args.calls,
        "results": [
            {
                "operation": c.operation,
                "client": c.name,
                "label": c.label,
                "us_per_call": round(c.median, 1),
                "us_per_call_rounds": [round(r, 1) for r in c.rounds],
                "vs_httpx": round(c.median / baseline[c.operation], 3),
                "cpu_us_per_call": round(c.cpu_median, 1),
                "cpu_vs_httpx": round(c.cpu_median / cpu_baseline[c.operation], 3),
            }
            for c in contenders
        ],
        "target": {
            "fetch_vs_httpx": TARGET_RATIO,
            "ratio": round(ratio, 3),
            "cpu_ratio": round(cpu_ratio, 3),
            "pass": ratio <= TARGET_RATIO,
        },
        **extras,
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        "A loopback HTTP/1.1 keep-alive server in its own process; "
        f"{result['rounds']} round(s) x {result['calls_per_round']} calls per contender, interleaved.\n"
        "µs/call: median over the rounds of the wall-clock time per call (range: fastest..slowest round).\n"
        "CPU µs: the same for the CPU time of the bench process: the client's own work, no waiting.\n"
    )
    print(
        f"{'operation':<10} {'client':<28} {'µs/call':>9} {'range':>15} {'vs httpx':>9} "
        f"{'CPU µs':>8} {'vs httpx':>9}"
    )
    for row in result["results"]:
        spread = f"{min(row['us_per_call_rounds']):.1f}..{max(row['us_per_call_rounds']):.1f}"
        print(
            f"{row['operation']:<10} {row['label']:<28} {row['us_per_call']:>9.1f} {spread:>15} "
            f"{row['vs_httpx']:>8.2f}x {row['cpu_us_per_call']:>8.1f} {row['cpu_vs_httpx']:>8.2f}x"
        )
    if result["skipped"]:
        print(f"\n{result['skipped']}")
    target = result["target"]
    verdict = "PASS" if target["pass"] else "FAIL"
    print(
        f"\ntarget: our fetch within {TARGET_RATIO}x of raw httpx: {verdict} "
        f"({target['ratio']:.2f}x; in CPU time {target['cpu_ratio']:.2f}x)"
    )
    if result["import_ms"]:
        runs = result["import_runs"]
        times = ", ".join(f"{module} {ms:.1f} ms" for module, ms in result["import_ms"].items())
        print(f"import time (-X importtime, cumulative, median of {runs} fresh interpreters): {times}")
    if result["memory_kib"]:
        calls = result["memory_calls"]
        memory = "; ".join(
            f"{name} peak {kib['peak']:.1f} KiB, held after {kib['held']:.1f} KiB"
            for name, kib in result["memory_kib"].items()
        )
        print(f"memory over {calls} fetches (tracemalloc): {memory}")
    print("versions: " + ", ".join(f"{name} {version}" for name, version in result["versions"].items()))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per contender (default 15)")
    parser.add_argument("--calls", type=int, default=300, help="calls per contender per round (default 300)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument(
        "--strict", action="store_true", help=f"exit 1 if our fetch is over {TARGET_RATIO}x httpx"
    )
    parser.add_argument("--memory-calls", type=int, default=1000, help="fetches under tracemalloc; 0 skips")
    parser.add_argument("--import-runs", type=int, default=5, help="fresh interpreters per import; 0 skips")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the server process
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    if args.rounds < 1 or args.calls < 1:
        parser.error("--rounds and --calls must be at least 1")

    # The official library goes through requests, which honours HTTP(S)_PROXY; loopback must not.
    no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1"]))
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = no_proxy
    try:
        with server_process() as base_url, ExitStack() as stack:
            contenders = ours(stack, base_url) + raw_httpx(stack, base_url)
            twilio = official(stack, base_url)
            contenders += (twilio or []) + socket_floor(stack, base_url)
            contenders.sort(key=lambda c: c.operation != "fetch")  # fetch rows first, stable otherwise
            run_rounds(contenders, args.rounds, args.calls)
            memory = {}
            if args.memory_calls > 0:
                for contender in contenders:
                    if contender.operation == "fetch" and contender.name != "socket":
                        peak, held = peak_memory(contender.call, args.memory_calls)
                        memory[contender.name] = {"peak": round(peak, 1), "held": round(held, 1)}
        modules = ["twilio_compositions", "httpx"] + (["twilio.rest"] if twilio else [])
        imports = {
            m: ms for m in modules if args.import_runs > 0 and (ms := import_time_ms(m, args.import_runs))
        }
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

    versions = {
        "python": f"{platform.python_version()} ({platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs)",
        **{
            d: v
            for d in ("twilio-compositions", "httpx", "attrs", "twilio", "requests")
            if (v := version_of(d))
        },
    }
    skipped = (
        "" if twilio else "twilio: skipped, not installed (`.venv/bin/python -m pip install twilio` adds it)"
    )
    extras = {
        "skipped": skipped,
        "import_ms": {m: round(ms, 1) for m, ms in imports.items()},
        "import_runs": args.import_runs,
        "memory_kib": memory,
        "memory_calls": args.memory_calls,
        "versions": versions,
    }
    result = report(args, contenders, extras)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 1 if args.strict and not result["target"]["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
