from enum import StrEnum


class CompositionFormat(StrEnum):
    MP4 = "mp4"
    WEBM = "webm"

    def __str__(self) -> str:
        return str(self.value)
