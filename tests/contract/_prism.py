"""Running Stoplight Prism (from ./node_modules, installed by scripts/test) for the contract tests.

Prism is started on 127.0.0.1 and a free port, waited for (bounded), and stopped with its whole process
group, so that nothing it forked outlives the test. `prism proxy` gets prism_no_redirects.cjs preloaded,
so that it hands an upstream redirect over instead of following it (stoplightio/prism issue 1977; the
file says why that matters here). When node or Prism is missing the tests that need it
FAIL, so that CI cannot pass without them; a developer without node may set SKIP_PRISM_TESTS=1 to skip
them instead (scripts/test unsets it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ..conftest import ROOT

PRISM = ROOT / "node_modules" / ".bin" / "prism"
NO_REDIRECTS = Path(__file__).with_name("prism_no_redirects.cjs")
SKIP_ENV = "SKIP_PRISM_TESTS"
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0


def prism_executable() -> Path:
    """The project's Prism, or the test fails (or skips, when SKIP_PRISM_TESTS=1) saying what is missing."""
    if shutil.which("node") is None:
        missing = "node is not on PATH"
    elif not PRISM.exists():
        missing = f"{PRISM.relative_to(ROOT)} is missing"
    else:
        return PRISM
    reason = f"Prism cannot run: {missing}. scripts/test installs it (npm ci, from package-lock.json)"
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{reason}; skipped because {SKIP_ENV}=1")
    pytest.fail(f"{reason}; set {SKIP_ENV}=1 to skip the Prism tests instead", pytrace=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


class PrismFailedToStart(RuntimeError):
    pass


class Prism:
    """One Prism process: `prism mock` or `prism proxy`, with its log in a file."""

    def __init__(self, args: Sequence[str], log_path: Path) -> None:
        self.args = list(args)
        self.log_path = log_path
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def start(self) -> None:
        # The port is probed free and then handed over, so another process may take it in between;
        # a second and third try with another port make that race harmless.
        for _attempt in range(3):
            self.port = _free_port()
            if self._start_on(self.port):
                return
        raise PrismFailedToStart(f"Prism did not start; its log:\n{self.log()[-4000:]}")

    def _start_on(self, port: int) -> bool:
        command = [str(prism_executable()), *self.args, "--host", "127.0.0.1", "--port", str(port)]
        env = dict(os.environ)
        if self.args[:1] == ["proxy"]:
            preload = f'--require "{NO_REDIRECTS}"'
            env["NODE_OPTIONS"] = " ".join(filter(None, [env.get("NODE_OPTIONS"), preload]))
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed whole in stop()
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._reap()
                return False
            if _answers(port):
                return True
            time.sleep(0.05)
        self.stop()
        raise PrismFailedToStart(
            f"Prism did not answer within {START_TIMEOUT_SECONDS:.0f} s; its log:\n{self.log()[-4000:]}"
        )

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
        self._reap()

    def _reap(self) -> None:
        if self._process is not None:
            self._process.wait()
            self._process = None


@contextlib.contextmanager
def running_prism(args: Sequence[str], log_path: Path) -> Iterator[Prism]:
    prism = Prism(args, log_path)
    prism.start()
    try:
        yield prism
    finally:
        prism.stop()
