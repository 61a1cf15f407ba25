"""Worker processes that run queries, so a deadline really stops one.

A query runs in a child process that holds its own copy of the store (loading the release
takes well under a second). When a query passes its deadline the child is killed with
SIGKILL and a fresh one started in its place: a runaway evaluation cannot ignore that, and
it never blocks the server. At most ``workers`` queries run at once and at most ``queue``
more wait; any further request is turned away at once (503 with Retry-After).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from adckg.serve.config import ServeConfig
from adckg.serve.results import Answer

READY_TIMEOUT = 120.0
VERDICTS = 1024


class Busy(Exception):
    """Every worker is taken and the waiting line is full (503 + Retry-After)."""


class DeadlineExceeded(Exception):
    """The query ran past its deadline; its worker was killed."""


class QueryFailed(Exception):
    """The query was refused, is malformed, has no acceptable format, or failed while running.

    ``status`` is the HTTP status to answer with.
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Job:
    """One query to run: its text, the client's Accept header or explicit format, the row cap."""

    text: str
    accept: str | None
    fmt: str | None
    row_cap: int
    kind: str | None = None
    """The query's kind when this text already passed the guard (its parse is skipped)."""


def execute(store: Any, job: Job, prefixes: dict[str, str]) -> tuple[Answer, str]:
    """Guard, run and serialise one query on ``store`` (in the worker process); its kind too."""
    import pyoxigraph as ox

    from adckg.serve.guard import check_query
    from adckg.serve.results import (
        choose_format,
        write_boolean,
        write_solutions,
        write_triples,
    )

    kind = job.kind or check_query(job.text)
    fmt = choose_format(kind, job.accept, job.fmt)
    result = store.query(job.text)
    if isinstance(result, ox.QueryBoolean):
        return write_boolean(fmt, bool(result)), kind
    kept: list[Any] = []
    truncated = False
    for item in result:
        if len(kept) == job.row_cap:
            truncated = True
            break
        kept.append(item)
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [[solution[c] for c in columns] for solution in kept]
        return write_solutions(fmt, columns, rows, truncated), kind
    return write_triples(fmt, kept, truncated, prefixes), kind


def worker_main(conn: Connection, main_file: str) -> None:
    """A worker's life: load the store, say ready, then answer jobs until the pipe closes."""
    import pyoxigraph as ox

    from adckg.prefixes import PREFIX_MAP
    from adckg.serve.guard import BadSyntax, Refused, check_query
    from adckg.serve.results import NotAcceptable

    store = ox.Store()
    store.bulk_load(Path(main_file).read_bytes(), format=ox.RdfFormat.TURTLE)
    described = Path(main_file).with_name("adckg-queries.ttl")  # saved queries, for editors
    if described.is_file():
        store.bulk_load(described.read_bytes(), format=ox.RdfFormat.TURTLE)
    check_query("ASK { ?s ?p ?o }")  # imports and warms the parser before the first client
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", execute(store, job, PREFIX_MAP))
        except (Refused, BadSyntax, SyntaxError) as exc:
            reply = ("error", (400, str(exc)))
        except NotAcceptable as exc:
            reply = ("error", (406, str(exc)))
        except Exception as exc:  # noqa: BLE001 - the client gets the message, the worker lives
            reply = ("error", (500, f"{type(exc).__name__}: {exc}"))
        conn.send(reply)


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection


class QueryPool:
    """A fixed number of worker processes, a bounded waiting line and a per-query deadline."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._admit = threading.BoundedSemaphore(config.workers + config.queue)
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._closed = False
        self._verdicts: OrderedDict[str, str] = OrderedDict()
        self._answers: OrderedDict[tuple, tuple[Answer, int]] = OrderedDict()
        self._answer_bytes = 0
        """Finished answers by (text, accept, format, cap): the graph never changes while served."""
        """Texts that passed the guard, with their kind: a new worker need not parse them again."""
        self.killed = 0
        """Workers killed at their deadline since start (reported by the load benchmark)."""

    def start(self) -> None:
        """Start every worker and wait until each has loaded the store."""
        starters = [self._spawn() for _ in range(self.config.workers)]
        for starter in starters:
            starter.join()
        if self._idle.qsize() < self.config.workers:
            raise RuntimeError("query workers failed to start")

    def _spawn(self) -> threading.Thread:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(child, str(self.config.main_file)), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._live.add(worker)

        def wait_ready() -> None:
            try:
                ready = parent.poll(READY_TIMEOUT) and parent.recv() == "ready"
            except (EOFError, OSError):
                ready = False
            if ready and not self._closed:
                self._idle.put(worker)
            else:
                self._discard(worker)

        thread = threading.Thread(target=wait_ready, daemon=True)
        thread.start()
        return thread

    def _discard(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        with self._lock:
            self._live.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        if not self._closed:
            self._spawn()

    def run(self, job: Job) -> Answer:
        """Run ``job`` on a free worker, waiting in line if allowed; blocks the calling thread.

        An answer given before to the same request comes from the cache and takes no worker.
        """
        key = (job.text, job.accept, job.fmt, job.row_cap)
        with self._lock:
            cached = self._answers.get(key)
            if cached is not None:
                self._answers.move_to_end(key)
                return cached[0]
        answer = self._run(job)
        self._remember(key, answer)
        return answer

    def _remember(self, key: tuple, answer: Answer) -> None:
        size = len(answer.body) + sum(
            len(cell["value"]) + 64 for row in answer.rows for cell in row if cell
        )
        if self.config.cache_bytes == 0 or size > self.config.cache_bytes // 4:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = (answer, size)
            self._answer_bytes += size
            while self._answer_bytes > self.config.cache_bytes:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._answer_bytes -= dropped

    def _run(self, job: Job) -> Answer:
        if not self._admit.acquire(blocking=False):
            raise Busy("every query worker is busy and the waiting line is full")
        try:
            try:
                worker = self._idle.get(timeout=self.config.deadline)
            except queue.Empty:
                raise Busy("no query worker came free in time") from None
            with self._lock:
                kind = self._verdicts.get(job.text)
            if kind is not None:
                job = replace(job, kind=kind)
            try:
                worker.conn.send(job)
                ready = worker.conn.poll(self.config.deadline)
                status, payload = worker.conn.recv() if ready else ("late", None)
            except (EOFError, OSError):
                self._replace(worker)
                raise QueryFailed(500, "the query worker stopped unexpectedly") from None
            if status == "late":
                self.killed += 1
                self._replace(worker)
                raise DeadlineExceeded(
                    f"the query ran past its {self.config.deadline:g} s deadline and was stopped"
                )
            self._idle.put(worker)
            if status == "error":
                raise QueryFailed(*payload)
            answer, kind = payload
            with self._lock:
                self._verdicts[job.text] = kind
                self._verdicts.move_to_end(job.text)
                if len(self._verdicts) > VERDICTS:
                    self._verdicts.popitem(last=False)
            return answer
        finally:
            self._admit.release()

    def pids(self) -> list[int]:
        """Process ids of the live workers (tests check that a killed one is gone)."""
        with self._lock:
            return sorted(w.process.pid for w in self._live)

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._live)
        for worker in workers:
            self._discard(worker)
