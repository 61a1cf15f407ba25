"""Take the network away from the process that runs queries, and bound its memory.

The guard refuses SERVICE; this is the second wall, so that a query the guard misreads
still reaches nothing. :func:`cut_network` moves the calling process into a new, empty
network namespace (``unshare(CLONE_NEWNET)``: not even a loopback interface is up, so
every connect fails). Where that is not allowed (no CAP_SYS_ADMIN, or a container that
forbids it) it installs a seccomp filter instead that makes ``socket()`` fail for every
family except AF_UNIX (the pipe to the server stays usable). Either way the change is
permanent for the process and its children. Linux only; elsewhere it raises.

:func:`limit_memory` caps the address space (``RLIMIT_AS``), so a query that builds a
huge intermediate result fails its allocation instead of taking the machine's memory.
"""

from __future__ import annotations

import ctypes
import errno
import os
import pickle
import platform
import resource
import struct
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
AF_UNIX = 1
# (audit architecture, socket syscall number) per machine
_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


class IsolationError(Exception):
    """The network could not be taken away (neither a namespace nor a seccomp filter)."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _unshare(flags: int) -> bool:
    return _libc().unshare(flags) == 0


def _seccomp_socket_filter() -> None:
    """Install a filter: socket(family != AF_UNIX) fails with EACCES."""
    arch = _ARCH.get(platform.machine())
    if arch is None:
        raise IsolationError(f"no seccomp filter for machine {platform.machine()}")
    audit_arch, socket_nr = arch
    ld_abs, jeq, ret = 0x20, 0x15, 0x06

    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    program = b"".join(
        [
            op(ld_abs, 0, 0, 4),  # seccomp_data.arch
            op(jeq, 1, 0, audit_arch),
            op(ret, 0, 0, SECCOMP_RET_ERRNO | errno.EACCES),  # unknown arch: refuse all
            op(ld_abs, 0, 0, 0),  # seccomp_data.nr
            op(jeq, 0, 3, socket_nr),
            op(ld_abs, 0, 0, 16),  # seccomp_data.args[0], low 32 bits (the family)
            op(jeq, 1, 0, AF_UNIX),
            op(ret, 0, 0, SECCOMP_RET_ERRNO | errno.EACCES),
            op(ret, 0, 0, SECCOMP_RET_ALLOW),
        ]
    )
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program)
    fprog = struct.pack("HxxxxxxP", count, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog)
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise IsolationError(f"prctl(NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog_buffer, 0, 0) != 0:
        raise IsolationError(f"seccomp filter refused: {os.strerror(ctypes.get_errno())}")


def cut_network(method: str = "auto") -> str:
    """Leave this process without network; returns how ("namespace" or "seccomp").

    ``method`` forces one way (tests prove each); "auto" tries the namespace first.
    """
    if platform.system() != "Linux":
        raise IsolationError("query isolation needs Linux (network namespaces or seccomp)")
    if method in ("auto", "namespace"):
        if _unshare(CLONE_NEWNET) or _unshare(CLONE_NEWUSER | CLONE_NEWNET):
            return "namespace"
        if method == "namespace":
            raise IsolationError(f"unshare(CLONE_NEWNET) failed: {os.strerror(ctypes.get_errno())}")
    _seccomp_socket_filter()
    return "seccomp"


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` more than it uses now."""
    if megabytes <= 0:
        return
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_without_network(work: Callable[[], T], memory_mb: int = 0) -> T:
    """``work()`` run in a forked child that has no network; its (picklable) return value.

    The calling process keeps its network (a command's own process may be a test runner or
    serve other requests). An exception of ``work`` is raised again here; a child that dies
    (out of memory, a crash) is reported as ``IsolationError``.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        code = 0
        try:
            cut_network()
            limit_memory(memory_mb)
            outcome: tuple[str, Any] = ("ok", work())
        except BaseException as exc:  # noqa: BLE001 - carried to the parent as it is
            outcome = ("error", exc)
        try:
            payload = pickle.dumps(outcome)
        except Exception as exc:  # noqa: BLE001 - an unpicklable error: keep its text
            payload = pickle.dumps(("error", IsolationError(f"{type(exc).__name__}: {exc}")))
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # noqa: BLE001 - nothing more can be said
            code = 1
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise IsolationError(
            f"the query process stopped ({_how_it_ended(status)}); with --engine rdflib a"
            " large query can need much memory"
        )
    kind, value = pickle.loads(payload)  # noqa: S301 - our own child's answer
    if kind == "error":
        raise value
    return value


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.WEXITSTATUS(status)}"
