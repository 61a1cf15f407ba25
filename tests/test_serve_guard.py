"""The query guard reads a query as pyoxigraph does and refuses what could reach the network."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from adckg.store.guard import MAX_DEPTH, BadSyntax, Refused, read_query
from adckg.store.isolation import run_without_network
from adckg.store.query import list_queries
from tests.conftest import PROJECT
from tests.netwall import corpus

URL = "http://127.0.0.1:9"


def refused(text: str) -> str:
    with pytest.raises((Refused, BadSyntax)) as caught:
        read_query(text)
    return str(caught.value)


def test_the_two_known_bypasses_are_refused():
    escape, carriage_return = corpus(URL, 2)
    assert "\\u and \\U escapes are refused" in refused(escape)
    assert "carriage return" in refused(carriage_return)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"SELECT * WHERE {{ ?s ?p trueSERVICE<{URL}/>{{}} }}", "SERVICE"),
        (f"SELECT * WHERE {{ ?s ?p 1SERVICE<{URL}/>{{}} }}", "SERVICE"),
        (f"PREFIX : <{URL}/> SELECT * WHERE {{ ?s ?p ?o . SERVICE:x{{}} }}", "SERVICE"),
        (f"PREFIX e: <http://e/> SELECT * WHERE {{ ?s ?p e:a.b.sErViCe<{URL}/>{{}} }}", "SERVICE"),
        (f"ASKFROM<{URL}/>{{}}", "FROM"),
        (f"SELECT*FROM NAMED<{URL}/> WHERE {{}}", "FROM"),
        (f"LOAD <{URL}/x>", "updates are refused"),
        ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "updates are refused"),
        ('SELECT * WHERE { ?s ?p "\\u0011FFFF" }', "\\u and \\U"),
        ("ASK { ?s ?p ?o }\x00", "U+0000"),
        ("ASK { ?s ex:a\\'b ?o }", "backslash"),
        ("ASK { <relative> ?p ?o }", "not an absolute IRI"),
        ("ASK { <http://e/it's> ?p ?o }", "' in it"),
        ("ASK " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1), "nested deeper"),
        ("ASK { ?s ?p 'open }", "unterminated string"),
        ("ASK { FILTER(" + "!" * 3000 + "true) }", "operators in a row"),
        ("ASK { FILTER(" + "-" * 3000 + "1) }", "operators in a row"),
        ("DROP ALL", "updates are refused"),
        ("hello", "not a query"),
    ],
)
def test_refusals_say_why(text, reason):
    assert reason in refused(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('ASK { ?s ?p "SERVICE <http://example.org/> INSERT FROM" }', "ask"),
        (
            "PREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT ?service ?from WHERE"
            " { ?service prov:wasDerivedFrom ?from } # SERVICE in a comment\n",
            "select",
        ),
        (
            "SELECT ?payload WHERE { ?payload a <https://w3id.org/adckg/ontology/Payload> }",
            "select",
        ),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("BASE <http://example.org/> DESCRIBE <a>", "describe"),
        ("ASK { FILTER(1 < 2 && 3 > 2) }\r\n", "ask"),
        ("ASK { ?s ?p '''it's \"quoted\"''' }", "ask"),
    ],
)
def test_ordinary_queries_pass_with_their_kind(text, kind):
    assert read_query(text).kind == kind


def test_every_saved_query_passes():
    for saved in list_queries(PROJECT.queries_dir):
        assert read_query(saved.text).kind in ("select", "ask", "construct", "describe")


def test_shape_ignores_comments_and_spacing():
    one = read_query("SELECT * WHERE { ?s ?p ?o } # one")
    two = read_query("SELECT *\nWHERE {?s   ?p ?o}\n# two\n")
    assert one.shape == two.shape
    assert one.shape != read_query("SELECT * WHERE { ?s ?p ?x }").shape


def test_fuzz_corpus_is_refused_entirely():
    for text in corpus(URL, 600):
        refused(text)


def test_an_iri_the_guard_accepts_is_an_iri_to_the_engine():
    """Seeded random IRI-like texts: what the guard lets through and the engine runs, the
    engine read as one IRI (not as "less than" followed by code)."""
    rng = random.Random(7)
    alphabet = "ab:/#?%[]@!$&'()*+,;=.-_~09 \"{}|^`<\u00e9"
    store = ox.Store()
    accepted = 0
    for _ in range(1500):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12)))
        text = f"ASK {{ FILTER(isIRI(<http:{body}>)) }}"
        try:
            read_query(text)
        except (Refused, BadSyntax):
            continue
        try:
            answer = store.query(text)
        except SyntaxError:
            continue
        accepted += 1
        assert bool(answer), text
    assert accepted > 100


def test_what_the_engine_would_run_from_the_corpus_the_guard_refuses():
    """Texts of the corpus that pyoxigraph parses (tried without network) are all refused."""
    store = ox.Store()

    def parses(text: str) -> bool:
        try:
            store.query(text)
        except SyntaxError:
            return False
        except OSError:
            return True  # it tried to reach the network
        return True

    texts = corpus(URL, 120, seed=3)
    parsed = run_without_network(lambda: [parses(t) for t in texts])
    assert sum(parsed) > 20, "the corpus should hold texts the engine would run"
    for text, ok in zip(texts, parsed, strict=True):
        if ok:
            refused(text)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ASK { # comment\r FILTER(false) \n}", False),  # CR ends a comment
        ("ASK { # comment\\u000A FILTER(false) \n}", True),  # no \\u expansion in a comment
        ('ASK { FILTER("\\u0041" = "A") }', True),  # \\u expanded inside a string
        ('ASK { FILTER("\\u00000022" = CONCAT("\\u0000", "0022")) }', True),  # 4 hex digits
        ("ASK { ?s ?p trueFILTER(false) }", False),  # keywords need no word boundary
        ("PREFIX e: <http://e/> ASK { ?s ?p e:a.b.FILTER(false) }", False),  # one dot run
        ("ASK FROMNAMED<http://e/g> {}", True),
        ("ASK { FILTER(<a> = <a>) }", None),  # no relative IRIs without BASE
    ],
)
def test_the_engine_reads_queries_as_the_guard_assumes(text, answer):
    """The lexical facts about pyoxigraph the guard is built on; an upgrade that changes
    one of them fails here first."""
    store = ox.Store()
    if answer is None:
        with pytest.raises(SyntaxError):
            store.query(text)
    else:
        assert bool(store.query(text)) is answer
