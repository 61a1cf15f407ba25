"""Replace the release folder all at once, so a killed build leaves the previous release whole.

The new release is written completely into a hidden sibling folder (a copy of the
current release with the new files written over it), flushed to disk, and then put
in place by one system call: ``renameat2(RENAME_EXCHANGE)`` swaps the two folders
atomically on Linux, so at every instant ``kg/release`` is either the old complete
folder or the new one. Where that call is missing, two renames are used (release to
``.release.old-*``, staging to release); a crash between them leaves no release
folder for a moment, and the next build (or :func:`recover`) renames the old one
back before doing anything else. Leftover staging and old folders are removed at
the start of the next publication. One lock file keeps two builds from publishing
into the same folder at once.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def checkpoint(step: str) -> None:
    """Called before every step that changes the disk; tests replace it to kill the process."""


def _staging_prefix(release_dir: Path) -> str:
    return f".{release_dir.name}.staging-"


def _old_prefix(release_dir: Path) -> str:
    return f".{release_dir.name}.old-"


def _leftovers(release_dir: Path, prefix: str) -> list[Path]:
    parent = release_dir.parent
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir())


def recover(release_dir: Path) -> None:
    """Finish or undo a publication that was killed: the release folder is whole afterwards.

    If the folder is missing while an old one exists, the kill fell between the two
    renames of the fallback switch: the old (complete) release goes back. Then every
    leftover staging or old folder is removed.
    """
    olds = _leftovers(release_dir, _old_prefix(release_dir))
    if not release_dir.exists() and olds:
        checkpoint("restore old release")
        os.rename(olds[-1], release_dir)
        olds = olds[:-1]
    for folder in (*_leftovers(release_dir, _staging_prefix(release_dir)), *olds):
        checkpoint(f"remove leftover {folder.name}")
        shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; ``False`` if this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    code = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if code == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system or kernel does not support the exchange
    raise OSError(err, os.strerror(err), str(a))


def _fsync_dir(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(handle)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # may be a copy of the old file: never write into it
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o644)  # release files are for everyone to read


@contextmanager
def _locked(release_dir: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside the release folder (POSIX only) while publishing."""
    release_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(release_dir.parent / f".{release_dir.name}.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def changed_files(release_dir: Path, files: dict[str, bytes]) -> list[str]:
    """The names (relative to the release folder) whose bytes differ from the folder's."""
    return [
        name
        for name, data in sorted(files.items())
        if not (release_dir / name).is_file() or (release_dir / name).read_bytes() != data
    ]


def publish(release_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Make ``release_dir`` hold ``files`` (names relative to it), all or nothing.

    Files of the current release that are not in ``files`` are kept. Returns the
    names that changed; when none did, nothing is written at all.
    """
    for name in files:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError(f"release file name {name!r} must be relative to the release folder")
    with _locked(release_dir):
        recover(release_dir)
        changed = changed_files(release_dir, files)
        if not changed:
            return []
        checkpoint("create staging folder")
        staging = Path(
            tempfile.mkdtemp(prefix=_staging_prefix(release_dir), dir=release_dir.parent)
        )
        os.chmod(staging, 0o755)  # noqa: S103 - the release folder is for everyone to read
        if release_dir.is_dir():
            checkpoint("copy current release")
            shutil.copytree(release_dir, staging, dirs_exist_ok=True)
        for name in changed:
            checkpoint(f"write {name}")
            _write(staging / name, files[name])
        _fsync_dir(staging)
        if not release_dir.exists():
            checkpoint("rename staging to release")
            os.rename(staging, release_dir)
            _fsync_dir(release_dir.parent)
            return changed
        checkpoint("switch folders")
        if _exchange(staging, release_dir):
            _fsync_dir(release_dir.parent)
            checkpoint("remove previous release")  # staging now holds the previous release
            shutil.rmtree(staging)
        else:
            old = Path(tempfile.mkdtemp(prefix=_old_prefix(release_dir), dir=release_dir.parent))
            os.rmdir(old)
            checkpoint("move release aside")
            os.rename(release_dir, old)
            checkpoint("rename staging to release")
            os.rename(staging, release_dir)
            _fsync_dir(release_dir.parent)
            checkpoint("remove previous release")
            shutil.rmtree(old)
        _fsync_dir(release_dir.parent)
        return changed
