"""A typed client for the Twilio Video Compositions API.

    from twilio_compositions import CompositionsClient

    with CompositionsClient() as client:     # credentials from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN
        composition = client.create(room_sid="RM...", video_layout={"grid": {"video_sources": ["*"]}})
        composition = client.wait(composition.sid, on_update=lambda c: print(c.status))
        client.download(composition.sid, "composition.webm")

The low-level generated functions stay available in twilio_compositions.api, with the
AuthenticatedClient of twilio_compositions.client; twilio_compositions.sandbox is a local stand-in
for the API, for tests and demos.
"""

from ._exceptions import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    MediaDownloadError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwilioError,
    UnexpectedResponseError,
    ValidationError,
)
from ._paging import AsyncPager, SyncPager
from ._sentinels import CLIENT_DEFAULT, ClientDefault
from ._signature import compute_signature, verify_signature
from ._status_callbacks import StatusCallbackEvent, StatusCallbackEventType, parse_status_callback
from ._version import __version__
from ._wait import CompositionDeletedError, CompositionFailedError, WaitTimeoutError
from .client import AuthenticatedClient, Client
from .compositions_client import AsyncCompositionsClient, CompositionsClient
from .models import (
    Composition,
    CompositionFormat,
    CompositionLinks,
    CompositionPage,
    CompositionStatus,
    CreateCompositionRequest,
    MediaContentDisposition,
    MediaRedirect,
    PageMeta,
    StatusCallbackMethod,
    TwilioErrorBody,
    VideoLayout,
    VideoLayoutRegion,
    VideoLayoutRegionReuse,
)

__all__ = [
    "CLIENT_DEFAULT",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AsyncCompositionsClient",
    "AsyncPager",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ClientDefault",
    "CompositionDeletedError",
    "CompositionFailedError",
    "CompositionsClient",
    "MediaDownloadError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "StatusCallbackEvent",
    "StatusCallbackEventType",
    "SyncPager",
    "TwilioError",
    "UnexpectedResponseError",
    "ValidationError",
    "WaitTimeoutError",
    "__version__",
    "compute_signature",
    "parse_status_callback",
    "verify_signature",
    "VideoLayout",
    "VideoLayoutRegion",
    "CreateCompositionRequest",
    "CompositionLinks",
    "Composition",
    "CompositionPage",
    "PageMeta",
    "MediaRedirect",
    "TwilioErrorBody",
    "CompositionStatus",
    "CompositionFormat",
    "StatusCallbackMethod",
    "VideoLayoutRegionReuse",
    "MediaContentDisposition",
]
