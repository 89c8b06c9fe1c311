"""What the command line shows while it works: pure formatting functions, and two small displays.

The formatting functions (sizes, rates, durations, the progress bar, the status line) take numbers and
return text, so they are tested as they are. The displays decide when to write: on a terminal one line
rewritten in place with `\\r` (throttled); elsewhere (a pipe, a log file) a plain line now and then.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TextIO

_UNITS = ("KiB", "MiB", "GiB", "TiB")
BAR_WIDTH = 24
REDRAW_INTERVAL = 0.1  # a terminal line is redrawn at most 10 times a second
TICK_INTERVAL = 0.5  # wait's elapsed time moves on a terminal this often
PIPE_STEP_PERCENT = 10  # off a terminal, a download line at every 10%
PIPE_STEP_BYTES = 10 * 1024 * 1024  # ... or every 10 MiB when the size is unknown


def format_bytes(count: float) -> str:
    """1536 -> '1.5 KiB'; below 1 KiB, whole bytes: '512 B'."""
    if count < 1024:
        return f"{int(count)} B"
    value = float(count)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def format_rate(bytes_per_second: float | None) -> str:
    return "--/s" if bytes_per_second is None else format_bytes(bytes_per_second) + "/s"


def format_duration(seconds: float | None) -> str:
    """Whole seconds as m:ss, or h:mm:ss from an hour: 5 -> '0:05', 3723 -> '1:02:03'; None -> '--:--'."""
    if seconds is None or not math.isfinite(seconds):
        return "--:--"
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(done: int, total: int | None, elapsed: float, width: int = BAR_WIDTH) -> str:
    """'[######------]  50%  234.4 KiB / 468.8 KiB  1.2 MiB/s  ETA 0:01', or without a bar and ETA when the
    total is unknown. The rate is the average since the start."""
    rate = done / elapsed if elapsed > 0 and done > 0 else None
    if not total:
        return f"{format_bytes(done)}  {format_rate(rate)}"
    fraction = min(1.0, done / total)
    filled = int(fraction * width)
    eta = (total - done) / rate if rate else None
    return (
        f"[{'#' * filled}{'-' * (width - filled)}] {int(fraction * 100):3d}%  "
        f"{format_bytes(done)} / {format_bytes(total)}  {format_rate(rate)}  ETA {format_duration(eta)}"
    )


def milestone_line(label: str, done: int, total: int | None) -> str:
    """The plain line written off a terminal: 'CJ...: 40% (187.5 KiB of 468.8 KiB)'."""
    if not total:
        return f"{label}: {format_bytes(done)}"
    return f"{label}: {done * 100 // total}% ({format_bytes(done)} of {format_bytes(total)})"


def status_line(sid: str, status: str, elapsed: float) -> str:
    """wait's line: 'CJ...: processing (0:12 elapsed)'."""
    return f"{sid}: {status} ({format_duration(elapsed)} elapsed)"


class _Line:
    """One terminal line, rewritten in place: `\\r`, the text, spaces over what a longer text left."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = 0

    def draw(self, text: str) -> None:
        self.stream.write("\r" + text + " " * max(0, self.width - len(text)))
        self.stream.flush()
        self.width = len(text)

    def end(self) -> None:
        if self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


class DownloadProgress:
    """download()'s on_progress: a throttled progress bar on a terminal, a line every 10% elsewhere."""

    def __init__(
        self, stream: TextIO, *, tty: bool, label: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.tty = tty
        self.label = label
        self.clock = clock
        self.start = clock()
        self.line = _Line(stream)
        self.last_draw = -math.inf
        self.last_step = 0
        self.done = 0
        self.total: int | None = None

    def __call__(self, done: int, total: int | None) -> None:
        if done < self.done:  # a retry that starts over
            self.last_step = 0
        self.done, self.total = done, total
        if self.tty:
            now = self.clock()
            if now - self.last_draw >= REDRAW_INTERVAL or (total is not None and done >= total):
                self.last_draw = now
                self.line.draw(progress_line(done, total, now - self.start))
            return
        step = done * 100 // PIPE_STEP_PERCENT // total if total else done // PIPE_STEP_BYTES
        if step > self.last_step:
            self.last_step = step
            self.stream.write(milestone_line(self.label, done, total) + "\n")
            self.stream.flush()

    def close(self) -> None:
        self.line.end()


class StatusDisplay:
    """wait()'s on_update: a status line whose elapsed time moves on a terminal, a line a change elsewhere."""

    def __init__(
        self, stream: TextIO, *, tty: bool, sid: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.tty = tty
        self.sid = sid
        self.clock = clock
        self.start = clock()
        self.status = "..."
        self.line = _Line(stream)
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker: threading.Thread | None = None
        if tty:
            self.ticker = threading.Thread(target=self._tick, name="twilio-compositions-wait", daemon=True)
            self.ticker.start()

    def _text(self) -> str:
        return status_line(self.sid, self.status, self.clock() - self.start)

    def _tick(self) -> None:
        while not self.stopped.wait(TICK_INTERVAL):
            with self.lock:
                self.line.draw(self._text())

    def update(self, status: str) -> None:
        with self.lock:
            self.status = status
            if self.tty:
                self.line.draw(self._text())
            else:
                self.stream.write(self._text() + "\n")
                self.stream.flush()

    def close(self) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join()
        with self.lock:
            self.line.end()
