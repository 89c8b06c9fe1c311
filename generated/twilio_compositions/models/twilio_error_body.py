from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ..types import UNSET, Unset

T = TypeVar("T", bound="TwilioErrorBody")


class TwilioErrorBody:
    """The body of every Twilio error response.

    Attributes:
        status (int): The HTTP status of the response.
        message (str): What went wrong, in words; for a bad parameter it names the parameter.
        code (int | None | Unset): The Twilio error code, such as 20404 or 21201, when there is one.
        more_info (None | str | Unset): A documentation page about the error code.
    """

    __slots__ = ("status", "message", "code", "more_info", "additional_properties", "__weakref__")
    __match_args__ = (
        "status",
        "message",
        "code",
        "more_info",
    )

    status: int
    message: str
    code: int | None | Unset
    more_info: None | str | Unset
    additional_properties: dict[str, Any]

    def __init__(
        self,
        status: int,
        message: str,
        code: int | None | Unset = UNSET,
        more_info: None | str | Unset = UNSET,
    ) -> None:
        self.status = status
        self.message = message
        self.code = code
        self.more_info = more_info
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"status={self.status!r}, "
            f"message={self.message!r}, "
            f"code={self.code!r}, "
            f"more_info={self.more_info!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TwilioErrorBody) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.status,
            self.message,
            self.code,
            self.more_info,
            self.additional_properties,
        ) == (
            other.status,
            other.message,
            other.code,
            other.more_info,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        code: int | None | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        more_info: None | str | Unset
        if isinstance(self.more_info, Unset):
            more_info = UNSET
        else:
            more_info = self.more_info

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if more_info is not UNSET:
            field_dict["more_info"] = more_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status: int = d.pop("status", None)

        message: str = d.pop("message", None)

        code: int | None | Unset = d.pop("code", UNSET)

        more_info: None | str | Unset = d.pop("more_info", UNSET)

        twilio_error_body = cls(
            status=status,
            message=message,
            code=code,
            more_info=more_info,
        )

        twilio_error_body.additional_properties = d
        return twilio_error_body

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        status_raw = d.pop("status", None)
        message_raw = d.pop("message", None)
        code_raw = d.pop("code", UNSET)
        more_info_raw = d.pop("more_info", UNSET)
        field_dict: dict[str, Any] = d
        field_dict["status"] = status_raw
        field_dict["message"] = message_raw
        if code_raw is not UNSET:
            field_dict["code"] = code_raw
        if more_info_raw is not UNSET:
            field_dict["more_info"] = more_info_raw
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        twilio_error_body = cls.__new__(cls)
        twilio_error_body.status = d.pop("status", None)

        twilio_error_body.message = d.pop("message", None)

        twilio_error_body.code = d.pop("code", UNSET)

        twilio_error_body.more_info = d.pop("more_info", UNSET)

        twilio_error_body.additional_properties = d
        return twilio_error_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
