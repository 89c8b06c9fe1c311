#!/usr/bin/env python3
"""Generate the client package from spec/ and templates/.

    scripts/generate.py                 regenerate generated/twilio_compositions
    scripts/generate.py --check         exit 1 and list the files that differ from a fresh generation
    scripts/generate.py --spec PATH     generate from another OpenAPI document
    scripts/generate.py --output DIR    write (or check) DIR/twilio_compositions instead

Steps: validate the document; run openapi-python-client (pinned) with our config and template overrides,
giving the templates the rules the stock generator drops (scripts/spec_context.py) and our overrides
(templates/overrides/, each replacing the stock template of the same path); render our own templates
(templates/modules/, each into the package module of its name); copy the package's hand-written half
(templates/handwritten/) in; format with the pinned ruff in isolated mode. Everything happens in a
temporary directory, so a failed run never leaves a half-written package behind. Two runs give identical
bytes: nothing in the output depends on time, paths or the order of a directory listing.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader, pass_context
from jinja2.runtime import Context, Macro
from openapi_python_client import Project, strings
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.parser.properties import EnumProperty, ModelProperty
from openapi_python_client.parser.properties.datetime import DateTimeProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.none import NoneProperty
from openapi_python_client.parser.properties.union import UnionProperty
from openapi_spec_validator import validate as validate_openapi
from openapi_spec_validator.exceptions import OpenAPISpecValidatorError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spec_context

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "spec" / "compositions.yaml"
DEFAULT_OUTPUT = ROOT / "generated"
TEMPLATES = ROOT / "templates"
# Each kind of template has its own place (CONTRIBUTING.md, "How the client is made"):
OVERRIDES = TEMPLATES / "overrides"  # replace the stock template of the same relative path
MODULES = TEMPLATES / "modules"  # our own templates, each rendered into the package module of its name
HANDWRITTEN = TEMPLATES / "handwritten"  # the package's hand-written half, copied verbatim
CONFIG = ROOT / "scripts" / "generator-config.yaml"
PACKAGE = "twilio_compositions"
LINE_LENGTH = "110"
TARGET = ("--target-version", "py311")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")

# The stock generator appends "_" to every name that shadows a builtin, so the spec's `format` field
# would become `Composition.format_` and `create(format_=...)`. Shadowing is harmless for the names
# listed here: the generated code never calls these builtins, and the public API reads as Twilio's does.
ALLOWED_BUILTIN_NAMES = {"format"}


@contextlib.contextmanager
def builtin_names_allowed(names: set[str]) -> Iterator[None]:
    """Let the generator use these builtin names as they are, for this generation only.

    strings.RESERVED_WORDS is the generator's module-level set; it is restored afterwards, so a
    process that generates (the tests) or uses openapi_python_client for anything else sees the stock set.
    """
    saved = strings.RESERVED_WORDS
    strings.RESERVED_WORDS = saved - names
    try:
        yield
    finally:
        strings.RESERVED_WORDS = saved


def _is_nullable(prop: object) -> bool:
    """Whether None is one of the values a property's type allows (a union with a None member)."""
    if isinstance(prop, NoneProperty):
        return True
    return isinstance(prop, UnionProperty) and any(_is_nullable(inner) for inner in prop.inner_properties)


# Jinja tests for the templates, which ask the generator's property classes what a property is
# (`{% if prop is enum_property %}`) instead of comparing template file names or splitting type strings.
TEMPLATE_TESTS = {
    "enum_property": lambda prop: isinstance(prop, EnumProperty),
    "datetime_property": lambda prop: isinstance(prop, DateTimeProperty),
    "model_property": lambda prop: isinstance(prop, ModelProperty),
    "list_property": lambda prop: isinstance(prop, ListProperty),
    "union_property": lambda prop: isinstance(prop, UnionProperty),
    "none_property": lambda prop: isinstance(prop, NoneProperty),
    "nullable": _is_nullable,
}


def parses_from_json(project: Project, prop: object) -> bool:
    """Whether from_dict turns a property's JSON value into something else: a model, an enum, a date, a
    list of those (its template has a `construct` macro). A plain value (str, int, a list of those) is
    kept as it is."""
    if isinstance(prop, ListProperty):
        return parses_from_json(project, prop.inner_property)
    template = project.env.get_template(f"property_templates/{prop.template}")  # type: ignore[attr-defined]
    return hasattr(template.module, "construct")


class GenerationFailed(Exception):
    pass


def _fail(message: str) -> None:
    """For templates: stop generation on a spec they cannot handle, rather than emit wrong code."""
    raise GenerationFailed(message)


@pass_context
def stock_macros(context: Context, name: str) -> dict[str, Macro]:
    """For an override: the macros of the stock template it replaces, bound to the override's variables
    (`model`, `config`), so that it holds only what it changes and calls upstream's macros for the rest.

    `{% import "stock/model.py.jinja" as stock with context %}` would be the plain way, but Jinja exports
    no macro whose name starts with "_", and upstream's `_to_dict` is one.
    """
    template = context.environment.get_template(f"stock/{name}")
    module = template.new_context(context.get_all())
    for _ in template.root_render_func(module):  # defines the macros; the stock output is dropped
        pass
    return {key: value for key, value in module.vars.items() if isinstance(value, Macro)}


def load_document(spec: Path) -> dict[str, Any]:
    """The document, parsed and validated as OpenAPI; GenerationFailed says what is wrong with it."""
    try:
        document: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
        validate_openapi(document)
    except (OSError, yaml.YAMLError, OpenAPISpecValidatorError, jsonschema.ValidationError) as error:
        first_line = str(error).strip().splitlines()[0]
        raise GenerationFailed(f"{spec} is not a valid OpenAPI document: {first_line}") from error
    return document


def stock_template_names() -> set[str]:
    return set(PackageLoader("openapi_python_client").list_templates())


def template_names(directory: Path) -> list[str]:
    """The templates under directory, as Jinja names (relative, with forward slashes), sorted."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.jinja"))


def check_template_places() -> None:
    """Every override replaces a stock template and no module of ours shares a stock template's name.

    Without this a renamed override (errors.py.jinja -> error.py.jinja) would generate: a stray module
    of ours, and the stock errors.py silently back.
    """
    stock = stock_template_names()
    for name in template_names(OVERRIDES):
        if name not in stock:
            raise GenerationFailed(
                f"templates/overrides/{name} overrides no stock template: openapi-python-client has no "
                f"{name}. Rename it to the stock template it replaces, or move it to templates/modules/"
            )
    for name in template_names(MODULES):
        if name in stock:
            raise GenerationFailed(
                f"templates/modules/{name} has the name of a stock template: move it to "
                "templates/overrides/ if it replaces that template, else rename it"
            )


def run_generator(document: dict[str, Any], spec: Path, package_dir: Path) -> Project:
    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG),
        MetaType.NONE,
        document_source=spec,
        file_encoding="utf-8",
        overwrite=True,
        output_path=package_dir,
    )
    openapi = GeneratorData.from_dict(spec_context.document_for_generator(document), config=config)
    if isinstance(openapi, GeneratorError):
        raise GenerationFailed(f"{openapi.header}: {openapi.detail}")
    project = Project(openapi=openapi, config=config, custom_template_path=OVERRIDES)
    # Our modules are found by their names too (they may import the stock macros, never replace them).
    stock = project.env.loader
    assert stock is not None, "openapi-python-client's Project sets up its template loader"
    # "stock/NAME" is the stock template NAME even where an override replaces it (see stock_macros).
    project.env.loader = ChoiceLoader(
        [
            FileSystemLoader(OVERRIDES),
            FileSystemLoader(MODULES),
            PrefixLoader({"stock": PackageLoader("openapi_python_client")}),
            stock,
        ]
    )
    project.env.globals["stock_macros"] = stock_macros
    endpoints = [e for c in openapi.endpoint_collections_by_tag.values() for e in c.endpoints]
    project.env.globals.update(spec_context.template_globals(document, endpoints))
    project.env.filters["py_literal"] = repr
    project.env.tests.update(TEMPLATE_TESTS)
    project.env.tests["parsed"] = lambda prop: parses_from_json(project, prop)
    project.env.globals["fail"] = _fail
    # Warnings count too: a skipped endpoint or property would silently shrink the client.
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <tmp dir>", which is noise here
        problems = [f"{e.header}: {e.detail}" for e in project.build()]
    if problems:
        raise GenerationFailed("openapi-python-client reported:\n" + "\n".join(problems))
    return project


def render_modules(project: Project, package_dir: Path) -> None:
    for name in template_names(MODULES):
        target = package_dir / name.removesuffix(".jinja")
        if target.exists():
            raise GenerationFailed(f"templates/modules/{name} would overwrite a generated file")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(project.env.get_template(name).render(), encoding="utf-8")


def copy_handwritten(package_dir: Path) -> None:
    for source in sorted(HANDWRITTEN.rglob("*")):
        if "__pycache__" in source.parts or source.is_dir() or source.suffix == ".pyc":
            continue
        target = package_dir / source.relative_to(HANDWRITTEN)
        if target.exists():
            raise GenerationFailed(
                f"templates/handwritten/{source.relative_to(HANDWRITTEN)} collides with a generated file"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


SHAPE_CHECKS_HEADER = '''"""Response shape checks compiled ahead from the spec (see _response_shape.py).

Generated by scripts/generate.py with _response_shape.module_source; change the spec or that module.
"""

from collections.abc import Mapping
from typing import Any

from ._datetimes import iso_datetime
from ._response_shape import Checker, _any_of, _index, _Mismatch

'''
# Run in the generated package: the checkers of every schema an operation answers with, by SCHEMAS name.
SHAPE_CHECKS_CODE = """\
import sys
sys.path.insert(0, sys.argv[1])
from twilio_compositions import _response_shape, _spec_rules
assert _response_shape.__file__.startswith(sys.argv[1]), _response_shape.__file__
used = {id(s) for rules in _spec_rules.OPERATIONS.values() for s in rules.responses.values()}
schemas = {name: s for name, s in _spec_rules.SCHEMAS.items() if id(s) in used}
sys.stdout.write(_response_shape.module_source(schemas))
"""


VALIDATION_CHECKS_HEADER = '''"""Argument validation compiled ahead from the spec (see _fast_validation.py).

Generated by scripts/generate.py with _fast_validation.module_source; change the spec or that module.
"""

from collections.abc import Mapping
from typing import Any

from ._fast_validation import Accepts
from ._validation import _URI_SCHEME, _compile

'''
VALIDATION_CHECKS_CODE = """\
import sys
sys.path.insert(0, sys.argv[1])
from twilio_compositions import _validation  # first: it imports _fast_validation at its end
from twilio_compositions import _fast_validation, _spec_rules
assert _fast_validation.__file__.startswith(sys.argv[1]), _fast_validation.__file__
schemas = _fast_validation.parameter_schemas(_spec_rules.OPERATIONS)
sys.stdout.write(_fast_validation.module_source(schemas))
"""


def compile_ahead(package_dir: Path, module: str, header: str, empty: str, code: str) -> None:
    """Write the module: first with nothing compiled (the package imports it), then with what is."""
    target = package_dir / module
    target.write_text(header + empty + "\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603  (this interpreter, our own code, our own temporary path)
        [sys.executable, "-I", "-c", code, str(package_dir.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise GenerationFailed(f"compiling {module} failed:\n{done.stderr}")
    target.write_text(header + done.stdout + "\n", encoding="utf-8")


def compile_checks_ahead(package_dir: Path) -> None:
    """The response shape checks and the argument validation of the spec's schemas, compiled ahead: a
    first call then compiles none (see _response_shape.py and _fast_validation.py)."""
    empty_validation = "AHEAD: list[tuple[str, str, str, Accepts]] = []"
    compile_ahead(
        package_dir,
        "_validation_checks.py",
        VALIDATION_CHECKS_HEADER,
        empty_validation,
        VALIDATION_CHECKS_CODE,
    )
    empty_shapes = "CHECKERS: dict[str, Checker] = {}"
    compile_ahead(package_dir, "_shape_checks.py", SHAPE_CHECKS_HEADER, empty_shapes, SHAPE_CHECKS_CODE)


def run_ruff(*args: str, package_dir: Path) -> None:
    # Run from the parent directory: `python -m` puts the working directory on sys.path, and the
    # package's own types.py would shadow the standard library's.
    command = [sys.executable, "-m", "ruff", *args, "--isolated", "--line-length", LINE_LENGTH]
    command.append(package_dir.name)
    # The command is made of constants and our own temporary path, not of outside input.
    done = subprocess.run(  # noqa: S603
        command, cwd=package_dir.parent, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise GenerationFailed(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def format_package(package_dir: Path) -> None:
    # Unused imports and import order are the stock templates' leftovers; fixing them keeps the
    # generated code lint-clean without touching what it does.
    run_ruff("check", "--fix-only", "--select", "I,F401,F541,UP", *TARGET, package_dir=package_dir)
    run_ruff("format", *TARGET, package_dir=package_dir)


def generate(spec: Path, workdir: Path) -> Path:
    """Generate the package into workdir and return its directory."""
    check_template_places()
    document = load_document(spec)
    package_dir = workdir / PACKAGE
    with builtin_names_allowed(ALLOWED_BUILTIN_NAMES):
        project = run_generator(document, spec, package_dir)
    render_modules(project, package_dir)
    copy_handwritten(package_dir)
    compile_checks_ahead(package_dir)
    format_package(package_dir)
    return package_dir


def differences(fresh: Path, current: Path) -> list[str]:
    """Paths (relative to the package) that are added, removed or changed in fresh against current."""

    def files(root: Path) -> set[Path]:
        if not root.is_dir():
            return set()
        return {
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        }

    new, old = files(fresh), files(current)
    out = [f"missing from {current}: {p}" for p in sorted(new - old)]
    out += [f"not generated any more: {p}" for p in sorted(old - new)]
    out += [
        f"differs: {p}" for p in sorted(new & old) if not filecmp.cmp(fresh / p, current / p, shallow=False)
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with a fresh generation; change nothing"
    )
    parser.add_argument(
        "--spec", type=Path, default=DEFAULT_SPEC, help="the OpenAPI document (default: %(default)s)"
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="where the package goes (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    target = args.output / PACKAGE
    with tempfile.TemporaryDirectory(prefix="generate-") as tmp:
        try:
            fresh = generate(args.spec.resolve(), Path(tmp))
        except (GenerationFailed, spec_context.SpecError) as error:
            print(f"generation failed: {error}", file=sys.stderr)
            return 2
        if args.check:
            diff = differences(fresh, target)
            if diff:
                print(f"{target} is not what {args.spec} and templates/ generate:", file=sys.stderr)
                print("\n".join(f"  {line}" for line in diff), file=sys.stderr)
                print("run scripts/generate.py to regenerate it", file=sys.stderr)
                return 1
            print(f"{target} is up to date")
            return 0
        if target.exists():
            shutil.rmtree(target)
        args.output.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, target, ignore=IGNORED)
        print(f"generated {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
