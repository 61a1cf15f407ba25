"""``adckg source``: register a source, re-anchor its quotes in another copy of its text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
import yaml

from adckg.errors import InputError, ValidationFailed


def _root_project(root: Path | None):  # noqa: ANN202 - returns adckg.release.pipeline.Project
    from adckg.release.pipeline import Project

    return Project(root.resolve()) if root else Project.find()


@click.group("source")
def source_group() -> None:
    """Register sources and re-anchor their quotes (docs/curation-guide.md)."""


@source_group.command("add")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--id", "source_id", required=True, help="Short id, e.g. smith-2024.")
@click.option("--doi", required=True, help="The DOI as printed, e.g. 10.1234/abcd.")
@click.option("--text", "text_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(
        ["review", "research-article", "trial-registry-record", "conference-abstract"]
    ),
    default="research-article",
    show_default=True,
)
@click.option("--title", default=None, help="Default: the text's first line.")
@click.option("--year", type=int, default=None, help="Default: the first year in the text's head.")
def add(
    root: Path | None,
    source_id: str,
    doi: str,
    text_file: Path,
    kind: str,
    title: str | None,
    year: int | None,
) -> None:
    """Register a source: hash its text, propose its sections.

    Example: adckg source add --id smith-2024 --doi 10.1234/abcd --text smith-2024.txt
    """
    from adckg.curation.models import ID_PATTERN, SourceFile
    from adckg.curation.register import propose_source
    from adckg.curation.source_text import section_spans, sha256_of
    from adckg.release.serialize import write_atomically

    project = _root_project(root)
    if not re.fullmatch(ID_PATTERN, source_id):
        raise InputError(f"--id {source_id!r}: use letters, digits and hyphens (e.g. smith-2024)")
    if not re.fullmatch(r"10\.[0-9]{4,9}/\S+", doi):
        raise InputError(f"--doi {doi!r}: write the bare DOI, 10.NNNN/suffix, no URL prefix")
    if not text_file.is_file():
        raise InputError(f"--text {text_file}: no such file")
    target = project.root / "kg" / "sources" / f"{source_id}.yaml"
    if target.exists():
        raise InputError(f"{target}: source '{source_id}' is already registered")
    data = text_file.read_bytes()
    text = data.decode("utf-8")
    relative = os.path.relpath(text_file.resolve(), project.root)
    record = propose_source(source_id, doi, text, sha256_of(data), relative, kind, title, year)
    if record["year"] is None:
        raise InputError(f"{text_file}: no year found in its first lines; pass --year")
    header = (
        "# Registered with `adckg source add`; complete it by hand: authors, published, license,\n"
        "# tables (table section id: number of rows), and check the proposed sections.\n"
    )
    body = yaml.safe_dump({"source": record}, sort_keys=False, allow_unicode=True, width=1000)
    source = SourceFile.model_validate(yaml.safe_load(body)).source
    section_spans(text, list(source.sections))
    write_atomically({target: (header + body).encode("utf-8")})
    click.echo(
        f"registered {source_id}: SHA-256 {source.text_sha256}, {len(source.sections)} sections"
        f" proposed, {source.reference_count} references; complete"
        f" {target.relative_to(project.root)}, then give each of its quotes 'source: {source_id}'"
    )


@source_group.command("reanchor")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--text", "text_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "source_id", default=None, help="Default: the default source.")
def reanchor(root: Path | None, text_file: Path, source_id: str | None) -> None:
    """Re-anchor a source's quotes in a copy of its text, with a report.

    When every quote stands verbatim once in its section, that copy becomes the
    registered one. Example: adckg source reanchor --text article.txt
    """
    from adckg.curation.anchorfile import FILE_NAME, render
    from adckg.curation.anchors import Anchoring, anchor_registered
    from adckg.curation.load import load_curation
    from adckg.curation.register import reanchor_report
    from adckg.curation.source_text import sha256_of, text_path
    from adckg.curation.texts import anchor_one
    from adckg.release.serialize import write_atomically

    project = _root_project(root)
    curation = load_curation(project.curation_dir)
    source = curation.sources.get(source_id) if source_id else curation.review
    if source is None:
        raise InputError(
            f"--id {source_id}: not a registered source ({', '.join(curation.sources)})"
        )
    if not text_file.is_file():
        raise InputError(f"--text {text_file}: no such file")
    data = text_file.read_bytes()
    text = data.decode("utf-8")
    checks = reanchor_report(curation, source, text)
    states: dict[str, int] = {}
    for check in checks:
        states[check.state] = states.get(check.state, 0) + 1
        if check.state != "verbatim":
            click.echo(f"{check.state}: {check.where} {check.detail}".rstrip())
    summary = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    click.echo(f"{len(checks)} quote(s) of '{source.id}' in {text_file.name}: {summary}")
    if set(states) != {"verbatim"}:
        raise ValidationFailed(
            f"{text_file} cannot become the registered copy of '{source.id}': fix the quotes"
            " listed above (or keep the registered copy; `adckg build` verifies other copies)"
        )
    digest = sha256_of(data)
    registered = source.model_copy(update={"text_sha256": digest})
    merged = Anchoring()
    sources = []
    anchors_file = project.curation_dir / FILE_NAME
    for other in curation.sources.values():
        if other.id == source.id:
            part = anchor_registered(curation, registered, text)
            sources.append(registered)
        else:
            path = text_path(project.root, other, other.id == curation.review.id, None)
            part, _ = anchor_one(curation, other, path, anchors_file)
            sources.append(other)
        for name in ("anchors", "spans", "lengths", "verified"):
            getattr(merged, name).update(getattr(part, name))
    registry_file = curation.registry.paths[source.id]
    entry = registry_file.read_text(encoding="utf-8")
    updated, count = re.subn(
        r'(text_sha256:\s*"?)[0-9a-f]{64}', lambda m: m.group(1) + digest, entry, count=1
    )
    if count != 1:
        raise InputError(f"{registry_file}: no text_sha256 line to update")
    write_atomically(
        {
            registry_file: updated.encode("utf-8"),
            anchors_file: render(curation, merged, sources),
        }
    )
    click.echo(
        f"'{source.id}' is now anchored in {text_file.name} (SHA-256 {digest}); set"
        f" text_file in {registry_file.name} to where that copy lives and run `adckg build`"
    )
