"""The generated models are plain classes: what attrs' define gave them, they still have.

__init__ with the same arguments and defaults, __repr__, __eq__ (and so no hash), __match_args__,
__slots__ and weak references, pickling; and the plain classes of types.py and _validation.py.
"""

from __future__ import annotations

import copy
import pickle
import weakref
from io import BytesIO
from typing import Any

import pytest
from twilio_compositions import (
    Composition,
    CompositionStatus,
    CreateCompositionRequest,
    MediaRedirect,
    VideoLayout,
    VideoLayoutRegion,
)
from twilio_compositions._credentials import Credentials
from twilio_compositions._spec_rules import OPERATIONS
from twilio_compositions._validation import OperationRules
from twilio_compositions.types import UNSET, File, Response


def test_init_takes_the_properties_by_keyword_or_position_with_their_defaults(
    fetch_example: dict[str, Any],
) -> None:
    parsed = Composition.from_dict(fetch_example)
    values = {name: getattr(parsed, name) for name in Composition.__match_args__}
    made = Composition(
        **{k: v for k, v in values.items() if k not in ("bitrate", "duration", "encryption_key")}
    )

    assert made.bitrate == 0 and made.duration == 0  # the spec's defaults
    assert made.encryption_key is UNSET  # an optional property: not set
    assert made.additional_properties == {}
    assert VideoLayoutRegion(["*"]).video_sources == ["*"]
    assert VideoLayoutRegion(["*"]).x_pos is UNSET
    with pytest.raises(TypeError):
        Composition()  # type: ignore[call-arg]  # the required properties are required


def test_equal_when_every_property_and_the_unknown_ones_are(fetch_example: dict[str, Any]) -> None:
    first, second = Composition.from_dict(fetch_example), Composition.from_dict(fetch_example)

    assert first == second
    assert (first != second) is False
    second.resolution = "16x16"
    assert first != second
    third = Composition.from_dict(fetch_example)
    third["new_field"] = 1  # an unknown property, kept in additional_properties
    assert first != third
    assert first != fetch_example  # another class: NotImplemented, then identity
    assert (first == object()) is False
    with pytest.raises(TypeError, match="unhashable"):
        hash(first)


def test_repr_names_every_property_as_attrs_did() -> None:
    redirect = MediaRedirect(redirect_to="https://media.example.com/f?sig=1")
    redirect["extra"] = True

    assert repr(redirect) == (
        "MediaRedirect(redirect_to='https://media.example.com/f?sig=1', "
        "additional_properties={'extra': True})"
    )
    layout = VideoLayout({"grid": VideoLayoutRegion(video_sources=["*"])})
    assert repr(layout).startswith(
        "VideoLayout(additional_properties={'grid': VideoLayoutRegion(video_sources=['*'], "
    )
    request = CreateCompositionRequest(room_sid="RM" + "a" * 32)
    assert repr(request).startswith(f"CreateCompositionRequest(room_sid='RM{'a' * 32}', video_layout=<")


def test_a_match_statement_takes_the_properties_in_order(fetch_example: dict[str, Any]) -> None:
    match Composition.from_dict(fetch_example):
        case Composition(account_sid, status):
            assert account_sid == fetch_example["account_sid"]
            assert status is CompositionStatus.COMPLETED
        case _:
            pytest.fail("no match")
    match VideoLayout({"grid": VideoLayoutRegion(["*"])}):
        case VideoLayout(regions):
            assert list(regions) == ["grid"]
        case _:
            pytest.fail("no match")


def test_slots_refuse_unknown_attributes_and_allow_weak_references(fetch_example: dict[str, Any]) -> None:
    composition = Composition.from_dict(fetch_example)

    assert not hasattr(composition, "__dict__")
    with pytest.raises(AttributeError):
        composition.sttaus = "typo"  # type: ignore[attr-defined]  # a misspelt property is an error
    assert weakref.ref(composition)() is composition


def test_models_pickle_and_copy_as_equal_objects(fetch_example: dict[str, Any]) -> None:
    composition = Composition.from_dict(fetch_example)
    composition["kept"] = [1]

    assert pickle.loads(pickle.dumps(composition)) == composition
    assert copy.deepcopy(composition) == composition
    assert copy.copy(composition).additional_properties is composition.additional_properties


def test_a_copied_or_unpickled_model_leaves_out_what_the_original_left_out() -> None:
    request = CreateCompositionRequest("RM" + "a" * 32, audio_sources=["*"])
    wire = request.to_dict()
    assert "Trim" not in wire  # left out, UNSET

    for copied in (copy.copy(request), copy.deepcopy(request), pickle.loads(pickle.dumps(request))):
        assert copied.trim is UNSET
        assert copied.to_dict() == wire and copied == request


def test_file_and_response_keep_their_fields_repr_and_equality() -> None:
    payload = BytesIO(b"x")
    file = File(payload, file_name="a.bin")

    assert file.to_tuple() == ("a.bin", payload, None)
    assert file == File(payload=payload, file_name="a.bin") and file != File(payload)
    assert repr(file) == f"File(payload={payload!r}, file_name='a.bin', mime_type=None)"
    response: Response[int] = Response(status_code=200, content=b"", headers={}, parsed=1)  # type: ignore[arg-type]  # an int, not an HTTPStatus
    assert response == Response(200, b"", {}, 1)  # type: ignore[arg-type]  # as above
    assert response != Response(200, b"", {}, 2)  # type: ignore[arg-type]  # as above
    assert repr(response) == "Response(status_code=200, content=b'', headers={}, parsed=1)"


def test_operation_rules_are_read_only_and_compare_by_value() -> None:
    rules = OPERATIONS["fetch_composition"]

    with pytest.raises(AttributeError, match="read-only"):
        rules.route = "/elsewhere"  # read-only at run time (type checkers are not told)
    with pytest.raises(AttributeError, match="read-only"):
        del rules.route
    assert rules.route == "/v1/Compositions/{Sid}"
    fake = OperationRules(operation_id="X", route="/x")
    assert fake == OperationRules(operation_id="X", route="/x") and fake != OperationRules(operation_id="Y")
    assert fake.path == {} and fake.checks == () and fake.method == "GET"
    assert fake.path is not OperationRules().path  # each its own empty mapping, as the dataclass's factory
    assert repr(fake).startswith("OperationRules(operation_id='X', method='GET', route='/x', ")


def test_credentials_repr_leaves_the_authorization_out() -> None:
    credentials = Credentials(account_sid="AC" + "0" * 32, api_key=None, authorization="Basic c2VjcmV0")

    assert "c2VjcmV0" not in repr(credentials)
    assert repr(credentials) == f"Credentials(account_sid='AC{'0' * 32}', api_key=None)"
