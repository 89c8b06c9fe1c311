"""The command line, end to end: `python -m twilio_compositions ...` in a subprocess, against a sandbox
running in this process on the real clock (short waits). What only a terminal shows (the progress bar, the
live status line) is tested through the pure functions that draw it."""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from twilio_compositions import ApiConnectionError, ApiError, CompositionsClient, MediaDownloadError
from twilio_compositions._cli import main
from twilio_compositions._cli._errors import NO_CREDENTIALS, cli_name, describe, describe_api_error
from twilio_compositions._cli._parser import aware_datetime, build_parser
from twilio_compositions._cli._render import (
    DownloadProgress,
    StatusDisplay,
    format_bytes,
    format_duration,
    format_rate,
    milestone_line,
    progress_line,
    status_line,
)
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox

ROOM = "RM" + "c1" * 16
UNKNOWN_SID = "CJ" + "0" * 32
TIMEOUT = 10  # seconds any one run may take; each takes well under one
Runner = Callable[..., tuple[int, str, str]]
COMMANDS = ("create", "get", "list", "wait", "download", "delete")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(queue_seconds=0, processing_seconds=0.5, callback_interval=None) as running:
        yield running


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[Sandbox]:
    """Its compositions stay `processing` for a minute: for a wait that must not end by itself."""
    with Sandbox(queue_seconds=0, processing_seconds=60, callback_interval=None) as running:
        yield running


@pytest.fixture(scope="module")
def client(sandbox: Sandbox) -> Iterator[CompositionsClient]:
    with CompositionsClient(
        account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
    ) as opened:
        yield opened


@pytest.fixture(scope="module")
def completed(client: CompositionsClient) -> Callable[[], str]:
    """Hands out compositions created when the module starts, so completed by the time a test needs one."""
    sids = [client.create(room_sid=ROOM, audio_sources=["*"]).sid for _ in range(3)]

    def one() -> str:
        return client.wait(sids.pop(), poll_interval=0.05).sid

    return one


def environment(sandbox: Sandbox | None, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("TWILIO_")}
    if sandbox is not None:
        env |= {"TWILIO_ACCOUNT_SID": sandbox.account_sid, "TWILIO_AUTH_TOKEN": sandbox.auth_token}
    return env | extra


def start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "twilio_compositions", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run_all(
    *commands: tuple[str, ...], sandbox: Sandbox | None, **env: str
) -> list[subprocess.CompletedProcess[str]]:
    """Run the commands at the same time (each is mostly Python starting up), and wait for them all."""
    processes = [start(*command, env=environment(sandbox, **env)) for command in commands]
    return [finish(process) for process in processes]


def cli(
    sandbox: Sandbox, *args: str, base_url_first: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    where = ("--base-url", sandbox.url)
    command = (*where, *args) if base_url_first else (*args, *where)
    return run_all(command, sandbox=sandbox, **env)[0]


@pytest.fixture
def run_here(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """main() in this process, for the variants of what the subprocess tests cover: (status, out, err)."""

    def run(*args: str, env: dict[str, str] | None = None, base_url: str = "") -> tuple[int, str, str]:
        for name in [name for name in os.environ if name.startswith("TWILIO_")]:
            monkeypatch.delenv(name)
        for name, value in (environment(sandbox) if env is None else env).items():
            if name.startswith("TWILIO_"):
                monkeypatch.setenv(name, value)
        capsys.readouterr()
        try:
            status = main([*args, "--base-url", base_url or sandbox.url])
        except SystemExit as exit_:  # argparse: --help, usage errors
            status = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return run


# --- create -----------------------------------------------------------------------------------------


def test_create_prints_the_sid_for_each_way_of_giving_the_layout(
    sandbox: Sandbox, client: CompositionsClient, tmp_path: Path, completed: Callable[[], str]
) -> None:
    layout = {"main": {"video_sources": ["screen*"], "z_pos": 1}}
    layout_file = tmp_path / "layout.json"
    layout_file.write_text(json.dumps(layout), encoding="utf-8")
    url = ("--base-url", sandbox.url)
    grid, inline, from_file = run_all(
        ("create", ROOM, "--grid", *url),
        (*url, "create", ROOM, "--layout", json.dumps(layout), "--no-audio"),
        ("create", ROOM, "--layout-file", str(layout_file), "--audio-source", "alice", *url),
        sandbox=sandbox,
    )
    sids = []
    for done in (grid, inline, from_file):
        assert (done.returncode, done.stderr) == (0, ""), done
        assert re.fullmatch(r"CJ[0-9a-f]{32}\n", done.stdout), done.stdout  # only the SID
        sids.append(done.stdout.strip())
    made = [client.fetch(sid) for sid in sids]
    assert all(composition.room_sid == ROOM for composition in made)
    assert made[0].video_layout is not None and made[0].video_layout["grid"].video_sources == ["*"]
    assert made[0].audio_sources == ["*"]  # audio defaults to every track
    assert made[1].video_layout is not None and made[1].video_layout["main"].z_pos == 1
    assert made[1].audio_sources == []  # --no-audio
    assert made[2].video_layout is not None and made[2].video_layout["main"].video_sources == ["screen*"]
    assert made[2].audio_sources == ["alice"]


def test_create_passes_every_option(run_here: Runner, client: CompositionsClient) -> None:
    status, out, err = run_here("create", ROOM, "--audio-source", "alice", "--audio-source", "bob*")
    assert (status, err) == (0, "")
    audio_only = client.fetch(out.strip())
    assert audio_only.video_layout is None and audio_only.audio_sources == ["alice", "bob*"]

    status, out, err = run_here(
        *("create", ROOM, "--grid", "--audio-source-excluded", "carol", "--resolution", "1280x720"),
        *("--format", "mp4", "--status-callback", "http://127.0.0.1:9/cb", "--status-callback-method", "GET"),
        "--no-trim",
    )
    assert (status, err) == (0, "")
    made = client.fetch(out.strip())
    assert (made.audio_sources_excluded, made.resolution, made.format, made.trim) == (
        ["carol"],
        "1280x720",
        "mp4",
        False,
    )
    assert (made.status_callback, made.status_callback_method) == ("http://127.0.0.1:9/cb", "GET")


def test_create_refuses_a_bad_layout_before_sending_anything(
    sandbox: Sandbox, run_here: Runner, tmp_path: Path
) -> None:
    seen = len(sandbox.requests_seen)
    expected = {
        ("--layout", "{oops"): "error: --layout: is not valid JSON: ",
        ("--layout", "[1]"): "error: --layout: must be a JSON object of regions",
        (
            "--layout",
            '{"a": {"video_sources": []}}',
        ): "error: --layout['a'].video_sources: must have at least 1",
        ("--layout-file", str(tmp_path / "none.json")): "error: --layout-file: cannot read ",
        ("--no-audio",): "error: --no-audio: needs a video layout",
        ("--resolution", "9x9"): "error: --resolution: must be {width}x{height}",
        ("--format", "avi"): "error: --format: must be one of",
        ("--grid", "--layout", "{}"): "usage: twilio-compositions create",  # argparse's own
    }
    for options, start_of_error in expected.items():
        status, out, err = run_here("create", ROOM, *options)
        assert (status, out) == (2, ""), options
        assert err.startswith(start_of_error), (options, err)
        assert err.count("\n") == 1 or err.startswith("usage:"), err
    assert len(sandbox.requests_seen) == seen


# --- get, list, delete ------------------------------------------------------------------------------


def test_get_prints_the_composition_as_indented_json(sandbox: Sandbox, client: CompositionsClient) -> None:
    sid = client.create(room_sid=ROOM, audio_sources=["*"]).sid
    done = cli(sandbox, "get", sid)  # --base-url before the command
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("{\n  ")
    shown = json.loads(done.stdout)
    assert (shown["sid"], shown["room_sid"], shown["audio_sources"]) == (sid, ROOM, ["*"])


def test_list_as_a_table_and_as_json_lines_filtered_and_limited(
    sandbox: Sandbox, client: CompositionsClient
) -> None:
    room = "RM" + "d2" * 16
    sids = [client.create(room_sid=room, audio_sources=["*"]).sid for _ in range(3)]
    newest_first = sids[::-1]
    url = ("--base-url", sandbox.url)
    table, limited = run_all(
        ("list", "--room-sid", room, *url),  # --base-url after the command
        (*url, "list", "--room-sid", room, "--json", "--limit", "2", "--page-size", "1"),
        sandbox=sandbox,
    )
    for done in (table, limited):
        assert (done.returncode, done.stderr) == (0, ""), done

    header, *rows = table.stdout.splitlines()
    assert header.split() == ["SID", "STATUS", "ROOM", "CREATED", "DURATION", "SIZE"]
    assert [row.split()[0] for row in rows] == newest_first
    for row in rows:
        assert row.split()[2] == room and row.index(room) == header.index("ROOM")  # aligned
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row.split()[3])
        assert row.index(row.split()[3]) == header.index("CREATED")
    # One JSON object a line; two of them, from two pages of one.
    assert [json.loads(line)["sid"] for line in limited.stdout.splitlines()] == newest_first[:2]
    pages = [path for _, path in sandbox.requests_seen if f"RoomSid={room}&PageSize=1" in path]
    assert len(pages) == 2 and "PageToken=" in pages[1]


def test_list_filters(run_here: Runner, client: CompositionsClient, completed: Callable[[], str]) -> None:
    kept = client.create(room_sid=ROOM, audio_sources=["*"]).sid
    deleted = completed()
    client.delete(deleted)
    room = ROOM

    def sids(*options: str) -> list[str]:
        status, out, err = run_here("list", "--room-sid", room, "--json", *options)
        assert (status, err) == (0, "")
        return [json.loads(line)["sid"] for line in out.splitlines()]

    everything = sids()
    assert kept in everything and deleted not in everything  # deleted only with --status deleted, as the API
    assert deleted in sids("--status", "deleted") and kept not in sids("--status", "deleted")
    assert deleted in sids("--status", "deleted", "--created-after", "2000-01-01T00:00:00+02:00")
    assert sids("--created-before", "2000-01-01T00:00:00Z") == []
    status, out, _ = run_here("list", "--room-sid", room, "--status", "deleted")
    assert status == 0 and all(row.split()[1] == "deleted" for row in out.splitlines()[1:])


def test_delete(sandbox: Sandbox, client: CompositionsClient, completed: Callable[[], str]) -> None:
    sid = completed()
    done = cli(sandbox, "delete", sid, base_url_first=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"deleted {sid}\n", "")
    assert client.fetch(sid).status == "deleted"


# --- wait -------------------------------------------------------------------------------------------


def test_wait_exits_0_when_completed_and_1_when_failed(sandbox: Sandbox, client: CompositionsClient) -> None:
    good = client.create(room_sid=ROOM, audio_sources=["*"]).sid
    bad = client.create(room_sid=FAILING_ROOM_SID, audio_sources=["*"]).sid
    url = ("--base-url", sandbox.url)
    completed, failed = run_all(
        ("wait", good, "--poll-interval", "0.1", *url),
        ("wait", bad, "--poll-interval", "0.1", *url),
        sandbox=sandbox,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    # Not a terminal: a plain line a change of status, no carriage returns.
    lines = completed.stdout.splitlines()
    assert "\r" not in completed.stdout
    assert all(re.fullmatch(rf"{good}: \w+ \(\d+:\d\d elapsed\)", line) for line in lines), lines
    assert lines[-1].startswith(f"{good}: completed ")
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[-1].startswith(f"{bad}: failed ")
    assert failed.stderr == f"error: composition {bad} ended failed\n"


def test_wait_times_out_with_124(slow_sandbox: Sandbox, run_here: Runner) -> None:
    with CompositionsClient(
        account_sid=slow_sandbox.account_sid, auth_token=slow_sandbox.auth_token, base_url=slow_sandbox.url
    ) as slow_client:
        sid = slow_client.create(room_sid=ROOM, audio_sources=["*"]).sid
    status, out, err = run_here(
        "wait", sid, "--timeout", "0.2", "--poll-interval", "0.05", base_url=slow_sandbox.url
    )
    assert status == 124
    assert out == f"{sid}: processing (0:00 elapsed)\n"
    assert err == f"error: composition {sid} not done after 0.2 s (last status: processing)\n"


def test_ctrl_c_exits_130_quietly(slow_sandbox: Sandbox) -> None:
    with CompositionsClient(
        account_sid=slow_sandbox.account_sid, auth_token=slow_sandbox.auth_token, base_url=slow_sandbox.url
    ) as slow_client:
        sid = slow_client.create(room_sid=ROOM, audio_sources=["*"]).sid
    # As from a shell, Ctrl-C must reach the command: a signal ignored here (as in a job a script started
    # with `&`) would stay ignored in the child, which Python then leaves without its KeyboardInterrupt.
    # A handler set here is not inherited: the child starts with SIGINT at its default.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = start("--base-url", slow_sandbox.url, "wait", sid, env=environment(slow_sandbox))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert process.stdout is not None
    assert process.stdout.readline().startswith(f"{sid}: processing")  # it is waiting
    process.send_signal(signal.SIGINT)
    done = finish(process)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


# --- download ---------------------------------------------------------------------------------------


def test_download_writes_the_file_with_plain_progress_lines(
    sandbox: Sandbox, completed: Callable[[], str], tmp_path: Path
) -> None:
    sid = completed()
    target = tmp_path / "out.webm"
    done = cli(sandbox, "download", sid, str(target), "--ttl", "60")
    assert done.returncode == 0, done
    content = sandbox.media_content(sid)
    assert target.read_bytes() == content
    size = f"{len(content)} bytes \\(468\\.8 KiB\\)"
    assert re.fullmatch(rf"{re.escape(str(target))}: {size} in [\d.]+ s\n", done.stdout), done.stdout
    lines = done.stderr.splitlines()
    assert "\r" not in done.stderr and 1 <= len(lines) <= 10
    percents = []
    for line in lines:
        match = re.fullmatch(rf"{sid}: (\d+)% \([\d.]+ (?:B|KiB) of 468\.8 KiB\)", line)
        assert match, line
        percents.append(int(match.group(1)))
    assert percents == sorted(percents) and percents[-1] == 100


def test_download_before_the_media_exists_is_an_api_error(
    run_here: Runner, client: CompositionsClient, tmp_path: Path
) -> None:
    sid = client.create(room_sid=ROOM, audio_sources=["*"]).sid
    status, out, err = run_here("download", sid, str(tmp_path / "x.webm"))
    assert (status, out) == (1, "") and err.startswith("error: HTTP 404: ") and err.count("\n") == 1
    assert run_here("download", sid, str(tmp_path))[2].startswith("error: PATH: is a directory")
    assert not list(tmp_path.iterdir())


# --- errors -----------------------------------------------------------------------------------------


def test_an_api_error_is_one_line_with_twilio_code_and_exit_1(sandbox: Sandbox) -> None:
    done = cli(sandbox, "get", UNKNOWN_SID)
    assert (done.returncode, done.stdout) == (1, "")
    assert re.fullmatch(
        r"error: HTTP 404: .+ \(code 20404, more info: https://www\.twilio\.com/docs/errors/20404\)\n",
        done.stderr,
    ), done.stderr


def test_a_validation_error_names_the_argument_sends_nothing_and_exits_2(sandbox: Sandbox) -> None:
    seen = len(sandbox.requests_seen)
    done = cli(sandbox, "get", "CJnope")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: SID: must match ^CJ[0-9a-fA-F]{32}$, got 'CJnope'\n"
    assert len(sandbox.requests_seen) == seen


def test_validation_errors_of_each_command(sandbox: Sandbox, run_here: Runner) -> None:
    seen = len(sandbox.requests_seen)
    expected = {
        ("list", "--room-sid", "RMnope"): "error: --room-sid: must match ^RM",
        ("list", "--page-size", "1000"): "error: --page-size: must be between 1 and 100, got 1000",
        ("list", "--status", "done"): "error: --status: must be one of",
        ("list", "--created-after", "2024-05-01"): "usage: ",  # argparse's, see test_aware_datetime
        ("list", "--limit", "0"): "usage: ",
        ("create", "RMnope", "--grid"): "error: ROOM_SID: must match ^RM",
        ("wait", "CJnope"): "error: SID: must match",
        ("wait", UNKNOWN_SID, "--timeout", "-1"): "usage: ",
        ("download", "CJnope", "x"): "error: SID: must match",
        ("download", UNKNOWN_SID, "x", "--ttl", "0"): "error: --ttl: must be between 1 and 3600",
        ("delete", "CJnope"): "error: SID: must match",
    }
    for args, start_of_error in expected.items():
        status, out, err = run_here(*args)
        assert (status, out) == (2, ""), args
        assert err.startswith(start_of_error), (args, err)
    assert len(sandbox.requests_seen) == seen


def test_missing_credentials(sandbox: Sandbox) -> None:
    seen = len(sandbox.requests_seen)
    (done,) = run_all(("get", UNKNOWN_SID, "--base-url", sandbox.url), sandbox=None)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"error: {NO_CREDENTIALS}\n")
    assert len(sandbox.requests_seen) == seen


def test_wrong_credentials_are_never_shown(sandbox: Sandbox, run_here: Runner) -> None:
    secret = "not-the-sandbox-token-0123"
    account = {"TWILIO_ACCOUNT_SID": sandbox.account_sid}
    cases = [
        (account, 2, f"error: {NO_CREDENTIALS}"),
        ({**account, "TWILIO_AUTH_TOKEN": secret}, 1, "error: HTTP 401: "),
        ({**account, "TWILIO_API_KEY": "SK" + "0" * 32}, 2, "error: TWILIO_API_SECRET: is required with"),
        (
            {**account, "TWILIO_API_KEY": secret, "TWILIO_API_SECRET": secret},
            2,
            "error: TWILIO_API_KEY: must be",
        ),
        (
            {"TWILIO_ACCOUNT_SID": "ACnope", "TWILIO_AUTH_TOKEN": secret},
            2,
            "error: TWILIO_ACCOUNT_SID: must be",
        ),
    ]
    for env, expected_status, start_of_error in cases:
        status, out, err = run_here("get", UNKNOWN_SID, env=env)
        assert (status, out) == (expected_status, ""), env
        assert err.startswith(start_of_error) and err.count("\n") == 1, err
        assert secret not in err


def test_base_url_is_checked(run_here: Runner) -> None:
    status, _, err = run_here("get", UNKNOWN_SID, base_url="http://example.com")
    assert (status, err) == (
        2,
        "error: --base-url: must use https (plain http is allowed for loopback hosts only)\n",
    )


def test_usage_errors_exit_2(run_here: Runner) -> None:
    for args in [(), ("frobnicate",), ("get", UNKNOWN_SID, "--bogus"), ("get",)]:
        status, out, err = run_here(*args)
        assert (status, out) == (2, "") and err.startswith("usage: twilio-compositions"), (args, err)
    assert "unrecognized arguments: --bogus" in run_here("get", UNKNOWN_SID, "--bogus")[2]


# --- help and the sandbox ---------------------------------------------------------------------------


def test_help() -> None:
    main_help, sandbox_help = run_all(("--help",), ("sandbox", "--help"), sandbox=None)
    for done in (main_help, sandbox_help):
        assert (done.returncode, done.stderr) == (0, ""), done
    assert all(command in main_help.stdout for command in (*COMMANDS, "sandbox"))
    assert "TWILIO_ACCOUNT_SID" in main_help.stdout and "examples:" in main_help.stdout
    assert sandbox_help.stdout.startswith("usage: twilio-compositions sandbox ")
    assert "--processing-seconds" in sandbox_help.stdout and "example:" in sandbox_help.stdout


def test_help_of_every_command(run_here: Runner) -> None:
    for name in COMMANDS:
        status, out, err = run_here(name, "--help")
        assert (status, err) == (0, "")
        assert out.startswith(f"usage: twilio-compositions {name} ")
        assert "--base-url URL" in out
        assert "\nexample:\n  " in out and "twilio-compositions" in out.split("\nexample:\n")[1]


def test_the_console_script_is_declared() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "twilio-compositions"]
    assert script.value == "twilio_compositions._cli:main"


def test_the_sandbox_command_runs_a_sandbox_until_sigterm() -> None:
    process = start("sandbox", "--queue-seconds", "0", env=environment(None))
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(7)]  # what it prints on start
    assert lines[0].startswith("Compositions sandbox listening on http://127.0.0.1:")
    assert lines[1].startswith("TWILIO_ACCOUNT_SID=AC") and lines[-1] == "Stop it with Ctrl+C.\n"
    process.send_signal(signal.SIGTERM)
    assert finish(process).returncode == 0


# --- the parser, in process -------------------------------------------------------------------------


def test_base_url_before_or_after_the_command() -> None:
    parser = build_parser()
    assert parser.parse_args(["--base-url", "http://a", "get", UNKNOWN_SID]).base_url == "http://a"
    assert parser.parse_args(["get", UNKNOWN_SID, "--base-url", "http://b"]).base_url == "http://b"
    both = ["--base-url", "http://a", "get", "--base-url", "http://b", UNKNOWN_SID]
    assert parser.parse_args(both).base_url == "http://b"
    assert parser.parse_args(["list"]).base_url is None  # the client's default


def test_aware_datetime() -> None:
    utc = datetime.UTC
    assert aware_datetime("2024-05-01T12:00:00Z") == datetime.datetime(2024, 5, 1, 12, tzinfo=utc)
    assert aware_datetime("2024-05-01T14:00:00+02:00") == datetime.datetime(2024, 5, 1, 12, tzinfo=utc)
    with pytest.raises(
        argparse.ArgumentTypeError, match="no time zone: add one, such as 2024-05-01T00:00:00Z"
    ):
        aware_datetime("2024-05-01")
    with pytest.raises(argparse.ArgumentTypeError, match="not an ISO 8601"):
        aware_datetime("yesterday")


def test_cli_names_of_parameters() -> None:
    assert cli_name("sid", {"sid": "SID"}) == "SID"
    assert cli_name("room_sid", {"room_sid": "ROOM_SID"}) == "ROOM_SID"
    assert cli_name("room_sid", {}) == "--room-sid"
    assert cli_name("video_layout['grid'].z_pos", {}) == "--layout['grid'].z_pos"
    assert cli_name("video_layout/audio_sources", {}) == "--layout/--audio-source"
    assert cli_name("date_created_after", {}) == "--created-after"


def test_other_errors_are_one_line_and_exit_1() -> None:
    no_answer = ApiConnectionError("connection failed:\n refused", method="GET", path="/v1/Compositions")
    assert describe(no_answer, {}) == ("connection failed: refused (GET /v1/Compositions)", 1)
    assert describe(MediaDownloadError("cut short", status=None, host="media.example"), {}) == (
        "cut short",
        1,
    )
    assert describe(FileNotFoundError(2, "No such file or directory", "/x/y"), {}) == (
        "No such file or directory: /x/y",
        1,
    )


def test_describe_api_error() -> None:
    def error(code: int | None, more_info: str | None) -> ApiError:
        return ApiError(
            status=400, message="Bad thing", code=code, more_info=more_info, method="GET", path="/"
        )

    assert (
        describe_api_error(error(21, "https://x/21"))
        == "HTTP 400: Bad thing (code 21, more info: https://x/21)"
    )
    assert describe_api_error(error(21, None)) == "HTTP 400: Bad thing (code 21)"
    assert describe_api_error(error(None, None)) == "HTTP 400: Bad thing"


# --- what a terminal shows --------------------------------------------------------------------------


def test_formatting() -> None:
    assert [format_bytes(n) for n in (0, 1023, 1024, 1536, 480_000, 5 * 1024**3)] == [
        "0 B",
        "1023 B",
        "1.0 KiB",
        "1.5 KiB",
        "468.8 KiB",
        "5.0 GiB",
    ]
    assert format_rate(None) == "--/s" and format_rate(2 * 1024 * 1024) == "2.0 MiB/s"
    assert [format_duration(s) for s in (None, 0, 5.9, 65, 3723)] == [
        "--:--",
        "0:00",
        "0:05",
        "1:05",
        "1:02:03",
    ]
    assert status_line("CJ1", "processing", 12.5) == "CJ1: processing (0:12 elapsed)"
    assert milestone_line("CJ1", 50, 200) == "CJ1: 25% (50 B of 200 B)"
    assert milestone_line("CJ1", 50, None) == "CJ1: 50 B"


def test_progress_line() -> None:
    total = 4 * 1024 * 1024
    line = progress_line(total // 4, total, elapsed=1.0, width=8)
    assert line == "[##------]  25%  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 0:03"
    assert progress_line(0, total, elapsed=0.0, width=4) == "[----]   0%  0 B / 4.0 MiB  --/s  ETA --:--"
    assert progress_line(total, total, elapsed=2.0, width=4).startswith("[####] 100%")
    assert progress_line(2048, None, elapsed=2.0) == "2.0 KiB  1.0 KiB/s"  # the size unknown


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_download_progress_on_a_terminal_is_throttled_and_rewritten_in_place() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = DownloadProgress(stream, tty=True, label="CJ1", clock=clock)
    for done in range(0, 1000, 10):  # 100 updates in 0.25 s: drawn at 0, 0.1 and 0.2 s
        clock.now = done / 4000
        progress(done, 1000)
    progress(1000, 1000)  # and the last one, however soon
    progress.close()
    draws = stream.getvalue().split("\r")[1:]
    assert len(draws) == 4
    assert draws[0].startswith("[------------------------]   0%")
    assert draws[1] == "[#########---------------]  40%  400 B / 1000 B  3.9 KiB/s  ETA 0:00"
    assert draws[-1].startswith("[########################] 100%") and draws[-1].endswith("\n")


def test_download_progress_off_a_terminal_is_a_line_every_ten_percent() -> None:
    stream = io.StringIO()
    progress = DownloadProgress(stream, tty=False, label="CJ1", clock=Clock())
    for done in range(0, 1001, 25):
        progress(done, 1000)
    progress(0, 1000)  # a retry starting over
    progress(1000, 1000)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == [f"{p}%" for p in range(10, 101, 10)] + ["100%"]
    unknown = io.StringIO()
    progress = DownloadProgress(unknown, tty=False, label="CJ1", clock=Clock())
    for done in range(0, 25 * 1024 * 1024, 1024 * 1024):
        progress(done, None)
    assert unknown.getvalue() == "CJ1: 10.0 MiB\nCJ1: 20.0 MiB\n"


def test_status_display() -> None:
    plain, clock = io.StringIO(), Clock()
    display = StatusDisplay(plain, tty=False, sid="CJ1", clock=clock)
    display.update("enqueued")
    clock.now = 3
    display.update("completed")
    display.close()
    assert plain.getvalue() == "CJ1: enqueued (0:00 elapsed)\nCJ1: completed (0:03 elapsed)\n"

    terminal = io.StringIO()
    display = StatusDisplay(terminal, tty=True, sid="CJ1", clock=clock)
    display.update("processing")
    display.update("done")
    display.close()
    text = terminal.getvalue()
    assert text.startswith("\rCJ1: processing (0:00 elapsed)") and text.endswith("\n")
    assert "\rCJ1: done (0:00 elapsed)      \n" in text  # padded over the longer line it replaces
