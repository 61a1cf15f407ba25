"""The ``adckg`` command line: thin commands over the library.

Exit codes: 0 ok; 1 the data failed validation; 2 usage or unusable input
(a curation or RDF file to fix); 3 internal error (please report); 4 the triple
store could not be reached or refused a request (``load``, ``query --endpoint``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from adckg import __version__
from adckg.errors import AdckgError, InputError, StoreError, ValidationFailed
from adckg.formats import CONSTRUCT_FORMATS, ROW_FORMATS

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_INTERNAL, EXIT_STORE = 0, 1, 2, 3, 4

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository checkout (default: found from the working directory).",
)


def _progress(message: str) -> None:
    click.echo(f"[adckg] {message}", err=True)


def _project(root: Path | None):  # noqa: ANN202 - returns adckg.release.pipeline.Project
    from adckg.release.pipeline import Project

    return Project(root.resolve()) if root else Project.find()


@click.group()
@click.version_option(__version__, prog_name="adckg")
def cli() -> None:
    """Knowledge graph of resistance to HER2-targeted antibody-drug conjugates.

    Exit codes: 0 ok, 1 validation failed, 2 bad input, 3 internal error,
    4 triple store unreachable or refusing.
    """


@cli.command()
@root_option
@click.option(
    "--source-text",
    default=None,
    help="The default source's plain text, or ID=PATH pairs (default: $ADCKG_SOURCE_TEXT,"
    " else each source's text_file in kg/sources/, else the committed anchors).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if release files are stale.")
@click.option(
    "--version",
    "version",
    default=None,
    help="Start release X (e.g. 0.3.0): sets owl:versionInfo in the edit file and keeps the"
    " current release as the baseline of CHANGES.md.",
)
def build(root: Path | None, source_text: str | None, check: bool, version: str | None) -> None:
    """Build, reason, validate and write kg/release/. Example: adckg build"""
    from adckg.release.pipeline import build_release, summary
    from adckg.release.publish import publish
    from adckg.release.serialize import write_atomically

    started = time.perf_counter()
    project = _project(root)
    result = build_release(project, source_text, progress=_progress, version=version)
    if check:
        stale = [p for p, data in result.files.items() if not p.exists() or p.read_bytes() != data]
        for path in stale:
            click.echo(f"stale: {path.relative_to(project.root)}", err=True)
        if stale:
            raise ValidationFailed("release files are out of date: run `adckg build`")
        click.echo("release files are up to date")
        for note in result.notes:
            click.echo(note)
        return
    release_dir = project.release_dir
    inside = {p: d for p, d in result.files.items() if p.is_relative_to(release_dir)}
    names = publish(release_dir, {str(p.relative_to(release_dir)): d for p, d in inside.items()})
    changed = {release_dir / name for name in names}
    # Outside the release folder (the edit file's version, with --version): after the switch.
    changed.update(write_atomically({p: d for p, d in result.files.items() if p not in inside}))
    click.echo(summary(result))
    for path in sorted(result.files):
        mark = "written" if path in changed else "unchanged"
        click.echo(f"{mark}: {path.relative_to(project.root)} ({len(result.files[path])} bytes)")
    for note in result.notes:
        click.echo(note)
    click.echo(f"built in {time.perf_counter() - started:.1f} s")


@cli.command()
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def stats(root: Path | None, as_json: bool) -> None:
    """Counts of the released graph. Example: adckg stats"""
    from adckg.release.stats import graph_stats

    numbers = graph_stats(_project(root).release_dir)
    if as_json:
        click.echo(json.dumps(numbers, indent=2, sort_keys=True))
        return
    for part, count in numbers["triples"].items():
        click.echo(f"triples {part:<12} {count:>7}")
    for cls, count in numbers["classes"].items():
        click.echo(f"class   {cls:<45} {count:>5}")


@cli.command()
@root_option
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text")
@click.option(
    "--no-ontology",
    is_flag=True,
    help="Validate FILES alone, without adding the released ontology (its classes and ranges).",
)
def validate(root: Path | None, files: tuple[Path, ...], fmt: str, no_ontology: bool) -> None:
    """Validate the release graph, or FILES, with the SHACL shapes. Example: adckg validate

    Shapes see asserted types only; the release's inferred types are given to the shapes
    that ask for them. FILES are validated with the released ontology added.
    """
    from adckg.graph.rdfinput import parse_rdf_file
    from adckg.graph.validate import validate_graph
    from adckg.release.serialize import merge

    project = _project(root)
    release = project.release_dir
    inferred = None
    if files:
        paths = list(files)
        ontology = release / "adckg-ontology.ttl"
        if not no_ontology:
            paths.append(ontology if ontology.is_file() else project.ontology_file)
    else:
        paths = [release / f"adckg-{part}.ttl" for part in ("ontology", "assertions", "mappings")]
        inferred = parse_rdf_file(release / "adckg-inferred.ttl")
    graphs = []
    for path in paths:
        graph = parse_rdf_file(path, _rdf_format(path))
        if len(graph) == 0 and path in files:
            raise InputError(f"{path}: holds no triples; nothing to validate")
        graphs.append(graph)
    graph = merge(*graphs)
    report = validate_graph(graph, project.shapes_dir, inferred=inferred)
    if fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    elif fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in report.results], indent=2, sort_keys=True))
    else:
        for result in report.results:
            click.echo(result.one_line())
        click.echo(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)/info")
    if report.violations:
        sys.exit(EXIT_INVALID)


def _rdf_format(path: Path) -> str:
    from adckg.formats import rdflib_name_of_file

    fmt = rdflib_name_of_file(path.name)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file extension (use .ttl, .nt, .owl/.rdf, .jsonld)")
    return fmt


engine_option = click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    help="Embedded SPARQL engine (default: pyoxigraph).",
)
RESULT_FORMATS = [*ROW_FORMATS, *CONSTRUCT_FORMATS]
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default=None,
    help="SELECT/ASK: table (default), csv, tsv, json (SPARQL 1.1 JSON results) or md;"
    " CONSTRUCT/DESCRIBE: turtle (default), ntriples, jsonld or rdfxml.",
)


def _render(result, fmt: str | None) -> tuple[str, str]:  # noqa: ANN001 - adckg.store.query.Result
    """(stdout text, stderr note) for a query result in ``fmt``."""
    from adckg.prefixes import PREFIX_MAP
    from adckg.store.query import format_rows, graph_text, sparql_json

    graph = result.kind in ("construct", "describe")
    if graph:
        if fmt not in (None, *CONSTRUCT_FORMATS):
            raise InputError(
                f"--format {fmt} does not fit a {result.kind.upper()} query"
                f" (use {', '.join(CONSTRUCT_FORMATS)})"
            )
        body = graph_text(result.triples, fmt or "turtle", PREFIX_MAP).decode()
        return body.rstrip("\n"), "" if result.triples else "(no triples)"
    if fmt in CONSTRUCT_FORMATS:
        raise InputError(
            f"--format {fmt} does not fit a {result.kind.upper()} query"
            f" (use {', '.join(ROW_FORMATS[:-1])} or {ROW_FORMATS[-1]})"
        )
    if fmt == "json":
        return sparql_json(result), ""
    if result.boolean is not None:
        return ("true" if result.boolean else "false"), ""
    text = format_rows(result.columns, result.text_rows(), fmt or "table")
    return text, "" if result.rows else "(no results)"


def _show(out: str, note: str) -> None:
    click.echo(out)
    if note:
        click.echo(note, err=True)


def _list_queries(queries_dir: Path) -> None:
    from adckg.store.query import list_queries

    for saved in list_queries(queries_dir):
        click.echo(f"{saved.name}: {saved.title}")
        if saved.question:
            click.echo(f"    {saved.question}")
        for p in saved.parameters:
            click.echo(f"    --param {p.name}=VALUE  ({p.kind}, default {p.default}) {p.doc}")


@cli.command()
@root_option
@click.argument("name", required=False)
@click.option(
    "--list", "list_all", is_flag=True, help="List the saved queries, questions and parameters."
)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a parameter.")
@engine_option
@format_option
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Run on a remote SPARQL 1.1 query endpoint instead of an embedded engine.",
)
@click.option(
    "--graph",
    default=None,
    metavar="IRI",
    help="With --endpoint: query this named graph as the default graph (default-graph-uri).",
)
def query(
    root: Path | None,
    name: str | None,
    list_all: bool,
    params: tuple[str, ...],
    engine: str,
    fmt: str | None,
    endpoint: str | None,
    graph: str | None,
) -> None:
    """Run a saved query on the release graph. Example: adckg query adc-components

    An IRI parameter is a CURIE (adckg:T-DXd), <IRI> or bare http(s) IRI, and must name
    something in the graph. Queries run with no network access.
    """
    from adckg.store.query import (
        Engine,
        answer_without_network,
        bind,
        check_iri_parameters,
        find_query,
    )

    project = _project(root)
    if list_all or not name:
        _list_queries(project.queries_dir)
        return
    saved = find_query(project.queries_dir, name)
    bindings: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(f"--param '{item}': write KEY=VALUE, e.g. --param drug=adckg:T-DM1")
        bindings[key.lstrip("?")] = value
    text = bind(saved, bindings)
    if endpoint:
        from adckg.store.endpoint import RESULTS_JSON, Client
        from adckg.store.query import format_rows

        with Client() as client:
            if fmt == "json":  # the endpoint's own SPARQL JSON results, typed terms and all
                data = {"query": text, **({"default-graph-uri": graph} if graph else {})}
                answer = client.request(
                    "POST", endpoint, data=data, headers={"Accept": RESULTS_JSON}
                )
                try:
                    click.echo(json.dumps(answer.json(), indent=2, ensure_ascii=False))
                except ValueError:
                    raise StoreError(f"POST {endpoint}: the answer is not SPARQL JSON") from None
                return
            columns, rows = client.select(endpoint, text, graph)
        click.echo(format_rows(columns, rows, fmt or "table"))
        if not rows:
            click.echo("(no results)", err=True)
        return
    store = Engine(engine, project.release_dir / "adckg.ttl")
    check_iri_parameters(saved, bindings, store)
    _show(*answer_without_network(store, text, lambda r: _render(r, fmt), str(saved.path)))


@cli.command()
@root_option
@click.argument("query_text")
@engine_option
@format_option
def sparql(root: Path | None, query_text: str, engine: str, fmt: str | None) -> None:
    """Run an ad-hoc query (a file or the text itself). Example: adckg sparql q.rq

    SELECT prints a table, ASK true or false, CONSTRUCT and DESCRIBE Turtle (see --format).
    The project's prefixes (adckg:, adcko:, rdfs:, ...) are declared unless the query
    declares its own. Updates are refused; the query runs with no network access.
    """
    from adckg.prefixes import PREFIX_MAP
    from adckg.store.query import Engine, answer_without_network

    path = Path(query_text)
    source = "query"
    if path.suffix in (".rq", ".sparql") or path.is_file():
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        query_text, source = path.read_text(encoding="utf-8"), str(path)
    project = _project(root)
    Engine.check(query_text, source, PREFIX_MAP)  # refused before the graph is loaded
    store = Engine(engine, project.release_dir / "adckg.ttl")
    render = lambda result: _render(result, fmt)  # noqa: E731 - runs in the child process
    _show(*answer_without_network(store, query_text, render, source, dict(PREFIX_MAP)))


@cli.command()
@root_option
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store's SPARQL 1.1 Graph Store HTTP Protocol endpoint.",
)
@click.option("--graph", default=None, metavar="IRI", help="Target graph (default: the project's).")
@click.option(
    "--update-endpoint",
    default=None,
    metavar="URL",
    help="SPARQL Update endpoint for the swap (default: derived for known stores).",
)
@click.option("--user", default=None, help="User name (Digest or Basic, as the store asks).")
@click.option("--password", default=None, envvar="ADCKG_STORE_PASSWORD", help="Password.")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Release file(s) to load (default: kg/release/adckg.ttl); repeat for several.",
)
@click.option("--chunk-bytes", type=click.IntRange(min=1), default=None, help="Chunk size bound.")
@click.option("--attempts", type=click.IntRange(min=1), default=4, help="Tries per request.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds the whole upload may take, retries included (the clean-up after a"
    " failure gets 10 s more).",
)
def load(
    root: Path | None,
    endpoint: str,
    graph: str | None,
    update_endpoint: str | None,
    user: str | None,
    password: str | None,
    files: tuple[Path, ...],
    chunk_bytes: int | None,
    attempts: int,
    timeout: float,
) -> None:
    """Upload the release into a triple store, swapping it in whole.

    Example: adckg load --endpoint http://localhost:7878/store
    """
    from adckg.store import graphstore
    from adckg.store.endpoint import Client

    started = time.perf_counter()
    paths = list(files) or [_project(root).release_dir / "adckg.ttl"]
    triples = graphstore.read_release((path, _rdf_format(path)) for path in paths)
    if not triples:
        raise InputError(f"{', '.join(map(str, paths))}: no triples to load")
    with Client(user, password, attempts=attempts, timeout_s=timeout) as client:
        client.deadline.set(timeout)
        report = graphstore.load(
            client,
            endpoint,
            triples,
            graph or graphstore.DEFAULT_GRAPH,
            update_endpoint,
            chunk_bytes or graphstore.CHUNK_BYTES,
            progress=_progress,
        )
    click.echo(
        f"loaded {report.triples} triples into <{report.graph}> in {report.chunks} chunk(s)"
        f" ({report.bytes} bytes) in {time.perf_counter() - started:.1f} s"
    )


@cli.command()
@root_option
@click.option("--write", is_flag=True, help="Replace the table in docs/linking.md.")
def links(root: Path | None, write: bool) -> None:
    """Coverage of external links per kind of entity, and why some are missing.

    Reads the committed release (kg/release/adckg.nt) and kg/mappings/not-found.yaml.
    Example: adckg links --write
    """
    from adckg.graph.rdfinput import parse_rdf_file
    from adckg.links.link_coverage import END, START, coverage_table
    from adckg.links.lookups import read_not_found
    from adckg.release.serialize import write_atomically

    project = _project(root)
    graph = parse_rdf_file(project.release_dir / "adckg.nt", "nt")
    table = coverage_table(graph, read_not_found(project.not_found_file))
    if not write:
        click.echo(table, nl=False)
        return
    page = project.root / "docs" / "linking.md"
    text = page.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise InputError(f"{page}: no '{START.strip()}' ... '{END}' markers to replace between")
    head, rest = text.split(START, 1)
    new = head + START + table + END + rest.split(END, 1)[1]
    write_atomically({page: new.encode("utf-8")})
    click.echo(f"wrote the coverage table into {page}")


@cli.command()
@root_option
@click.option("--missing", is_flag=True, help="Show only paragraphs without facts.")
def coverage(root: Path | None, missing: bool) -> None:
    """Paragraphs of the review and the records drawn from each. Example: adckg coverage"""
    from adckg.curation.anchors import anchor_all
    from adckg.curation.coverage import paragraph_coverage, render
    from adckg.curation.load import load_curation
    from adckg.curation.source_text import default_text_path, read_text, section_spans

    project = _project(root)
    curation = load_curation(project.curation_dir)
    path = default_text_path(project.root, curation.review.text_file)
    text = read_text(path, curation.review.text_sha256)
    spans = section_spans(text, list(curation.review.sections))
    paras = paragraph_coverage(curation, text, spans, anchor_all(curation, text))
    click.echo(render(paras, only_missing=missing))
    click.echo(f"checked {len(paras)} paragraphs; every quote was found verbatim in its section")
    if any(not p.covered for p in paras):
        sys.exit(EXIT_INVALID)


@cli.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "ntriples", "rdfxml", "jsonld"]),
    default="turtle",
)
def export(root: Path | None, fmt: str) -> None:
    """Print the release graph in another RDF format. Example: adckg export --format ntriples"""
    from adckg.graph.rdfinput import parse_rdf_file
    from adckg.release.serialize import to_bytes

    graph = parse_rdf_file(_project(root).release_dir / "adckg.ttl")
    sys.stdout.buffer.write(to_bytes(graph, fmt))


@cli.command()
@root_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--deadline", default=10.0, show_default=True, help="Seconds a query may run.")
@click.option("--row-cap", default=10_000, show_default=True, help="Rows returned at most.")
@click.option("--workers", default=2, show_default=True, help="Queries run at once.")
@click.option("--queue", default=32, show_default=True, help="Requests that may wait.")
@click.option("--max-body", default=65536, show_default=True, help="Request body bytes.")
@click.option("--cache-mb", default=64, show_default=True, help="Answer cache (0: off).")
@click.option(
    "--memory-mb", default=1024, show_default=True, help="Memory per query worker (0: no cap)."
)
def serve(
    root: Path | None,
    host: str,
    port: int,
    deadline: float,
    row_cap: int,
    workers: int,
    queue: int,
    max_body: int,
    cache_mb: int,
    memory_mb: int,
) -> None:
    """Serve a read-only SPARQL endpoint and pages. Example: adckg serve --port 8000"""
    try:
        import uvicorn

        from adckg.serve.app import create_app, server_options
        from adckg.serve.config import ServeConfig
    except ImportError as exc:
        raise InputError(
            f"serving needs the 'serve' extra ({exc.name} is missing): pip install 'adckg[serve]'"
        ) from None
    project = _project(root)
    if deadline <= 0 or min(row_cap, workers, max_body) < 1 or min(queue, cache_mb, memory_mb) < 0:
        raise InputError(
            "--deadline, --row-cap, --workers and --max-body must be positive;"
            " --queue, --cache-mb and --memory-mb zero or more"
        )
    config = ServeConfig(
        project.release_dir,
        project.queries_dir,
        host,
        port,
        deadline,
        row_cap,
        workers,
        queue,
        max_body,
        cache_mb * 1024 * 1024,
        memory_mb,
    )
    _progress(f"serving {config.main_file} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(config), **server_options(config))


def _register_source_commands() -> None:
    from adckg.cli.source import source_group

    cli.add_command(source_group)


_register_source_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn user errors into one line on stderr and an exit code."""
    try:
        cli.main(args=argv, prog_name="adckg", standalone_mode=False)
    except ValidationFailed as exc:
        click.echo(f"adckg: {exc}", err=True)
        return EXIT_INVALID
    except StoreError as exc:
        click.echo(f"adckg: error: {exc}", err=True)
        return EXIT_STORE
    except AdckgError as exc:
        click.echo(f"adckg: error: {exc}", err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("adckg: aborted", err=True)
        return EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - last resort: say it is our bug
        click.echo(f"adckg: internal error ({type(exc).__name__}: {exc}); please report", err=True)
        return EXIT_INTERNAL
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
