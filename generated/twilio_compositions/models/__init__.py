"""Contains all the data models used in inputs/outputs"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
else:
    import sys

    # PEP 562: a model's module is imported when the model is first named here, then kept in globals().
    _MODULE_OF = {
        "Composition": "composition",
        "CompositionFormat": "composition_format",
        "CompositionLinks": "composition_links",
        "CompositionPage": "composition_page",
        "CompositionStatus": "composition_status",
        "CreateCompositionRequest": "create_composition_request",
        "MediaContentDisposition": "media_content_disposition",
        "MediaRedirect": "media_redirect",
        "PageMeta": "page_meta",
        "StatusCallbackMethod": "status_callback_method",
        "TwilioErrorBody": "twilio_error_body",
        "VideoLayout": "video_layout",
        "VideoLayoutRegion": "video_layout_region",
        "VideoLayoutRegionReuse": "video_layout_region_reuse",
    }

    def __getattr__(name: str) -> object:
        if name not in _MODULE_OF:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module_name = f"{__name__}.{_MODULE_OF[name]}"
        __import__(module_name)  # the import system's C path, which `python -X importtime` reports
        value = getattr(sys.modules[module_name], name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
