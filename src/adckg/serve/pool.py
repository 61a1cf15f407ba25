"""Worker processes that run queries: no network, bounded memory, a deadline, fair turns.

A query runs in a child process that holds its own copy of the store (loading the release
takes well under a second). Before its first query the child leaves the network for good
(``isolation.cut_network``) and caps its own memory (``isolation.limit_memory``). When a
query passes its deadline the child is killed with SIGKILL and a fresh one started in its
place (a spare child, already loaded, takes over at once); a child that runs out of
memory or crashes is replaced the same way.

Scheduling is fair between clients (the peer address): a free worker goes to the waiting
client with the fewest queries running, earliest first; a client whose query recently ran
past the deadline or out of memory gets one worker at a time, and never the last idle one;
and the same query (same
tokens, whatever its comments and spacing) that ran past the deadline is answered 504 at
once for :data:`SLOW_MEMORY` seconds instead of being run again. At most ``workers +
queue`` requests are admitted; past that, or when no worker comes free within twice the
deadline (plus a few seconds for a replacement to load), the answer is 503 with
Retry-After.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from adckg.prefixes import PREFIX_MAP
from adckg.serve.config import ServeConfig
from adckg.store.guard import BadSyntax, Refused, read_query, short_syntax_error
from adckg.store.isolation import cut_network, limit_memory
from adckg.store.results import (
    Answer,
    NotAcceptable,
    choose_format,
    write_boolean,
    write_solutions,
    write_triples,
)

READY_TIMEOUT = 120.0
SLOW_MEMORY = 60.0
"""Seconds a query (or client) that ran past the deadline or out of memory is remembered."""
REMEMBERED = 1024


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
    """The query's kind, set once the guard has read the text."""


def execute(store: Any, job: Job, prefixes: dict[str, str]) -> Answer:
    """Run and serialise one query that passed the guard on ``store`` (in the worker)."""
    fmt = choose_format(job.kind or "select", job.accept, job.fmt)
    result = store.query(job.text)
    if isinstance(result, ox.QueryBoolean):
        return write_boolean(fmt, bool(result))
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
        return write_solutions(fmt, columns, rows, truncated)
    return write_triples(fmt, kept, truncated, prefixes)


def worker_main(conn: Connection, main_file: str, memory_mb: int, network: str) -> None:
    """A worker's life: load the store, cut the network, cap memory, answer jobs."""
    store = ox.Store()
    store.bulk_load(Path(main_file).read_bytes(), format=ox.RdfFormat.TURTLE)
    described = Path(main_file).with_name("adckg-queries.ttl")  # saved queries, for editors
    if described.is_file():
        store.bulk_load(described.read_bytes(), format=ox.RdfFormat.TURTLE)
    how = cut_network(network)
    limit_memory(memory_mb)
    conn.send(("ready", how))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", execute(store, job, PREFIX_MAP))
        except SyntaxError as exc:
            reply = ("error", (400, f"SPARQL syntax {short_syntax_error(str(exc))}"))
        except NotAcceptable as exc:
            reply = ("error", (406, str(exc)))
        except MemoryError:
            conn.send(("memory", None))
            return  # a fresh worker replaces this one
        except Exception as exc:  # noqa: BLE001 - the client gets the message, the worker lives
            reply = ("error", (500, f"{type(exc).__name__}: {exc}"))
        conn.send(reply)


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection


@dataclass(eq=False)
class _Ticket:
    client: str
    worker: _Worker | None = None
    waiting: bool = True


@dataclass
class _Memory:
    """Recently slow query shapes and clients, with when they were slow."""

    shapes: OrderedDict[str, float] = field(default_factory=OrderedDict)
    clients: OrderedDict[str, float] = field(default_factory=OrderedDict)

    @staticmethod
    def _note(table: OrderedDict[str, float], key: str) -> None:
        table[key] = time.monotonic()
        table.move_to_end(key)
        while len(table) > REMEMBERED:
            table.popitem(last=False)

    @staticmethod
    def _since(table: OrderedDict[str, float], key: str) -> float | None:
        at = table.get(key)
        if at is None or time.monotonic() - at > SLOW_MEMORY:
            return None
        return time.monotonic() - at


class QueryPool:
    """Worker processes, a fair bounded waiting line and a per-query deadline."""

    def __init__(self, config: ServeConfig):
        self.config = config
        # forkserver: a new worker is forked from a process that has the modules imported
        # already, so replacing a killed one costs the store load only (fork would copy the
        # server's threads' state; spawn would import everything again)
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["adckg.serve.pool", "pyoxigraph"])
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._spares: list[_Worker] = []
        """Loaded workers kept ready to replace a killed one without waiting for a load."""
        self._waiting: dict[str, deque[_Ticket]] = {}
        self._running: Counter[str] = Counter()
        self._live: set[_Worker] = set()
        self._closed = False
        self._slow = _Memory()
        self._answers: OrderedDict[tuple, tuple[Answer, int]] = OrderedDict()
        """Finished answers by (text, accept, format, cap): the graph never changes while served."""
        self._answer_bytes = 0
        self.killed = 0
        """Workers killed at their deadline or memory limit since start (for the benchmark)."""
        self.isolation = ""
        """How the workers were cut from the network ("namespace" or "seccomp")."""

    # -- workers -------------------------------------------------------------------------

    def start(self) -> None:
        """Start every worker (and a spare) and wait until each worker has loaded the store."""
        starters = [self._spawn() for _ in range(self.config.workers)]
        starters.append(self._spawn(spare=True))
        for starter in starters:
            starter.join()
        with self._cond:
            ready = len(self._idle)
        if ready < self.config.workers:
            raise RuntimeError("query workers failed to start (see the messages above)")

    def _spawn(self, spare: bool = False) -> threading.Thread:
        """Start a worker process; it joins the idle ones (or the spares) once loaded."""
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main,
            args=(
                child,
                str(self.config.main_file),
                self.config.memory_mb,
                self.config.isolation,
            ),
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._cond:
            self._live.add(worker)

        def wait_ready() -> None:
            try:
                status, how = parent.recv() if parent.poll(READY_TIMEOUT) else ("", "")
            except (EOFError, OSError):
                status, how = "", ""
            if status == "ready" and not self._closed:
                self.isolation = how
                if spare:
                    with self._cond:
                        self._spares.append(worker)
                else:
                    self._give_back(worker)
            else:
                self._discard(worker)

        thread = threading.Thread(target=wait_ready, daemon=True)
        thread.start()
        return thread

    def _discard(self, worker: _Worker) -> None:
        with self._cond:
            if worker not in self._live:
                return  # already discarded (closing and a late start can meet here)
            self._live.discard(worker)
        worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        """Discard ``worker``; a loaded spare takes its place at once, and a new spare starts."""
        self._discard(worker)
        if self._closed:
            return
        with self._cond:
            spare = self._spares.pop() if self._spares else None
        if spare is None:
            self._spawn()
        else:
            self._give_back(spare)
            self._spawn(spare=True)

    # -- fair turns ----------------------------------------------------------------------

    def _cap(self, client: str) -> int:
        if _Memory._since(self._slow.clients, client) is not None:
            return 1
        return self.config.workers

    def _dispatch(self) -> None:
        """Give idle workers to waiting clients, fewest running first (lock held)."""
        while self._idle:
            waiting = [client for client, line in self._waiting.items() if line]
            candidates = [
                (self._running[client], self._cap(client) == 1, index, client)
                for index, client in enumerate(waiting)
                if self._running[client] < self._cap(client)
                # a recently slow client never takes the last idle worker (one stays for others)
                and (self._cap(client) > 1 or len(self._idle) > 1 or self.config.workers == 1)
            ]
            if not candidates:
                break
            *_, client = min(candidates)
            ticket = self._waiting[client].popleft()
            if not self._waiting[client]:
                del self._waiting[client]
            ticket.worker = self._idle.pop()
            ticket.waiting = False
            self._running[client] += 1
        self._cond.notify_all()

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._dispatch()
            self._cond.notify_all()

    def _acquire(self, client: str) -> _Worker:
        with self._cond:
            admitted = sum(self._running.values()) + sum(len(w) for w in self._waiting.values())
            if admitted >= self.config.workers + self.config.queue:
                raise Busy("every query worker is busy and the waiting line is full")
            ticket = _Ticket(client)
            self._waiting.setdefault(client, deque()).append(ticket)
            self._dispatch()
            # a worker held by a runaway query is free (or replaced) within about a deadline
            give_up = time.monotonic() + 2 * self.config.deadline + 5
            while ticket.waiting:
                remaining = give_up - time.monotonic()
                if remaining <= 0:
                    self._waiting[client].remove(ticket)
                    if not self._waiting[client]:
                        del self._waiting[client]
                    raise Busy("no query worker came free in time")
                self._cond.wait(remaining)
            assert ticket.worker is not None  # noqa: S101 - set with waiting=False
            return ticket.worker

    def _release(self, client: str) -> None:
        with self._cond:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]
            self._dispatch()
            self._cond.notify_all()

    # -- running -------------------------------------------------------------------------

    def run(self, job: Job, client: str = "-") -> Answer:
        """Run ``job`` for ``client`` on a free worker, waiting in line if allowed.

        An answer given before to the same request comes from the cache and takes no worker.
        """
        key = (job.text, job.accept, job.fmt, job.row_cap)
        with self._cond:
            cached = self._answers.get(key)
            if cached is not None:
                self._answers.move_to_end(key)
                return cached[0]
        try:
            reading = read_query(job.text)
        except (Refused, BadSyntax) as exc:
            raise QueryFailed(400, str(exc)) from None
        with self._cond:
            ago = _Memory._since(self._slow.shapes, reading.shape)
        if ago is not None:
            raise DeadlineExceeded(
                f"this query ran past the {self.config.deadline:g} s deadline or the memory"
                f" limit {ago:.0f} s ago; it is not run again within {SLOW_MEMORY:g} s"
            )
        answer = self._run(replace(job, kind=reading.kind), reading.shape, client)
        self._remember(key, answer)
        return answer

    def _remember(self, key: tuple, answer: Answer) -> None:
        size = len(answer.body) + sum(
            len(cell["value"]) + 64 for row in answer.rows for cell in row if cell
        )
        if self.config.cache_bytes == 0 or size > self.config.cache_bytes // 4:
            return
        with self._cond:
            if key in self._answers:
                return
            self._answers[key] = (answer, size)
            self._answer_bytes += size
            while self._answer_bytes > self.config.cache_bytes:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._answer_bytes -= dropped

    def _too_costly(self, shape: str, client: str) -> None:
        self.killed += 1
        with self._cond:
            _Memory._note(self._slow.shapes, shape)
            _Memory._note(self._slow.clients, client)

    def _run(self, job: Job, shape: str, client: str) -> Answer:
        worker = self._acquire(client)
        healthy = False
        status: str
        payload: Any  # the worker's Answer, or the arguments of QueryFailed on "error"
        try:
            try:
                worker.conn.send(job)
                ready = worker.conn.poll(self.config.deadline)
                status, payload = worker.conn.recv() if ready else ("late", None)
            except (EOFError, OSError):
                status, payload = "died", None
            if status == "late":
                self._too_costly(shape, client)
                raise DeadlineExceeded(
                    f"the query ran past its {self.config.deadline:g} s deadline and was stopped"
                )
            if status == "died":
                worker.process.join(timeout=5)
                if worker.process.exitcode == -signal.SIGABRT:
                    status = "memory"  # a failed allocation aborts the engine
            if status == "memory":
                self._too_costly(shape, client)
                raise QueryFailed(
                    503,
                    f"the query needed more than the {self.config.memory_mb} MB memory limit"
                    " of a query worker and was stopped",
                )
            if status == "died":
                self._too_costly(shape, client)
                raise QueryFailed(
                    503,
                    f"the query worker crashed (exit {worker.process.exitcode}) while running"
                    " the query; it was replaced",
                )
            healthy = True
            if status == "error":
                raise QueryFailed(*payload)
            return payload
        finally:
            self._release(client)
            if healthy:
                self._give_back(worker)
            else:
                self._replace(worker)

    def pids(self) -> list[int]:
        """Process ids of the live workers (tests check that a killed one is gone)."""
        with self._cond:
            return sorted(w.process.pid for w in self._live)

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._cond:
            workers = list(self._live)
        for worker in workers:
            self._discard(worker)
