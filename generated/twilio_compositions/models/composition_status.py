from enum import StrEnum


class CompositionStatus(StrEnum):
    COMPLETED = "completed"
    DELETED = "deleted"
    ENQUEUED = "enqueued"
    FAILED = "failed"
    PROCESSING = "processing"

    def __str__(self) -> str:
        return str(self.value)
