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

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
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
    from ._paging import (
        AsyncPager,
        SyncPager,
    )
    from ._sentinels import (
        CLIENT_DEFAULT,
        ClientDefault,
    )
    from ._signature import (
        compute_signature,
        verify_signature,
    )
    from ._status_callbacks import (
        StatusCallbackEvent,
        StatusCallbackEventType,
        parse_status_callback,
    )
    from ._wait import (
        CompositionDeletedError,
        CompositionFailedError,
        WaitTimeoutError,
    )
    from .client import (
        AuthenticatedClient,
        Client,
    )
    from .compositions_client import (
        AsyncCompositionsClient,
        CompositionsClient,
    )
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
else:
    import sys

    # PEP 562: a name is imported on its first use, then kept in the module's globals. `import
    # twilio_compositions` thus costs next to nothing (the CLI's --help, a webhook that only checks
    # signatures, test collection); CompositionsClient loads what its calls need when it is first
    # named, so that a first call pays no import.
    _MODULE_OF = {
        "ApiConnectionError": "_exceptions",
        "ApiError": "_exceptions",
        "ApiTimeoutError": "_exceptions",
        "AuthenticationError": "_exceptions",
        "BadRequestError": "_exceptions",
        "MediaDownloadError": "_exceptions",
        "NotFoundError": "_exceptions",
        "PermissionDeniedError": "_exceptions",
        "RateLimitError": "_exceptions",
        "ServerError": "_exceptions",
        "TwilioError": "_exceptions",
        "UnexpectedResponseError": "_exceptions",
        "ValidationError": "_exceptions",
        "AsyncPager": "_paging",
        "SyncPager": "_paging",
        "CLIENT_DEFAULT": "_sentinels",
        "ClientDefault": "_sentinels",
        "compute_signature": "_signature",
        "verify_signature": "_signature",
        "StatusCallbackEvent": "_status_callbacks",
        "StatusCallbackEventType": "_status_callbacks",
        "parse_status_callback": "_status_callbacks",
        "CompositionDeletedError": "_wait",
        "CompositionFailedError": "_wait",
        "WaitTimeoutError": "_wait",
        "AuthenticatedClient": "client",
        "Client": "client",
        "AsyncCompositionsClient": "compositions_client",
        "CompositionsClient": "compositions_client",
        "VideoLayout": "models",
        "VideoLayoutRegion": "models",
        "CreateCompositionRequest": "models",
        "CompositionLinks": "models",
        "Composition": "models",
        "CompositionPage": "models",
        "PageMeta": "models",
        "MediaRedirect": "models",
        "TwilioErrorBody": "models",
        "CompositionStatus": "models",
        "CompositionFormat": "models",
        "StatusCallbackMethod": "models",
        "VideoLayoutRegionReuse": "models",
        "MediaContentDisposition": "models",
    }
    # The public submodules, as attributes: an eager __init__ used to leave them loaded.
    _SUBMODULES = frozenset({"api", "client", "compositions_client", "errors", "models", "sandbox", "types"})

    def __getattr__(name: str) -> object:
        if name in _MODULE_OF:
            module_name = f"{__name__}.{_MODULE_OF[name]}"
        elif name in _SUBMODULES:
            module_name = f"{__name__}.{name}"
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # __import__ rather than importlib.import_module: the import system's C path, which
        # `python -X importtime` reports (it misses the modules importlib.import_module loads).
        __import__(module_name)
        module = sys.modules[module_name]
        value = module if name in _SUBMODULES else getattr(module, name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
