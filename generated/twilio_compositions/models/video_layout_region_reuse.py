from enum import StrEnum


class VideoLayoutRegionReuse(StrEnum):
    NONE = "none"
    SHOW_NEWEST = "show_newest"
    SHOW_OLDEST = "show_oldest"

    def __str__(self) -> str:
        return str(self.value)
