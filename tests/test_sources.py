"""Sources as data: the registry, anchoring in any faithful copy, a build without any text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from adckg.cli.main import main
from adckg.curation.anchorfile import FILE_NAME, read_anchors
from adckg.curation.anchors import anchor_registered, verify_copy
from adckg.curation.load import load_curation
from adckg.curation.normalize import normalise
from adckg.curation.sources import load_registry
from adckg.errors import AnchoringFailed, CurationError
from adckg.release.pipeline import build_release

from .conftest import PROJECT, ROOT

ANCHORS = PROJECT.curation_dir / FILE_NAME


def _strip_markup(text: str) -> str:
    """A copy as a journal page would give it: no markup, one space between words."""
    text = re.sub(r"[_^]\{([^{}]*)\}", r"\1", text).replace("*", "").replace("$", "")
    text = text.replace("\u2013", "-").replace("\u2019", "'")
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.splitlines()) + "\n"


def _tracked(folder: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0 or not listed.stdout.strip():
        return sorted(
            p for p in (ROOT / folder).rglob("*") if p.is_file() and "egg-info" not in str(p)
        )
    return [ROOT / line for line in listed.stdout.splitlines()]


def test_no_source_is_named_in_the_code():
    registry = load_registry(ROOT / "kg" / "sources")
    names = set()
    for source in registry.sources.values():
        names |= {source.id, source.doi, Path(source.text_file).name, source.text_sha256}
        names |= {a.family for a in source.authors}
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _tracked("src")
        for name in names
        if name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


@pytest.mark.slow
def test_reference_numbers_are_checked_against_the_source_list(tmp_path: Path):
    for folder in ("kg/curation", "kg/sources"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    registry = tmp_path / "kg/sources/guidi-2023.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("reference_count: 76", "reference_count: 43"),
        encoding="utf-8",
    )
    with pytest.raises(CurationError, match=r"reference numbers must be 1-43 .*got \[44\]"):
        load_curation(tmp_path / "kg/curation")


@pytest.mark.slow
def test_a_quote_of_an_unregistered_source_is_refused(tmp_path: Path):
    for folder in ("kg/curation", "kg/sources"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / "kg/curation/section-3.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("refs: [44]", "refs: [44]\n        source: nowhere-2020", 1))
    with pytest.raises(CurationError, match="'source: nowhere-2020' is not a registered source"):
        load_curation(tmp_path / "kg/curation")


def test_the_committed_anchors_are_those_of_the_registered_copy(source_text: str):
    curation = load_curation(PROJECT.curation_dir)
    fresh = anchor_registered(curation, curation.review, source_text)
    committed = read_anchors(ANCHORS, curation, curation.review, "anchors")
    assert committed.anchors == fresh.anchors
    assert committed.spans == fresh.spans
    assert len(fresh.anchors) > 300


@pytest.mark.slow
def test_a_copy_without_markup_verifies_every_quote(source_text: str):
    curation = load_curation(PROJECT.curation_dir)
    committed = read_anchors(ANCHORS, curation, curation.review, "copy")
    length = committed.lengths[curation.review.id]
    for copy in (_strip_markup(source_text), " ".join(source_text.split())):
        assert "*SLX4*" not in _strip_markup(source_text)
        assert verify_copy(curation, curation.review, copy, "copy", committed.anchors, length) == []


def test_a_copy_missing_a_sentence_names_the_quote(source_text: str):
    curation = load_curation(PROJECT.curation_dir)
    committed = read_anchors(ANCHORS, curation, curation.review, "copy")
    copy = _strip_markup(source_text).replace("SLX4 loss of function", "SLX-4 loss of function")
    problems = verify_copy(curation, curation.review, copy, "copy.txt", committed.anchors)
    assert problems, "an altered sentence must be reported"
    assert all(
        re.match(r"\S+\.yaml:\d+ \[[A-Za-z0-9-]+\] quote [eq]\d+ is missing", p) for p in problems
    )
    assert any("[TDXd-first-resistance-evidence]" in p for p in problems)


def test_normalise_keeps_words_and_drops_markup():
    assert normalise("HER2_{low} *SLX4*  $n = 72$\u00a0it\u2019s \u2013 co\u00adfactor") == (
        "HER2low SLX4 n = 72 it's - cofactor"
    )


@pytest.fixture
def clone(tmp_path: Path, monkeypatch) -> Path:
    """A checkout as a new user has it: no text anywhere, no ADCKG_SOURCE_TEXT."""
    for folder in ("ontology", "kg", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.delenv("ADCKG_SOURCE_TEXT", raising=False)
    return tmp_path


@pytest.mark.slow
def test_a_clone_without_text_passes_build_check(clone: Path, capsys):
    code = main(["build", "--check", "--root", str(clone)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "release files are up to date" in out
    notes = [line for line in out.splitlines() if "not re-verified" in line]
    assert len(notes) == 1
    assert "ADCKG_SOURCE_TEXT" in notes[0] and "guidi-2023" in notes[0]


@pytest.mark.slow
def test_a_stale_anchor_is_named_when_there_is_no_text(clone: Path):
    path = clone / "kg/curation/section-3.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "Instead, the decrease of HER2 expression"
    assert quote in text
    path.write_text(text.replace(quote, "Instead, the decrease of HER2  expression", 1))
    with pytest.raises(
        AnchoringFailed, match=r"\[TDXd-first-resistance-evidence\] quote q[0-9]+ changed"
    ):
        build_release(load_project(clone))


def load_project(root: Path):
    from adckg.release.pipeline import Project

    return Project(root)


def test_a_review_block_in_the_curation_says_where_it_moved(tmp_path: Path):
    for folder in ("kg/curation", "kg/sources"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "kg/curation/old.yaml").write_text("review:\n  id: x\n", encoding="utf-8")
    with pytest.raises(
        CurationError, match="old.yaml:1: .*move this 'review:' block to kg/sources/"
    ):
        load_curation(tmp_path / "kg/curation")


def test_a_text_named_but_absent_is_an_error_not_a_silent_fallback(
    clone: Path, monkeypatch, capsys
):
    monkeypatch.setenv("ADCKG_SOURCE_TEXT", str(clone / "missing.txt"))
    code = main(["build", "--check", "--root", str(clone)])
    err = capsys.readouterr().err
    assert code == 2
    assert "missing.txt, named as the text of source 'guidi-2023' by ADCKG_SOURCE_TEXT" in err
