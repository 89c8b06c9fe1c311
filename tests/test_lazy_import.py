"""The package root loads its names on first use (PEP 562): what it defers, and that nothing is lost.

Each check runs in a fresh interpreter: this one has long loaded the whole package.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any

import pytest
from twilio_compositions._version import __version__

from .conftest import ROOT

PACKAGE_INIT = ROOT / "generated" / "twilio_compositions" / "__init__.py"
# What `import twilio_compositions` must not load: the client machinery and everything a first call does
# not need (the sandbox, the callbacks, the signatures, the low-level modules, the command line).
DEFERRED = (
    "twilio_compositions.compositions_client",
    "twilio_compositions._base_client",
    "twilio_compositions._low_level",
    "twilio_compositions.client",
    "twilio_compositions.api",
    "twilio_compositions.models",
    "twilio_compositions.sandbox",
    "twilio_compositions._status_callbacks",
    "twilio_compositions._signature",
    "twilio_compositions._cli",
    "httpx",
    "attrs",
)


def run_python(code: str, *args: str) -> Any:
    """Run code in a fresh interpreter; it prints one JSON document, returned here."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def loaded_of(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_importing_the_package_loads_none_of_the_client_machinery() -> None:
    modules = run_python("""
        import json, sys
        import twilio_compositions
        print(json.dumps(sorted(sys.modules)))
    """)

    assert loaded_of(modules, DEFERRED) == []
    assert loaded_of(modules, ("twilio_compositions",)) == [
        "twilio_compositions",
        "twilio_compositions._version",
    ]


def test_every_public_name_resolves_to_the_object_of_its_module_and_dir_lists_it() -> None:
    found = run_python("""
        import importlib, json
        import twilio_compositions as package

        listed = dir(package)
        names = list(package.__all__)
        values = {name: getattr(package, name) for name in names}
        star = {}
        exec("from twilio_compositions import *", star)
        print(json.dumps({
            "names": names,
            "table": sorted(package._MODULE_OF),
            "same": sorted(
                name
                for name, module in package._MODULE_OF.items()
                if values[name] is getattr(importlib.import_module(f"twilio_compositions.{module}"), name)
            ),
            "listed": listed,
            "star_same": sorted(name for name in star if star[name] is values.get(name)),
            "where": {name: getattr(values[name], "__module__", None) for name in names},
            "version": package.__version__,
        }))
    """)

    names = set(found["names"])
    assert len(found["names"]) == len(names) == 44  # 30 written by hand, 14 models and enums of the spec
    assert names == set(found["table"]) | {"__version__"}
    assert set(found["same"]) == set(found["table"])
    assert names <= set(found["listed"])
    assert set(found["star_same"]) == names
    assert found["version"] == __version__
    where = found["where"]
    assert where["CompositionsClient"] == "twilio_compositions.compositions_client"
    assert where["Composition"] == "twilio_compositions.models.composition"
    assert where["verify_signature"] == "twilio_compositions._signature"
    assert where["NotFoundError"] == "twilio_compositions._exceptions"


def test_type_checkers_see_every_lazy_name_imported() -> None:
    # mypy and IDEs read the `if TYPE_CHECKING:` imports; they must hold exactly the lazily loaded names.
    tree = ast.parse(PACKAGE_INIT.read_text(encoding="utf-8"))
    guarded = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )
    imported = {
        alias.name for node in guarded.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    declared = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
    )
    assert isinstance(declared, ast.List)
    all_names = {element.value for element in declared.elts if isinstance(element, ast.Constant)}

    assert imported == all_names - {"__version__"}


def test_an_unknown_name_raises_attribute_error_naming_it() -> None:
    found = run_python("""
        import json
        import twilio_compositions
        try:
            twilio_compositions.CompositionClient
        except AttributeError as error:
            attribute = str(error)
        try:
            from twilio_compositions import NoSuchThing
        except ImportError as error:
            imported = str(error)
        print(json.dumps({
            "attribute": attribute,
            "imported": imported,
            "has": hasattr(twilio_compositions, "_private_thing"),
        }))
    """)

    assert found["attribute"] == "module 'twilio_compositions' has no attribute 'CompositionClient'"
    assert "NoSuchThing" in found["imported"]
    assert found["has"] is False


def test_the_public_submodules_are_attributes_on_first_use() -> None:
    found = run_python("""
        import json
        import twilio_compositions
        print(json.dumps({
            name: getattr(twilio_compositions, name).__name__
            for name in ("api", "client", "compositions_client", "errors", "models", "sandbox", "types")
        }))
    """)

    assert found == {name: f"twilio_compositions.{name}" for name in found}
    assert len(found) == 7


def test_naming_a_name_loads_its_own_module_only() -> None:
    modules = run_python("""
        import json, sys
        from twilio_compositions import ValidationError, verify_signature
        print(json.dumps(sorted(sys.modules)))
    """)

    assert "twilio_compositions._signature" in modules
    assert loaded_of(modules, tuple(m for m in DEFERRED if not m.endswith("_signature"))) == []


def test_the_first_fetch_and_create_import_nothing_more() -> None:
    # The client loads what its calls need when it is named, so that a first call pays no import.
    example = (ROOT / "spec" / "compositions.yaml").read_text(encoding="utf-8")
    found = run_python(
        """
        import json, sys
        import httpx, yaml
        from twilio_compositions import CompositionsClient

        examples = yaml.safe_load(sys.argv[1])["components"]["examples"]
        def answer(request):
            if request.method == "POST":
                return httpx.Response(201, json=examples["CompositionEnqueued"]["value"])
            return httpx.Response(200, json=examples["CompositionCompleted"]["value"])
        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = CompositionsClient(account_sid="AC" + "0" * 32, auth_token="token", http_client=http)
        before = set(sys.modules)
        fetched = client.fetch("CJ" + "a" * 32).status
        after_fetch = set(sys.modules)
        created = client.create(room_sid="RM" + "a" * 32, video_layout={"grid": {"video_sources": ["*"]}})
        after_create = set(sys.modules)
        http.close()
        print(json.dumps({
            "statuses": [fetched, created.status],
            "fetch": sorted(after_fetch - before),
            "create": sorted(after_create - after_fetch),
        }))
        """,
        example,
    )

    assert found["statuses"] == ["completed", "enqueued"]
    assert loaded_of(found["fetch"] + found["create"], ("twilio_compositions", "attrs", "attr")) == []


def test_the_command_line_help_loads_no_client_machinery() -> None:
    modules = run_python("""
        import contextlib, io, json, sys
        from twilio_compositions._cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            try:
                main(["--help"])
            except SystemExit:
                pass
        assert "usage: twilio-compositions" in out.getvalue()
        print(json.dumps(sorted(sys.modules)))
    """)

    deferred = tuple(m for m in DEFERRED if m != "twilio_compositions._cli")
    assert loaded_of(modules, deferred) == []
    assert "twilio_compositions._cli._parser" in modules


# What naming CompositionsClient must not load: what a first fetch does not need. list(), download() and
# the low-level API load theirs on first use; attrs is needed by none of the client's own classes.
NOT_FOR_A_FETCH = (
    "twilio_compositions._download",
    "twilio_compositions._download_job",
    "twilio_compositions._media_sink",
    "twilio_compositions._paging",
    "twilio_compositions._low_level",
    "twilio_compositions.client",
    "twilio_compositions.models.twilio_error_body",
    "twilio_compositions.sandbox",
    "twilio_compositions._status_callbacks",
    "twilio_compositions._signature",
    "twilio_compositions._cli",
    "attrs",
    "attr",
)


def test_naming_the_client_loads_nothing_a_first_fetch_does_not_need() -> None:
    modules = run_python("""
        import json, sys
        from twilio_compositions import AsyncCompositionsClient, CompositionsClient
        print(json.dumps(sorted(sys.modules)))
    """)

    assert loaded_of(modules, NOT_FOR_A_FETCH) == []
    # ... but what a fetch does need, so that the first one imports nothing (the test above).
    assert {
        "twilio_compositions._base_client",
        "twilio_compositions.api.compositions.fetch_composition",
        "twilio_compositions.models.composition",
    } <= set(modules)


def test_each_method_works_on_first_use_and_loads_only_its_own_helpers(tmp_path: Path) -> None:
    example = (ROOT / "spec" / "compositions.yaml").read_text(encoding="utf-8")
    found = run_python(
        """
        import json, sys
        import httpx, yaml
        from twilio_compositions import CompositionsClient

        examples = yaml.safe_load(sys.argv[1])["components"]["examples"]
        completed = examples["CompositionCompleted"]["value"]
        def answer(request):
            if request.url.host == "media.example.com":
                return httpx.Response(200, content=b"0123456789")
            if request.url.path.endswith("/Media"):
                return httpx.Response(302, json={"redirect_to": "https://media.example.com/file?sig=1"})
            if request.url.path == "/v1/Compositions":
                meta = {"page": 0, "page_size": 50, "first_page_url": None, "previous_page_url": None,
                        "url": None, "next_page_url": None, "key": "compositions"}
                return httpx.Response(200, json={"compositions": [completed], "meta": meta})
            if request.method == "DELETE":
                return httpx.Response(204)
            return httpx.Response(200, json=completed)
        transport = httpx.MockTransport(answer)
        http, media = httpx.Client(transport=transport), httpx.Client(transport=transport)
        client = CompositionsClient(
            account_sid="AC" + "0" * 32, auth_token="token", http_client=http, media_http_client=media
        )
        sid = "CJ" + "a" * 32
        calls = {
            "fetch": lambda: client.fetch(sid).status,
            "delete": lambda: client.delete(sid),
            "media_url": lambda: client.media_url(sid),
            "wait": lambda: client.wait(sid).status,
            "list": lambda: [c.sid for c in client.list()],
            "download": lambda: client.download(sid, sys.argv[2]),
        }
        results, loaded = {}, {}
        for name, call in calls.items():
            before = set(sys.modules)
            results[name] = call()
            loaded[name] = sorted(set(sys.modules) - before)
        print(json.dumps({"results": results, "loaded": loaded}))
        """,
        example,
        str(tmp_path / "media.bin"),
    )

    listed = found["results"].pop("list")
    assert found["results"] == {
        "fetch": "completed",
        "delete": None,
        "media_url": "https://media.example.com/file?sig=1",
        "wait": "completed",
        "download": 10,
    }
    assert len(listed) == 1 and listed[0].startswith("CJ")
    assert (tmp_path / "media.bin").read_bytes() == b"0123456789"
    ours = {
        name: loaded_of(modules, ("twilio_compositions", "attrs", "attr"))
        for name, modules in found["loaded"].items()
    }
    assert ours == {
        "fetch": [],
        "delete": [],
        "media_url": [],
        "wait": [],
        "list": ["twilio_compositions._paging"],
        "download": [
            "twilio_compositions._download",
            "twilio_compositions._download_job",
            "twilio_compositions._media_sink",
        ],
    }


def test_the_models_package_loads_a_model_when_it_is_first_named() -> None:
    found = run_python("""
        import json, sys
        import twilio_compositions.models as models
        before = sorted(m for m in sys.modules if m.startswith("twilio_compositions.models."))
        page = models.CompositionPage
        after = sorted(m for m in sys.modules if m.startswith("twilio_compositions.models."))
        star = {}
        exec("from twilio_compositions.models import *", star)
        try:
            models.NoSuchModel
        except AttributeError as error:
            unknown = str(error)
        print(json.dumps({
            "before": before,
            "after": after,
            "page": [page.__module__, page.__name__],
            "star": sorted(name for name in star if not name.startswith("__")),
            "all": sorted(models.__all__),
            "listed": set(models.__all__) <= set(dir(models)),
            "unknown": unknown,
        }))
    """)

    assert found["before"] == []
    # CompositionPage and what it refers to: not the request, redirect or error models.
    assert found["after"] == [
        "twilio_compositions.models.composition",
        "twilio_compositions.models.composition_format",
        "twilio_compositions.models.composition_links",
        "twilio_compositions.models.composition_page",
        "twilio_compositions.models.composition_status",
        "twilio_compositions.models.page_meta",
        "twilio_compositions.models.status_callback_method",
        "twilio_compositions.models.video_layout",
        "twilio_compositions.models.video_layout_region",
        "twilio_compositions.models.video_layout_region_reuse",
    ]
    assert found["page"] == ["twilio_compositions.models.composition_page", "CompositionPage"]
    assert found["star"] == found["all"]
    assert len(found["all"]) == 14
    assert found["listed"] is True
    assert found["unknown"] == "module 'twilio_compositions.models' has no attribute 'NoSuchModel'"


def test_the_low_level_api_works_in_a_fresh_interpreter() -> None:
    # Its modules import the low-level client and types.Response for type checkers only.
    example = (ROOT / "spec" / "compositions.yaml").read_text(encoding="utf-8")
    found = run_python(
        """
        import json, sys
        import httpx, yaml
        from twilio_compositions.client import AuthenticatedClient
        from twilio_compositions.api.compositions import fetch_composition

        completed = yaml.safe_load(sys.argv[1])["components"]["examples"]["CompositionCompleted"]["value"]
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=completed))
        client = AuthenticatedClient("AC" + "0" * 32, "token", httpx_args={"transport": transport})
        response = fetch_composition.sync_detailed("CJ" + "a" * 32, client=client)
        print(json.dumps([type(response).__name__, int(response.status_code), response.parsed.status]))
        """,
        example,
    )

    assert found == ["Response", 200, "completed"]


@pytest.mark.parametrize("method", ["fetch", "create", "wait", "delete", "media_url"])
def test_the_hints_of_methods_whose_names_are_loaded_resolve_at_run_time(method: str) -> None:
    # typing.get_type_hints() (pydantic's validate_call, sphinx, typer) evaluates every name a hint uses
    # in the module; list() and download() name the pager and the download types, loaded on first use.
    from twilio_compositions import AsyncCompositionsClient, CompositionsClient

    for client in (CompositionsClient, AsyncCompositionsClient):
        hints = typing.get_type_hints(getattr(client, method))
        assert "return" in hints and len(hints) > 1, (client, method, hints)
