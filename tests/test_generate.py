"""Regeneration: the committed package is what spec/ and templates/ give, byte for byte, every time."""

from __future__ import annotations

import filecmp
import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import openapi_python_client
import pytest
import yaml
from twilio_compositions._api_rules import CHECKS
from twilio_compositions._spec_rules import OPERATIONS

from .conftest import ROOT, SPEC_PATH

GENERATE = ROOT / "scripts" / "generate.py"
PACKAGE = ROOT / "generated" / "twilio_compositions"


def generate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATE), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# That the committed package is up to date (generated/ is what spec/ and templates/ give) is the first
# step of scripts/test, `scripts/generate.py --check`: it fails before the long steps, whatever pytest
# arguments are passed, so it is not checked here a second (and third) time. The tests below check
# what --check reports and that generation is deterministic.


def test_two_generations_are_byte_identical(tmp_path: Path) -> None:
    for name in ("first", "second"):
        done = generate("--output", tmp_path / name)
        assert done.returncode == 0, done.stderr
    first, second = (
        tree(tmp_path / "first" / "twilio_compositions"),
        tree(tmp_path / "second" / "twilio_compositions"),
    )
    assert first and first == second


def test_check_fails_after_a_spec_change_and_changes_nothing(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    document["components"]["schemas"]["CompositionFormat"]["enum"].append("mkv")
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    before = tree(PACKAGE)

    done = generate("--check", "--spec", changed)

    assert done.returncode == 1
    assert "differs: models/composition_format.py" in done.stderr
    assert "differs: _spec_rules.py" in done.stderr
    assert tree(PACKAGE) == before


def test_check_lists_files_added_and_removed(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "twilio_compositions", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "twilio_compositions" / "models" / "composition.py").unlink()
    (tmp_path / "twilio_compositions" / "stray.py").write_text("x = 1\n")
    done = generate("--check", "--output", tmp_path)
    assert done.returncode == 1
    assert "missing from" in done.stderr and "models/composition.py" in done.stderr
    assert "not generated any more: stray.py" in done.stderr


def test_an_object_form_field_without_json_encoding_is_refused(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    form = document["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]
    del form["encoding"]["VideoLayout"]
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    done = generate("--output", tmp_path / "out", "--spec", changed)
    assert done.returncode == 2
    assert "VideoLayout" in done.stderr and "application/json" in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_invalid_spec_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    done = generate("--output", tmp_path / "out", "--spec", broken)
    assert done.returncode == 2
    # The quotes around the name depend on the validator's backend: openapi-spec-validator picks
    # jsonschema-rs (double quotes) whenever it is installed, as schemathesis installs it.
    assert re.search(
        r"""is not a valid OpenAPI document: ['"]version['"] is a required property""", done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "template",
    sorted(p.relative_to(ROOT / "templates") for p in (ROOT / "templates").rglob("*.jinja")),
    ids=str,
)
def test_every_template_starts_with_a_comment_saying_why(template: Path) -> None:
    text = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert text.startswith("{#-"), f"templates/{template} must open with a comment"
    comment = text[: text.index("#}")]
    assert "Override of openapi-python-client" in comment or "Not a stock template" in comment


def test_every_prose_rule_check_is_used_and_every_one_used_exists() -> None:
    used = {check["check"] for rules in OPERATIONS.values() for check in rules.checks}
    assert used == set(CHECKS)


def test_handwritten_files_are_copied_verbatim() -> None:
    handwritten = ROOT / "templates" / "handwritten"
    for source in handwritten.rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts:
            assert filecmp.cmp(source, PACKAGE / source.relative_to(handwritten), shallow=False), source


def load_generate_module() -> ModuleType:
    """scripts/generate.py imported in this process (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("generate_under_test", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generation_leaves_the_generators_reserved_words_as_it_found_them(tmp_path: Path) -> None:
    from openapi_python_client import strings

    before = set(strings.RESERVED_WORDS)
    assert "format" in before  # else the test below shows nothing
    module = load_generate_module()
    module.generate(SPEC_PATH, tmp_path)
    model = (tmp_path / "twilio_compositions" / "models" / "composition.py").read_text(encoding="utf-8")
    assert re.search(r"^    format: ", model, re.MULTILINE)  # the name was allowed during generation
    assert before == strings.RESERVED_WORDS


# Each override opens with the upstream template it was forked from, so that a generator upgrade that
# changes that template fails here, naming the fork to review.
FORK_HEADER = re.compile(r"\{#- Fork of openapi-python-client (\S+) (\S+) sha256:([0-9a-f]{64})\n")


def override_templates() -> list[Path]:
    """Our templates that replace a stock template of the same relative path."""
    overrides = ROOT / "templates" / "overrides"
    return sorted(p.relative_to(overrides) for p in overrides.rglob("*.jinja"))


@pytest.mark.parametrize("override", override_templates(), ids=str)
def test_every_fork_still_matches_the_upstream_template_it_was_forked_from(override: Path) -> None:
    fork = f"templates/overrides/{override.as_posix()}"
    header = FORK_HEADER.match((ROOT / fork).read_text(encoding="utf-8"))
    assert header, f"{fork} must open with '{{#- Fork of openapi-python-client VERSION PATH sha256:HASH'"
    version, upstream_path, recorded = header.groups()
    assert upstream_path == override.as_posix(), f"{fork} records a fork of {upstream_path}"
    upstream = Path(openapi_python_client.__file__).parent / "templates" / upstream_path
    installed = metadata.version("openapi-python-client")
    actual = hashlib.sha256(upstream.read_bytes()).hexdigest()
    assert actual == recorded, (
        f"{fork} is a fork of openapi-python-client {version}'s {upstream_path}, which {installed} has "
        f"changed (sha256 {actual}): review the fork against the new upstream template, then record the "
        "new version and hash in its first line"
    )
    assert version == installed, (
        f"{fork} records openapi-python-client {version}, but {installed} is installed; its {upstream_path} "
        f"is unchanged, so record {installed} in the fork's first line"
    )


def test_an_override_of_no_stock_template_stops_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A renamed override (errors.py.jinja -> error.py.jinja) would otherwise ship a stray module and
    # bring the stock errors.py back silently.
    module = load_generate_module()
    stray = tmp_path / "overrides"
    shutil.copytree(module.OVERRIDES, stray)
    (stray / "errors.py.jinja").rename(stray / "error.py.jinja")
    monkeypatch.setattr(module, "OVERRIDES", stray)
    with pytest.raises(module.GenerationFailed, match=r"templates/overrides/error\.py\.jinja overrides no"):
        module.generate(SPEC_PATH, tmp_path / "out")


def test_a_module_named_like_a_stock_template_stops_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load_generate_module()
    modules = tmp_path / "modules"
    shutil.copytree(module.MODULES, modules)
    (modules / "types.py.jinja").write_text("{#- Not a stock template -#}\n", encoding="utf-8")
    monkeypatch.setattr(module, "MODULES", modules)
    with pytest.raises(module.GenerationFailed, match=r"templates/modules/types\.py\.jinja has the name"):
        module.generate(SPEC_PATH, tmp_path / "out")
