"""HTTP to a triple store: bounded retries, one-line errors, and remote SELECT queries.

A request that cannot reach the store, or that the store answers with 429/502/503/504,
is retried a few times with exponential backoff (capped); any other refusal (4xx, 500)
is final. Success is 200, 201 or 204, what the SPARQL 1.1 protocols answer; a redirect
is never followed (it could send the data elsewhere) but reported with its target.
An optional overall deadline bounds every request, retries and waits included, down
to each socket read and write (:mod:`adckg.store.deadline`). Either way the caller gets a
:class:`~adckg.errors.StoreError` that names the URL and what the store said, in one
line.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import httpx

from adckg.errors import StoreError
from adckg.store.deadline import Deadline, transport
from adckg.store.query import term_text

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


SUCCESS = {200, 201, 204}


@dataclass
class Client:
    """Requests to one store, with ``attempts`` tries per request and doubling waits.

    ``deadline`` bounds everything the client does until it is set again
    (:meth:`Deadline.set`); without one, each socket operation waits ``timeout_s``.
    """

    user: str | None = None
    password: str | None = None
    attempts: int = 4
    backoff_s: float = 0.5
    timeout_s: float = 300.0
    max_backoff_s: float = 8.0
    max_answer_bytes: int = 64 * 1024 * 1024  # an answer longer than this is refused
    deadline: Deadline = field(default_factory=Deadline)

    def __post_init__(self) -> None:
        auth = ChallengeAuth(self.user, self.password or "") if self.user else None
        self.http = httpx.Client(
            auth=auth,
            timeout=self.timeout_s,
            follow_redirects=False,
            transport=transport(self.deadline),
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _send(self, method: str, url: str, limit: int, **kwargs: Any) -> httpx.Response:
        """One request whose answer is read up to ``limit`` bytes, never more."""
        request = self.http.build_request(method, url, **kwargs)
        streamed = self.http.send(request, stream=True)
        try:
            body = bytearray()
            for chunk in streamed.iter_raw():
                body += chunk
                if len(body) > limit:
                    raise StoreError(
                        f"{method} {url}: the answer is longer than {limit:,} bytes; stopped"
                        " reading it"
                    )
        finally:
            streamed.close()
        return httpx.Response(
            streamed.status_code, headers=streamed.headers, content=bytes(body), request=request
        )

    def request(
        self,
        method: str,
        url: str,
        attempts: int | None = None,
        limit: int | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request; retry only what a busy or restarting store would answer.

        ``limit`` bounds the answer's bytes (default ``max_answer_bytes``).
        """
        attempts = attempts or self.attempts
        problem = ""
        for attempt in range(1, attempts + 1):
            if self.deadline.passed():
                break
            try:
                response = self._send(method, url, limit or self.max_answer_bytes, **kwargs)
            except httpx.TransportError as exc:
                problem = f"cannot reach the store ({type(exc).__name__}: {exc})"
            else:
                status = response.status_code
                if status in SUCCESS:
                    return response
                if 300 <= status < 400:
                    target = response.headers.get("location", "no Location header")
                    raise StoreError(
                        f"{method} {url}: the store redirects (HTTP {status}) to {target};"
                        " redirects are not followed: give that URL if you trust it"
                    )
                problem = f"the store answered HTTP {status}: {_said(response)}"
                if status < 300:
                    raise StoreError(f"{method} {url}: {problem} (expected 200, 201 or 204)")
                if status not in RETRY_STATUS:
                    raise StoreError(f"{method} {url}: {problem}")
            if attempt < attempts:
                wait = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
                left = self.deadline.left()
                time.sleep(wait if left is None else min(wait, left))
        if self.deadline.passed():
            raise StoreError(
                f"{method} {url}: no complete answer before the deadline"
                f" ({problem or 'no attempt left'})"
            )
        raise StoreError(f"{method} {url}: {problem} (gave up after {attempts} attempts)")

    def update(self, url: str, text: str, attempts: int | None = None) -> None:
        """Run a SPARQL 1.1 Update request (form-encoded POST, as the protocol says)."""
        self.request("POST", url, attempts=attempts, data={"update": text})

    def select(
        self, url: str, text: str, default_graph: str | None = None
    ) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT query over the SPARQL 1.1 Protocol; rows as the local engine gives."""
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
