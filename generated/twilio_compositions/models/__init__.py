"""Contains all the data models used in inputs/outputs"""

from .composition import Composition
from .composition_format import CompositionFormat
from .composition_links import CompositionLinks
from .composition_status import CompositionStatus
from .create_composition_request import CreateCompositionRequest
from .status_callback_method import StatusCallbackMethod
from .twilio_error_body import TwilioErrorBody
from .video_layout import VideoLayout
from .video_layout_region import VideoLayoutRegion
from .video_layout_region_reuse import VideoLayoutRegionReuse

__all__ = (
    "Composition",
    "CompositionFormat",
    "CompositionLinks",
    "CompositionStatus",
    "CreateCompositionRequest",
    "StatusCallbackMethod",
    "TwilioErrorBody",
    "VideoLayout",
    "VideoLayoutRegion",
    "VideoLayoutRegionReuse",
)
