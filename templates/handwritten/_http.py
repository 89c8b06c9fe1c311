"""HTTP settings both clients share: the default timeout, and what a base URL may be.

Basic credentials travel with every request, so a base URL must be https; plain http is allowed only
to this machine (the sandbox), which is also never reached through a proxy from the environment:
HTTP(S)_PROXY is meant for the outside world, and a proxy would see the credentials in clear text.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._exceptions import ValidationError

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# The clients' own pools: httpx's defaults, spelled out because the async client bounds how many requests
# it hands its pool at once by max_connections (_concurrency.py).
POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_base_url(base_url: str) -> str:
    """The base URL without a trailing slash; https, or plain http to this machine only."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = "" if "@" in base_url else f", got {base_url!r}"  # never echo user:password@
        raise ValidationError("base_url", f"must be an absolute http(s) URL{shown}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValidationError("base_url", "must use https (plain http is allowed for loopback hosts only)")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationError("base_url", "must not carry credentials, a query or a fragment")
    return base_url.rstrip("/")


def trust_env_for(base_url: str) -> bool:
    """Whether httpx may take proxies from the environment for this base URL: not for loopback."""
    return not is_loopback(urlsplit(base_url).hostname or "")


def own_pool_transport(http: httpx.Client | httpx.AsyncClient, base_url: str) -> Any:
    """The transport our own pool hands base_url's requests to (its own, or the proxy mounted from the
    environment for that host), or None when this httpx does not say.

    The clients give their requests to it directly: httpx.Client.send's own work (the auth and redirect
    flows, the cookie jar, event hooks, its log line) is about a sixth of a loopback call, and a pool of
    ours uses none of it: we send the credentials ourselves, never follow redirects, and keep no cookies.
    Every request goes to base_url, so one lookup at the start serves them all. httpx does not make
    this public, so it is read from a private method, guarded: without it, requests go through send().
    """
    try:
        transport = http._transport_for_url(httpx.URL(base_url))
    except Exception:  # any failure means: not knowable, so send() it is
        return None
    kind = httpx.BaseTransport if isinstance(http, httpx.Client) else httpx.AsyncBaseTransport
    return transport if isinstance(transport, kind) else None


def send_is_instrumented(http_class: type[httpx.Client] | type[httpx.AsyncClient]) -> bool:
    """Whether a tracing or APM library (Sentry, ddtrace and the like) has wrapped httpx's send(): then
    the own pool's requests go through it too, or their spans, breadcrumbs and trace headers would be
    lost. Such wrappers keep the original as __wrapped__ (functools.wraps, wrapt); asked on every call,
    as they may be installed after a client is made. Those that wrap the transport see either way."""
    return hasattr(http_class.send, "__wrapped__") or hasattr(
        getattr(http_class, "_send_single_request", None), "__wrapped__"
    )
