"""Run the server on a loopback port in a background thread, for the HTTP and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import uvicorn

from adckg.serve.app import create_app, server_options
from adckg.serve.config import ServeConfig
from tests.conftest import PROJECT

BASE_CONFIG = ServeConfig(PROJECT.release_dir, PROJECT.queries_dir)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(**limits: object) -> Iterator[tuple[str, object]]:
    """(base URL, app) of a server with ``limits`` over the committed release."""
    config = replace(BASE_CONFIG, port=free_port(), **limits)
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, **server_options(config)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{config.host}:{config.port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=30)
