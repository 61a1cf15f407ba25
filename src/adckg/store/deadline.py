"""An overall deadline for HTTP requests, down to each socket read and write.

httpx's timeouts bound each socket operation, not a request: a server that sends one
byte every few seconds, or reads the upload one byte at a time, never trips them. Here
every read and every ``send`` waits at most until the deadline, and none starts after
it, so a request ends within its deadline whatever the other side does.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


class Deadline:
    """A moment on the monotonic clock; ``None`` means no deadline."""

    def __init__(self, seconds: float | None = None):
        self.at: float | None = None if seconds is None else time.monotonic() + seconds

    def set(self, seconds: float | None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds

    def left(self) -> float | None:
        """Seconds left (never below 0), or ``None`` without a deadline."""
        return None if self.at is None else max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at


def _bounded(deadline: Deadline, timeout: float | None, error: type[Exception]) -> float | None:
    left = deadline.left()
    if left is None:
        return timeout
    if left <= 0:
        raise error("the overall deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline):
        self.inner = inner
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(self.deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        sock = self.inner.get_extra_info("socket")
        if sock is None:  # not a plain socket stream: bound the call as a whole
            self.inner.write(buffer, _bounded(self.deadline, timeout, httpcore.WriteTimeout))
            return
        view = memoryview(buffer)
        while view:
            sock.settimeout(_bounded(self.deadline, timeout, httpcore.WriteTimeout))
            try:
                sent = sock.send(view)
            except TimeoutError as exc:
                raise httpcore.WriteTimeout(str(exc) or "write timed out") from exc
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            view = view[sent:]

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout=None):
        bounded = _bounded(self.deadline, timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, bounded), self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """The standard blocking backend, with connections bounded by the deadline."""

    def __init__(self, deadline: Deadline):
        self.inner = httpcore.SyncBackend()
        self.deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(self.deadline, timeout, httpcore.ConnectTimeout)
        stream = self.inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _Stream(stream, self.deadline)

    def connect_unix_socket(self, path: str, timeout=None, socket_options=None):
        bounded = _bounded(self.deadline, timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.connect_unix_socket(path, bounded, socket_options), self.deadline)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def transport(deadline: Deadline, **options: Any) -> httpx.HTTPTransport:
    """An httpx transport whose connections all honour ``deadline``."""
    made = httpx.HTTPTransport(**options)
    pool = getattr(made, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool):  # pragma: no cover - httpx changed
        raise RuntimeError("this httpx version does not keep its pool where adckg expects")
    made._pool = httpcore.ConnectionPool(  # noqa: SLF001 - the only way to set the backend
        ssl_context=pool._ssl_context,  # noqa: SLF001
        max_connections=pool._max_connections,  # noqa: SLF001
        max_keepalive_connections=pool._max_keepalive_connections,  # noqa: SLF001
        keepalive_expiry=pool._keepalive_expiry,  # noqa: SLF001
        http1=pool._http1,  # noqa: SLF001
        http2=pool._http2,  # noqa: SLF001
        network_backend=_Backend(deadline),
    )
    return made
