"""A loopback HTTP server for tests: counts requests and answers as it is told.

Used to prove that parsing never reaches the network (it must see zero requests)
and to play a triple store that is busy, refusing, or fails half way.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
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


Answer = Callable[[str, str, bytes], tuple[int, dict[str, str], bytes]]


@contextmanager
def listening(statuses: list[int] | None = None, default: int = 200, answer: Answer | None = None):
    """Serve on 127.0.0.1 in a thread; yield the recorder (its ``url`` is the base).

    ``answer(method, path, body)`` gives (status, headers, body) for each request once
    ``statuses`` is used up; without it the answer is the status with an empty body.
    """
    recorder = Recorder(statuses, default)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            recorder.requests.append((self.command, self.path, body))
            headers: dict[str, str] = {}
            if answer is not None and not recorder.statuses:
                status, headers, text = answer(self.command, self.path, body)
            else:
                status = recorder.next_status()
                text = b"refused by the test server" if status >= 400 else b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
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


@contextmanager
def raw_listener(behaviour: Callable[[socket.socket, threading.Event], None]):
    """A TCP listener on 127.0.0.1 that runs ``behaviour(conn, stop)`` per connection.

    For stores that misbehave below HTTP: silent, or one byte every few seconds.
    Yields ``(url, connections)``; ``connections`` counts accepted connections.
    """
    stop = threading.Event()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    connections: list[socket.socket] = []
    workers: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(conn)
            worker = threading.Thread(target=behaviour, args=(conn, stop), daemon=True)
            worker.start()
            workers.append(worker)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", connections
    finally:
        stop.set()
        thread.join()
        listener.close()
        for conn in connections:
            conn.close()
        for worker in workers:
            worker.join(timeout=5)
