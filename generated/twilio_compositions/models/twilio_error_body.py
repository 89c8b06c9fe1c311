from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TwilioErrorBody")


@_attrs_define
class TwilioErrorBody:
    """The body of every Twilio error response.

    Attributes:
        status (int): The HTTP status of the response.
        message (str): What went wrong, in words; for a bad parameter it names the parameter.
        code (int | None | Unset): The Twilio error code, such as 20404 or 21201, when there is one.
        more_info (None | str | Unset): A documentation page about the error code.
    """

    status: int
    message: str
    code: int | None | Unset = UNSET
    more_info: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
