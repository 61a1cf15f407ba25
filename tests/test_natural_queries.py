"""Queries as a new user writes them, with answers typed from reading the review.

No property paths, no knowledge of how the graph is built: types by superclass, inverse
properties, super-properties, lookups by label, "what confers resistance to X". Each runs
on the released whole graph with pyoxigraph and rdflib, and on Virtuoso 7 (skipped where
virtuoso-t is not installed, required in CI).
"""

from __future__ import annotations

import pytest

from adckg.cli.main import main
from adckg.store.endpoint import Client
from adckg.store.query import Engine

from .conftest import PROJECT

PREFIXES = """PREFIX adcko: <https://w3id.org/adckg/ontology/>
PREFIX adckg: <https://w3id.org/adckg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""
R = "https://w3id.org/adckg/resource/"
GRAPH = "https://w3id.org/adckg/graph/natural-queries"

# (name, query, expected first-column values) -- every answer set is the whole answer.
CASES: list[tuple[str, str, set[str]]] = [
    (
        # Section 1 and Figure 1: T-DM1, T-DXd, and the novel anti-HER2 ADCs SYD985,
        # disitamab vedotin (RC48), XMT-1522, ARX788, zanidatamab zovodotin; section 5:
        # patritumab deruxtecan (anti-HER3).
        "every ADC, by its class",
        "SELECT ?name WHERE { ?adc a adcko:AntibodyDrugConjugate ; rdfs:label ?name }",
        {
            "trastuzumab emtansine",
            "trastuzumab deruxtecan",
            "trastuzumab duocarmazine",
            "disitamab vedotin",
            "XMT-1522",
            "ARX788",
            "zanidatamab zovodotin",
            "patritumab deruxtecan",
        },
    ),
    (
        # Immune checkpoint inhibitors (section 4.3, Table 1): atezolizumab, durvalumab,
        # nivolumab, pembrolizumab; all are drugs, through two superclasses.
        "immune checkpoint inhibitors are drugs",
        "SELECT ?name WHERE { ?d a adcko:Drug , adcko:ImmuneCheckpointInhibitor ;"
        " rdfs:label ?name }",
        {"atezolizumab", "durvalumab", "nivolumab", "pembrolizumab"},
    ),
    (
        # Section 1: 'conjugated through a non-cleavable linker' (T-DM1) vs T-DXd's
        # cleavable linker; both are ADCs and drugs.
        "drugs with a cleavable-linker ADC among them",
        "SELECT ?name WHERE { ?d a adcko:Drug ; adcko:hasLinker ?l ; rdfs:label ?name ."
        " ?l a adcko:CleavableLinker . FILTER(?name = 'trastuzumab deruxtecan'@en) }",
        {"trastuzumab deruxtecan"},
    ),
    (
        # T-DXd: trastuzumab conjugated to deruxtecan by a cleavable linker.
        "parts of T-DXd through the super-property",
        "SELECT ?part WHERE { adckg:T-DXd adcko:hasComponent ?p . ?p rdfs:label ?part }",
        {"trastuzumab", "deruxtecan", "cleavable linker of trastuzumab deruxtecan"},
    ),
    (
        # Abstract: 'the decrease of HER2 expression and SLX4 loss of function mutations
        # represent the first evidences of mechanisms of resistance to T-DXd'; section 3:
        # baseline driver alterations 'associated with upfront resistance', the ERBB2
        # hemizygous deletion; section 7: 'acquired and de novo resistances'.
        "what confers resistance to T-DXd",
        """SELECT DISTINCT ?cause WHERE {
             ?drug rdfs:label "trastuzumab deruxtecan"@en .
             ?finding adcko:concernsDrug ?drug ;
                      adcko:hasDirection adcko:ConfersResistance ;
                      adcko:hasSubject ?c .
             ?c rdfs:label ?cause .
           }""",
        {
            "decrease of HER2 expression",
            "SLX4 loss of function",
            "ERBB2 hemizygous deletion",
            "driver alterations at baseline (DAISY)",
            "acquired resistance to anti-HER2 ADCs",
            "de novo resistance to anti-HER2 ADCs",
        },
    ),
    (
        # The same question through the ontology's defined class (HermiT's types):
        # only drug response mechanisms, so the occurrence of resistance is not listed.
        "mechanisms of resistance to T-DXd, by the defined class",
        """SELECT DISTINCT ?name WHERE {
             ?m a adcko:ResistanceMechanism ; rdfs:label ?name ; adcko:isSubjectOf ?f .
             ?f adcko:concernsDrug adckg:T-DXd ; adcko:hasDirection adcko:ConfersResistance .
           }""",
        {
            "decrease of HER2 expression",
            "SLX4 loss of function",
            "ERBB2 hemizygous deletion",
            "driver alterations at baseline (DAISY)",
        },
    ),
    (
        # Section 3: SLX4 mutations in 4/20 DAISY progression biopsies [44]; SLX4-depleted
        # cell lines needed more DXd [43]; the abstract's 'first evidences'.
        "findings about SLX4 loss, through the inverse property",
        "SELECT ?finding WHERE { adckg:SLX4-loss adcko:isSubjectOf ?finding }",
        {
            R + "daisy-SLX4-mutations",
            R + "SLX4-depletion-DXd-in-vitro",
            R + "TDXd-first-resistance-evidence",
        },
    ),
    (
        "a lookup by label finds one thing",
        'SELECT ?x WHERE { ?x rdfs:label "EGFR overexpression"@en }',
        {R + "EGFR-overexpression-mechanism"},
    ),
    (
        "the ERBB2 deletion by label is one node, alteration and mechanism",
        """SELECT ?x WHERE { ?x rdfs:label "ERBB2 hemizygous deletion"@en ;
             a adcko:Alteration , adcko:DrugResponseMechanism }""",
        {R + "ERBB2-hemizygous-deletion-mechanism"},
    ),
    (
        # 'DNA topoisomerase 1' is encoded by TOP1 (gene symbol, a curator statement).
        "the gene of a protein",
        """SELECT ?gene WHERE { ?p rdfs:label "topoisomerase 1"@en ; adcko:encodedBy ?g .
             ?g rdfs:label ?gene }""",
        {"TOP1"},
    ),
    (
        # Section 4.2: the statin paragraph closes with [51] (the retrospective cohort).
        "findings that cite reference 51",
        "SELECT ?f WHERE { ?f a adcko:Finding ; cito:citesAsEvidence adckg:ref-51 }",
        {
            R + "statin-TDM1-retrospective-PFS",
            R + "statins-potential-ADC-partner",
            R + "statins-ADC-HER2-low-further-studies",
        },
    ),
    (
        # Table 1 lists PFS among the endpoints of NCT02924883, NCT04740918 and
        # NCT03975647; sections 3 and 5 report PFS of DAISY and TULIP.
        "trials that measure PFS, through the super-property",
        "SELECT ?trial WHERE { ?t adcko:hasEndpoint adckg:PFS ; rdfs:label ?trial }",
        {"DAISY", "TULIP", "NCT02924883", "NCT04740918", "NCT03975647"},
    ),
    (
        # Section 2.1: 'even if not fully proved for TDM-1' vs section 2.2's 'not fully
        # evaluated': two certainty levels.
        "mechanisms stated as not fully proved",
        """SELECT ?name WHERE { ?f adcko:hasCertainty adcko:NotFullyProved ;
             adcko:hasSubject ?m . ?m rdfs:label ?name }""",
        {
            "expression of truncated HER2 (p95HER2)",
            "masking of HER2 by MUC4",
            "HER2 kinase domain mutations",
        },
    ),
    (
        # DAISY (section 3) is a clinical trial, hence a study.
        "DAISY is a study",
        "SELECT ?t WHERE { ?t a adcko:Study ; rdfs:label 'DAISY'@en }",
        {R + "DAISY"},
    ),
]


def _ids(case: tuple[str, str, set[str]]) -> str:
    return case[0].replace(" ", "-")


@pytest.fixture(scope="module")
def oxigraph() -> Engine:
    return Engine("oxigraph", PROJECT.release_dir / "adckg.ttl")


@pytest.fixture(scope="module")
def rdflib_engine() -> Engine:
    return Engine("rdflib", PROJECT.release_dir / "adckg.ttl")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_on_pyoxigraph(case, oxigraph):
    _, query, expected = case
    assert {row[0] for row in oxigraph.select(PREFIXES + query)[1]} == expected


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_on_rdflib(case, rdflib_engine):
    _, query, expected = case
    assert {row[0] for row in rdflib_engine.select(PREFIXES + query)[1]} == expected


@pytest.fixture(scope="module")
def virtuoso_client(virtuoso):
    args = ["load", "--root", str(PROJECT.root), "--endpoint", virtuoso.graph_store]
    args += ["--graph", GRAPH, "--user", virtuoso.user, "--password", virtuoso.password]
    assert main(args) == 0
    with Client(attempts=1) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_on_virtuoso(case, virtuoso, virtuoso_client):
    _, query, expected = case
    _, rows = virtuoso_client.select(virtuoso.query, PREFIXES + query, GRAPH)
    assert {row[0] for row in rows} == expected
