"""Contains all the data models used in inputs/outputs"""

from .composition import Composition
from .composition_format import CompositionFormat
from .composition_links import CompositionLinks
from .composition_page import CompositionPage
from .composition_status import CompositionStatus
from .create_composition_request import CreateCompositionRequest
from .media_content_disposition import MediaContentDisposition
from .media_redirect import MediaRedirect
from .page_meta import PageMeta
from .status_callback_method import StatusCallbackMethod
from .twilio_error_body import TwilioErrorBody
from .video_layout import VideoLayout
from .video_layout_region import VideoLayoutRegion
from .video_layout_region_reuse import VideoLayoutRegionReuse

__all__ = (
    "Composition",
    "CompositionFormat",
    "CompositionLinks",
    "CompositionPage",
    "CompositionStatus",
    "CreateCompositionRequest",
    "MediaContentDisposition",
    "MediaRedirect",
    "PageMeta",
    "StatusCallbackMethod",
    "TwilioErrorBody",
    "VideoLayout",
    "VideoLayoutRegion",
    "VideoLayoutRegionReuse",
)
