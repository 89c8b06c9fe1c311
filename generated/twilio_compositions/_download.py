"""Placeholder: replaced by the streaming download module."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

import httpx

Destination = str | os.PathLike[str] | BinaryIO
OnProgress = Callable[[int, int | None], object]


def download_sync(
    http: httpx.Client,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int = 1 << 16,
) -> int:
    raise NotImplementedError


async def download_async(
    http: httpx.AsyncClient,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int = 1 << 16,
) -> int:
    raise NotImplementedError


def media_http_client_sync() -> httpx.Client:
    return httpx.Client(follow_redirects=True)


def media_http_client_async() -> httpx.AsyncClient:
    return httpx.AsyncClient(follow_redirects=True)
