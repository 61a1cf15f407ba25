"""A build killed (SIGKILL) at any step of writing leaves a whole release.

Each test publishes a new release in a child process that kills itself at step N
(every step that changes the disk calls :func:`adckg.release.publish.checkpoint`), for every
N, then checks that the release folder passes ``sha256sum -c MANIFEST.sha256`` and
holds exactly the old or exactly the new set of files.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from adckg.release import publish as pub

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

KILLER = """
import base64, json, os, signal, sys
from pathlib import Path
import adckg.release.publish as pub
kill_at, fallback = int(sys.argv[2]), sys.argv[3] == "1"
steps = []
def checkpoint(step):
    steps.append(step)
    if len(steps) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
pub.checkpoint = checkpoint
if fallback:
    pub._exchange = lambda a, b: False
files = json.loads(Path(sys.argv[4]).read_text())
pub.publish(Path(sys.argv[1]), {k: base64.b64decode(v) for k, v in files.items()})
"""


def _release(version: str) -> dict[str, bytes]:
    files = {
        f"adckg{ext}": f"{version} graph {ext}\n".encode() * 2000
        for ext in (".ttl", ".nt", ".owl", ".jsonld", ".trig")
    }
    files["CHANGES.md"] = f"# {version}\n".encode()
    files["baseline/VERSION"] = f"{version}\n".encode()
    lines = [f"{hashlib.sha256(d).hexdigest()}  {n}" for n, d in sorted(files.items())]
    files["MANIFEST.sha256"] = ("\n".join(lines) + "\n").encode()
    return files


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _sha256sum_ok(folder: Path) -> bool:
    if shutil.which("sha256sum") is None:  # the same check, in Python
        for line in (folder / "MANIFEST.sha256").read_text().splitlines():
            digest, name = line.split("  ", 1)
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                return False
        return True
    done = subprocess.run(
        ["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True
    )
    return done.returncode == 0


def _steps(tmp_path: Path, fallback: bool, monkeypatch) -> list[str]:
    """The steps of one publication from the old release to the new, recorded in-process."""
    release = tmp_path / "probe" / "release"
    pub.publish(release, _release("0.1.0"))
    steps: list[str] = []
    monkeypatch.setattr(pub, "checkpoint", steps.append)
    if fallback:
        monkeypatch.setattr(pub, "_exchange", lambda a, b: False)
    pub.publish(release, _release("0.2.0"))
    monkeypatch.undo()
    return steps


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_killed_at_every_step_leaves_a_whole_release(tmp_path, monkeypatch, fallback):
    old, new = _release("0.1.0"), _release("0.2.0")
    steps = _steps(tmp_path, fallback, monkeypatch)
    assert any(s.startswith("write ") for s in steps) and len(steps) >= 8
    payload = tmp_path / "new.json"
    payload.write_text(json.dumps({k: base64.b64encode(v).decode() for k, v in new.items()}))
    for kill_at in range(1, len(steps) + 1):
        release = tmp_path / f"kill{kill_at}" / "release"
        pub.publish(release, old)
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                KILLER,
                str(release),
                str(kill_at),
                "1" if fallback else "0",
                str(payload),
            ],
            capture_output=True,
        )
        step = steps[kill_at - 1]
        assert child.returncode == -signal.SIGKILL, (step, child.stderr.decode()[-500:])
        if not fallback or step != "rename staging to release":
            # With the atomic exchange the release is whole at every instant.
            assert release.is_dir(), f"no release folder after a kill at {step!r}"
        pub.recover(release)  # what the next build does first
        assert _sha256sum_ok(release), f"sha256sum -c fails after a kill at {step!r}"
        assert _contents(release) in (old, new), f"mixed release after a kill at {step!r}"
        assert sorted(p.name for p in release.parent.iterdir()) == [".release.lock", "release"]
        pub.publish(release, new)  # the next build completes the switch
        assert _contents(release) == new
        assert sorted(p.name for p in release.parent.iterdir()) == [".release.lock", "release"]


def test_kill_before_the_switch_keeps_the_old_release_without_recovery(tmp_path):
    old, new = _release("0.1.0"), _release("0.2.0")
    release = tmp_path / "release"
    pub.publish(release, old)
    payload = tmp_path / "new.json"
    payload.write_text(json.dumps({k: base64.b64encode(v).decode() for k, v in new.items()}))
    child = subprocess.run(
        [sys.executable, "-c", KILLER, str(release), "5", "0", str(payload)], capture_output=True
    )
    assert child.returncode == -signal.SIGKILL
    assert _contents(release) == old
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".release.staging-")]
    assert leftovers, "the kill should have left a staging folder to clean up"
    pub.publish(release, old)  # nothing to change, but the leftover goes
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".release.staging-")]


def test_unchanged_release_is_not_rewritten(tmp_path):
    release = tmp_path / "release"
    assert pub.publish(release, _release("0.1.0")) == sorted(_release("0.1.0"))
    before = {p: p.stat().st_mtime_ns for p in release.rglob("*")}
    assert pub.publish(release, _release("0.1.0")) == []
    assert {p: p.stat().st_mtime_ns for p in release.rglob("*")} == before


def test_files_not_built_are_kept_and_names_stay_inside(tmp_path):
    release = tmp_path / "release"
    pub.publish(release, _release("0.1.0"))
    (release / "notes.txt").write_text("kept\n")
    pub.publish(release, _release("0.2.0"))
    assert (release / "notes.txt").read_text() == "kept\n"
    assert oct(release.stat().st_mode & 0o777) == "0o755"
    with pytest.raises(ValueError, match="relative to the release folder"):
        pub.publish(release, {"../outside.txt": b"x"})


BUILD_KILLER = """
import os, signal, sys
import adckg.release.publish as pub
writes = []
def checkpoint(step):
    if step.startswith("write "):
        writes.append(step)
        if len(writes) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
pub.checkpoint = checkpoint
from adckg.cli.main import main
sys.exit(main(["build", "--root", sys.argv[1]]))
"""


def test_adckg_build_killed_while_writing_leaves_the_previous_release(
    tmp_path, text_path, monkeypatch
):
    root = Path(__file__).resolve().parents[1]
    for folder in ("ontology", "shapes", "kg/curation", "kg/sources", "kg/release", "kg/mappings"):
        shutil.copytree(root / folder, tmp_path / folder)
    drugs = tmp_path / "kg/curation/drugs.yaml"
    text = drugs.read_text(encoding="utf-8")
    assert "      dar: 3.5\n" in text
    drugs.write_text(text.replace("      dar: 3.5\n", "      dar: 3.6\n", 1), encoding="utf-8")
    release = tmp_path / "kg/release"
    before = _contents(release)
    child = subprocess.run(
        [sys.executable, "-c", BUILD_KILLER, str(tmp_path)],
        capture_output=True,
        env={**os.environ, "ADCKG_SOURCE_TEXT": str(text_path)},
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    assert [p.name for p in (tmp_path / "kg").iterdir() if p.name.startswith(".release.staging")]
    assert _contents(release) == before
    assert _sha256sum_ok(release)
    # The next build cleans up and publishes the new release whole.
    from adckg.cli.main import main

    monkeypatch.setenv("ADCKG_SOURCE_TEXT", str(text_path))
    assert main(["build", "--root", str(tmp_path)]) == 0
    after = _contents(release)
    assert after != before and b"adcko:drugToAntibodyRatio 3.6 ;" in after["adckg-assertions.ttl"]
    assert _sha256sum_ok(release)
    assert sorted(p.name for p in (tmp_path / "kg").iterdir()) == [
        ".release.lock",
        "curation",
        "mappings",
        "release",
        "sources",
    ]
