"""HTTP to a triple store: bounded retries, one-line errors, and remote SELECT queries.

A request that cannot reach the store, or that the store answers with 429/502/503/504,
is retried a few times with exponential backoff; any other refusal (4xx, 500) is
final. Either way the caller gets a :class:`~adckg.errors.StoreError` that names the
URL and what the store said, in one line.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import httpx

from adckg.errors import StoreError

RETRY_STATUS = {429, 502, 503, 504}
RESULTS_JSON = "application/sparql-results+json"


class ChallengeAuth(httpx.Auth):
    """Answer the store's challenge: Digest (Virtuoso's ``-auth`` endpoints) or Basic."""

    def __init__(self, user: str, password: str):
        self.digest = httpx.DigestAuth(user, password)
        self.basic = httpx.BasicAuth(user, password)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        scheme = self.digest if challenge.startswith("digest") else self.basic
        yield from scheme.auth_flow(request)


@dataclass
class Client:
    """Requests to one store, with ``attempts`` tries per request and doubling waits."""

    user: str | None = None
    password: str | None = None
    attempts: int = 4
    backoff_s: float = 0.5
    timeout_s: float = 300.0

    def __post_init__(self) -> None:
        auth = ChallengeAuth(self.user, self.password or "") if self.user else None
        self.http = httpx.Client(auth=auth, timeout=self.timeout_s, follow_redirects=True)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request; retry only what a busy or restarting store would answer."""
        problem = ""
        for attempt in range(1, self.attempts + 1):
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                problem = f"cannot reach the store ({type(exc).__name__}: {exc})"
            else:
                if response.status_code < 400:
                    return response
                problem = f"the store answered HTTP {response.status_code}: {_said(response)}"
                if response.status_code not in RETRY_STATUS:
                    raise StoreError(f"{method} {url}: {problem}")
            if attempt < self.attempts:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
        raise StoreError(f"{method} {url}: {problem} (gave up after {self.attempts} attempts)")

    def update(self, url: str, text: str) -> None:
        """Run a SPARQL 1.1 Update request (form-encoded POST, as the protocol says)."""
        self.request("POST", url, data={"update": text})

    def select(
        self, url: str, text: str, default_graph: str | None = None
    ) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT query over the SPARQL 1.1 Protocol; rows as :mod:`adckg.query` gives."""
        from adckg.query import term_text

        data = {"query": text}
        if default_graph:
            data["default-graph-uri"] = default_graph
        response = self.request("POST", url, data=data, headers={"Accept": RESULTS_JSON})
        try:
            results = response.json()
            columns = list(results["head"]["vars"])
            bindings = results["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            kind = response.headers.get("content-type", "no content type")
            raise StoreError(f"POST {url}: the answer is not SPARQL JSON results ({kind})") from (
                None
            )
        rows = []
        for binding in bindings:
            row = []
            for column in columns:
                term = binding.get(column)
                row.append(term_text(term["value"], term.get("datatype")) if term else "")
            rows.append(row)
        return columns, rows


def _said(response: httpx.Response) -> str:
    """The first line of the store's error text, short enough for one line."""
    text = " ".join(response.text.split())
    return (text[:200] + "...") if len(text) > 200 else (text or response.reason_phrase)
