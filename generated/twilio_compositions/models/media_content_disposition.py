from enum import StrEnum


class MediaContentDisposition(StrEnum):
    ATTACHMENT = "attachment"
    INLINE = "inline"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """Whether the spec lists this value; False for one the API added since."""
        return self._value_ in type(self)._value2member_map_

    @classmethod
    def _missing_(cls, value: object) -> "MediaContentDisposition | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
