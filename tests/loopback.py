"""A loopback HTTP server for tests: counts requests and answers as it is told.

Used to prove that parsing never reaches the network (it must see zero requests)
and to play a triple store that is busy, refusing, or fails half way.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    """Requests seen (method, path) and the status to answer each with."""

    def __init__(self, statuses: list[int] | None = None, default: int = 200):
        self.requests: list[tuple[str, str, bytes]] = []
        self.statuses = list(statuses or [])
        self.default = default
        self.url = ""

    def next_status(self) -> int:
        return self.statuses.pop(0) if self.statuses else self.default


@contextmanager
def listening(statuses: list[int] | None = None, default: int = 200):
    """Serve on 127.0.0.1 in a thread; yield the recorder (its ``url`` is the base)."""
    recorder = Recorder(statuses, default)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            recorder.requests.append((self.command, self.path, body))
            status = recorder.next_status()
            text = b"refused by the test server" if status >= 400 else b""
            self.send_response(status)
            self.send_header("content-length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, *_args) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
