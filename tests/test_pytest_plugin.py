"""The pytest plugin, as a user meets it: a test file of theirs, run by pytest with nothing else set up."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def run_user_tests(pytester: pytest.Pytester, source: str, *, passed: int) -> None:
    pytester.makepyfile(test_user=source)
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=passed)


def test_the_entry_point_gives_the_fixtures_with_nothing_else(pytester: pytest.Pytester) -> None:
    """A fresh pytest process finds the fixtures through the pytest11 entry point alone."""
    pytester.makepyfile(
        test_user="""
        def test_x(compositions_client):
            c = compositions_client.create(room_sid="RM" + "0" * 32, audio_sources=["*"])
            assert c.status == "enqueued"
            assert compositions_client.wait(c.sid).status == "completed"  # on the fake clock: at once
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error", "--timeout", "60")
    result.assert_outcomes(passed=1)


def test_arranged_compositions(pytester: pytest.Pytester) -> None:
    run_user_tests(
        pytester,
        """
        import pytest
        from twilio_compositions import CompositionFailedError, NotFoundError

        def test_completed(compositions_sandbox, compositions_client, tmp_path):
            room = "RM" + "1" * 32
            sid = compositions_sandbox.add_composition(status="completed", room_sid=room, format="mp4")
            done = compositions_client.fetch(sid)
            assert (done.status, done.room_sid, done.format) == ("completed", room, "mp4")
            assert compositions_client.download(sid, tmp_path / "a.mp4") == done.size > 0
            assert [c.sid for c in compositions_client.list(status="completed")] == [sid]

        def test_failed(compositions_sandbox, compositions_client):
            sid = compositions_sandbox.add_composition(status="failed")
            assert compositions_client.fetch(sid).status == "failed"
            with pytest.raises(CompositionFailedError):
                compositions_client.wait(sid)

        def test_one_that_will_fail(compositions_sandbox, compositions_client, compositions_clock):
            sid = compositions_sandbox.add_composition(status="processing", fails=True)
            assert compositions_client.fetch(sid).status == "processing"
            compositions_clock.advance(5)
            assert compositions_client.fetch(sid).status == "failed"

        def test_deleted_and_checked(compositions_sandbox, compositions_client):
            sid = compositions_sandbox.add_composition(status="deleted")
            assert compositions_client.fetch(sid).status == "deleted"
            with pytest.raises(NotFoundError):
                compositions_client.media_url(sid)
            with pytest.raises(ValueError):
                compositions_sandbox.add_composition(status="completed", fails=True)
        """,
        passed=4,
    )


def test_the_clock_moves_the_status_and_delivers_callbacks(pytester: pytest.Pytester) -> None:
    run_user_tests(
        pytester,
        """
        import httpx
        from twilio_compositions.sandbox import Sandbox

        def test_status(compositions_client, compositions_clock):
            sid = compositions_client.create(room_sid="RM" + "0" * 32, audio_sources=["*"]).sid
            assert compositions_client.fetch(sid).status == "enqueued"
            compositions_clock.advance(0.5)
            assert compositions_client.fetch(sid).status == "processing"
            compositions_clock.advance(5)
            assert compositions_client.fetch(sid).status == "completed"

        def test_callbacks_go_out_as_the_clock_moves(
            compositions_sandbox, compositions_client, compositions_clock
        ):
            compositions_client.create(
                room_sid="RM" + "0" * 32, audio_sources=["*"], status_callback="https://app.example.com/hook"
            )
            assert compositions_sandbox.callback_deliveries == []
            compositions_clock.advance(0.5)
            (started,) = compositions_sandbox.callback_deliveries
            assert started.event == "composition-started"  # tried: a remote host is refused, and recorded
            assert started.error and "not a loopback host" in started.error
            compositions_clock.advance(5)
            assert compositions_sandbox.callback_deliveries[-1].event == "composition-available"
        """,
        passed=2,
    )


def test_what_the_client_sent(pytester: pytest.Pytester) -> None:
    run_user_tests(
        pytester,
        """
        def test_sent(compositions_sandbox, compositions_client):
            room = "RM" + "0" * 32
            created = compositions_client.create(
                room_sid=room,
                video_layout={"grid": {"video_sources": ["*"]}},
                audio_sources=["a", "b"],
                trim=False,
            )
            list(compositions_client.list(status="enqueued", page_size=5))
            create, listing = compositions_sandbox.requests
            assert (create.method, create.path) == ("POST", "/v1/Compositions")
            assert create.form == {
                "RoomSid": room,
                "VideoLayout": {"grid": {"video_sources": ["*"]}},
                "AudioSources": ["a", "b"],
                "Trim": False,
            }
            assert (listing.method, listing.path) == ("GET", "/v1/Compositions")
            assert listing.query == {"Status": "enqueued", "PageSize": "5"}
            assert listing.form == {}
            assert compositions_sandbox.store.get(created.sid) is not None
        """,
        passed=1,
    )


def test_the_async_client_fixture_without_an_async_plugin(pytester: pytest.Pytester) -> None:
    run_user_tests(
        pytester,
        """
        import asyncio

        def test_async(async_compositions_client, compositions_sandbox, tmp_path):
            async def main():
                client = async_compositions_client
                created = await client.create(room_sid="RM" + "0" * 32, audio_sources=["*"])
                done = await client.wait(created.sid)
                size = await client.download(done.sid, tmp_path / "out.webm")
                return done, size

            done, size = asyncio.run(main())
            assert done.status == "completed" and size == done.size
            assert (tmp_path / "out.webm").read_bytes() == compositions_sandbox.media_content(done.sid)
        """,
        passed=1,
    )


def test_faults_and_retries_take_no_real_time(pytester: pytest.Pytester) -> None:
    run_user_tests(
        pytester,
        """
        import time

        def test_retried(compositions_sandbox, compositions_client, compositions_clock):
            sid = compositions_sandbox.add_composition()
            compositions_sandbox.inject_fault(503, times=2)
            began = time.monotonic()
            assert compositions_client.fetch(sid).status == "completed"
            assert time.monotonic() - began < 1
            assert len(compositions_clock.sleeps) == 2  # the two backoffs, on the fake clock
            assert [r.method for r in compositions_sandbox.requests] == ["GET"] * 3
        """,
        passed=1,
    )


def test_the_projects_own_fixtures_do_not_clash(request: pytest.FixtureRequest) -> None:
    """This suite runs with the plugin loaded (the entry point): its fixtures are all prefixed, and none
    of this suite's conftest fixtures (`sandbox`, `clock` ...) has a plugin fixture's name."""
    from twilio_compositions import pytest_plugin

    from . import conftest

    assert request.config.pluginmanager.get_plugin("twilio_compositions") is pytest_plugin
    assert all(
        name.endswith(("compositions_clock", "compositions_sandbox", "compositions_client"))
        for name in pytest_plugin.__all__
    )
    assert not set(pytest_plugin.__all__) & set(vars(conftest))
