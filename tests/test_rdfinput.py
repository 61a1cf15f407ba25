"""Strict input: the W3C Turtle and N-Triples suites, and no parse ever reaches the network."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from adckg.cli.main import main
from adckg.errors import InputError
from adckg.graph.rdfinput import parse_into, parse_quads, to_rdflib

from .conftest import PROJECT
from .loopback import listening
from .w3c import W3C_ENV, cases, suites_dir

CASES = cases()


def _graph(path: Path, fmt: str, base: str) -> Graph:
    graph = Graph()
    for quad in parse_quads(path, fmt, base):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def test_the_w3c_suites_are_there():
    message = f"the W3C RDF test suites are not at {suites_dir()}; set {W3C_ENV}"
    if not CASES:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    kinds = {kind: sum(c.kind == kind for c in CASES) for kind in ("negative", "positive", "eval")}
    assert kinds == {"negative": 123, "positive": 115, "eval": 145}


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "negative"], ids=lambda c: c.id)
def test_negative_syntax_is_rejected_with_a_line(case):
    with pytest.raises(InputError) as caught:
        _graph(case.action, case.fmt, case.base)
    pattern = rf"^{re.escape(str(case.action))}: not valid {case.fmt}: line \d+: \S"
    assert re.match(pattern, str(caught.value)), str(caught.value)


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "positive"], ids=lambda c: c.id)
def test_positive_syntax_is_accepted(case):
    _graph(case.action, case.fmt, case.base)


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "eval"], ids=lambda c: c.id)
def test_evaluation_gives_the_expected_triples(case):
    assert case.result is not None
    assert isomorphic(
        _graph(case.action, case.fmt, case.base), _graph(case.result, "nt", case.base)
    )


def test_the_error_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    assert main(["validate", "--root", str(PROJECT.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: not valid turtle: line 3:" in err and "Traceback" not in err


@pytest.mark.slow
def test_release_parses_as_before():
    """The strict parser reads the release to the same graph as rdflib's parser."""
    release = PROJECT.release_dir / "adckg.ttl"
    assert isomorphic(parse_into(Graph(), release), Graph().parse(release, format="turtle"))


def _validate_offline(tmp_path: Path, name: str, text: str, capsys) -> tuple[int, str, int]:
    with listening() as server:
        path = tmp_path / name
        path.write_text(text.replace("SERVER", server.url), encoding="utf-8")
        code = main(["validate", "--root", str(PROJECT.root), str(path)])
        seen = len(server.requests)
    return code, capsys.readouterr().err, seen


def test_rdfxml_doctype_is_refused_and_nothing_fetched(tmp_path, capsys):
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "SERVER/entity.xml"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/a"><ex:p>&ext;</ex:p></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    code, err, seen = _validate_offline(tmp_path, "entity.rdf", text, capsys)
    assert (code, seen) == (2, 0)
    assert "entity.rdf: not valid xml: line 2: DOCTYPE declarations are refused" in err


def test_rdfxml_entity_without_doctype_keyword_case_is_refused(tmp_path, capsys):
    text = '<?xml version="1.0"?>\n<!entity x SYSTEM "SERVER/x">\n<r/>\n'
    code, err, seen = _validate_offline(tmp_path, "lower.rdf", text, capsys)
    assert (code, seen) == (2, 0)
    assert "lower.rdf: not valid xml: line 2: ENTITY declarations are refused" in err


def test_jsonld_remote_context_is_never_fetched(tmp_path, capsys):
    text = '{"@context": "SERVER/context.jsonld", "@id": "http://example.org/a", "name": "x"}'
    code, err, seen = _validate_offline(tmp_path, "remote.jsonld", text, capsys)
    assert (code, seen) == (2, 0)
    assert "remote.jsonld: not valid json-ld: line 1: a remote @context is never fetched" in err


@pytest.mark.slow
def test_owl_imports_is_not_followed(tmp_path, capsys):
    text = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/o> a owl:Ontology ; owl:imports <SERVER/imported.ttl> .\n"
    )
    code, err, seen = _validate_offline(tmp_path, "imports.ttl", text, capsys)
    assert seen == 0
    assert code in (0, 1), err  # validated (whatever the shapes say), not a fetch error


def test_a_url_is_refused_not_downloaded(capsys):
    with listening() as server:
        code = main(["validate", "--root", str(PROJECT.root), f"{server.url}/graph.ttl"])
        seen = len(server.requests)
    assert (code, seen) == (2, 0)
    assert "only local files are read" in capsys.readouterr().err


# -- bounded input: depth and size are checked before the parser sees the file ---------------


def _validate_file(tmp_path: Path, name: str, data: str | bytes, capsys) -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    code = main(["validate", "--root", str(PROJECT.root), str(path)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.ttl", "<http://e/s> <http://e/p> " + "(" * 1_000_000 + ")" * 1_000_000 + " .\n"),
        (
            "deep-blank.ttl",
            "<http://e/s> <http://e/p> " + "[ <http://e/p> " * 300_000 + "]" * 300_000 + " .\n",
        ),
        (
            "deep.jsonld",
            '{"@id": "http://e/s", "http://e/p": ' + "[" * 500_000 + "]" * 500_000 + "}",
        ),
        (
            "deep.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            + '<a x="/>">' * 300_000
            + "</a>" * 300_000
            + "</rdf:RDF>\n",
        ),
    ],
)
def test_deep_nesting_is_one_line_not_an_abort(tmp_path, capsys, name, text):
    code, err = _validate_file(tmp_path, name, text, capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err[-500:]
    assert f"{name}: not valid" in err and "nested more than 256 levels deep" in err


def test_nesting_inside_strings_comments_and_iris_is_not_counted(tmp_path, capsys):
    brackets = "(" * 1000
    text = (
        f"# {brackets}\n"
        f'<http://e/s{brackets.replace("(", "%28")}> <http://e/p> "{brackets}" ,'
        f' """{brackets}\\""" """ ,'
        f" '{brackets}' .\n"
    )
    code, err = _validate_file(tmp_path, "strings.ttl", text, capsys)
    assert code == 0, err


def test_size_limit(tmp_path, capsys, monkeypatch):
    from adckg.graph import rdfinput

    monkeypatch.setattr(rdfinput, "MAX_BYTES", 1000)
    code, err = _validate_file(
        tmp_path, "big.nt", "<http://e/s> <http://e/p> <http://e/o> .\n" * 100, capsys
    )
    assert code == 2 and err.count("\n") == 1
    assert "big.nt: 4,100 bytes, more than the 1,000 adckg reads; split the file" in err


@pytest.mark.parametrize(
    "hidden",
    ["<!-- an old <!DOCTYPE note, kept as a comment -->", "<?note <!DOCTYPE x?>"],
)
@pytest.mark.slow
def test_doctype_inside_a_comment_or_pi_is_not_a_declaration(tmp_path, capsys, hidden):
    text = (
        '<?xml version="1.0"?>\n'
        f"{hidden}\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/a">'
        "<ex:p><![CDATA[<!DOCTYPE x [<!ENTITY y 'z'>]>]]></ex:p></rdf:Description>\n"
        "</rdf:RDF>\n"
    )
    code, err = _validate_file(tmp_path, "comment.rdf", text, capsys)
    assert code == 0, err


def test_ill_typed_literal_is_reported_not_a_traceback(tmp_path, capsys):
    text = (
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/adckg/resource/x> <https://w3id.org/adckg/ontology/sampleSize>"
        ' "abc"^^xsd:integer .\n'
    )
    path = tmp_path / "ill.ttl"
    path.write_text(text, encoding="utf-8")
    code = main(["validate", "--root", str(PROJECT.root), str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and err == "", err
    assert 'adckg:x has adcko:sampleSize "abc", which is not a valid xsd:integer' in out
    assert out.count("Literal-lexical-form") == 1
