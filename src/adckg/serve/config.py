"""The server's limits and places, one object passed from the command line to the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeConfig:
    """Where the release and saved queries are, and every limit the server enforces."""

    release_dir: Path
    queries_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    deadline: float = 10.0
    """Seconds a query may run before its worker process is killed."""
    row_cap: int = 10_000
    """Rows (or triples) returned at most; the response says when it was cut."""
    workers: int = 2
    """Worker processes, so at most this many queries run at once."""
    queue: int = 32
    """Requests that may wait for a worker; past that the server answers 503 + Retry-After."""
    max_body: int = 64 * 1024
    """Bytes a request body may hold (a query is text; 64 KiB is plenty)."""
    cache_bytes: int = 64 * 1024 * 1024
    """Bytes of finished answers kept for repeated requests (0 turns the cache off)."""
    memory_mb: int = 1024
    """Address space a query worker may take beyond its loaded store (0: no limit)."""
    isolation: str = "auto"
    """How workers lose the network: "namespace", "seccomp" or "auto" (namespace first)."""
    max_url: int = 16 * 1024
    """Bytes a request line (path and query string) may hold; longer ones get 414."""

    @property
    def main_file(self) -> Path:
        return self.release_dir / "adckg.ttl"
