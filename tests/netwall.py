"""A loopback listener that counts connections, and a seeded corpus of network-reaching queries.

The corpus spells SERVICE, FROM and LOAD the ways a guard can be walked around: keyword case,
``\\u`` escapes, comments ended by CR, CRLF or LF, keywords glued to the token before them
(the engine matches keywords with no word boundary), prefixed names, the two bypasses found
against the rdflib-based guard. Every text names the listener's URL; the listener must see
no connection whatever the guard or the engine makes of the text.
"""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Connections:
    """Connections accepted on a loopback port (``url`` is its base)."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.count = 0


@contextmanager
def counting_listener() -> Iterator[Connections]:
    """Accept and count TCP connections on 127.0.0.1 until the block ends."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    seen = Connections(server.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            seen.count += 1
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
        server.close()


KNOWN_BYPASSES = (
    'SELECT * WHERE {{ FILTER("p\\u00000022 != ") SERVICE <{url}/x> {{ ?s ?p ?o }}'
    ' FILTER(true # "\n)}}',
    "SELECT * WHERE {{ # x\r SERVICE <{url}/x> {{ ?s ?p ?o }} \n }}",
)
TEMPLATES = (
    "SELECT * WHERE {{{sep}{service}{sep}<{url}/a>{sep}{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .{sep}{service}{sep}SILENT{sep}<{url}/b> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ VALUES ?u {{ <{url}/c> }}{sep}{service}{sep}?u {{ ?s ?p ?o }} }}",
    "PREFIX x: <{url}/> SELECT * WHERE {{{sep}{service}{sep}x:d {{ ?s ?p ?o }} }}",
    "PREFIX : <{url}/> SELECT * WHERE {{ ?s ?p ?o .{sep}{service}:e{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p true{service}<{url}/f>{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p 1{service}<{url}/g>{{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ex:a.b.{service}<{url}/h>{{}} }}",
    "SELECT * WHERE {{ FILTER(true){service}<{url}/i>{{ ?a ?b ?c }} }}",
    "SELECT *{sep}{from}{sep}<{url}/j> WHERE {{ ?s ?p ?o }}",
    "SELECT *{sep}{from}{sep}NAMED{sep}<{url}/k> WHERE {{ ?s ?p ?o }}",
    "ASK{from}<{url}/l>{{}}",
    "{load}{sep}<{url}/m>",
    "{load}{sep}SILENT{sep}<{url}/n>{sep}INTO GRAPH <urn:x:g>",
)
SEPARATORS = (" ", "\t", "\n", "\r\n", "\r", "#c\n", "#c\r", "#c\r\n", "#c\r SERVICE\n", "")


def _case(word: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def _escape(word: str, rng: random.Random) -> str:
    """The keyword with one letter written as a \\u or \\U escape (or left alone)."""
    choice = rng.randrange(4)
    if choice == 0:
        return word
    at = rng.randrange(len(word))
    code = ord(word[at])
    escape = f"\\u{code:04X}" if choice == 1 else f"\\U{code:08x}"
    return word[:at] + escape + word[at + 1 :]


def corpus(url: str, size: int, seed: int = 16) -> list[str]:
    """``size`` query texts (the known bypasses first) that would reach ``url``."""
    rng = random.Random(seed)
    texts = [t.format(url=url) for t in KNOWN_BYPASSES]
    while len(texts) < size:
        template = rng.choice(TEMPLATES)
        words = {key: _escape(_case(key.upper(), rng), rng) for key in ("service", "from", "load")}
        text = template.format(url=url, sep=rng.choice(SEPARATORS), **words)
        if rng.random() < 0.2:
            text = rng.choice(["\x00", "\x0b", "\u2028", "\ufeff", ""]) + text
        texts.append(text)
    return texts
