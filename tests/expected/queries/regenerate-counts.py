"""Expected answers of the saved queries whose values are counts of the curation.

references-by-findings.csv, mechanism-support.csv and dataset-overview.csv depend on how
finely the review is split into records, not on the review alone. This script derives
them WITHOUT SPARQL:
records are counted in kg/curation/*.yaml (read with PyYAML, not with adckg's loader),
and triples are counted by iterating the parsed release file kg/release/adckg.ttl
(less the dataset's statistics it carries, kg/release/adckg-metadata.ttl).
Run it from the repository root after the curation changes, then review the diff:

    python tests/expected/queries/regenerate-counts.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from rdflib import RDF, RDFS, Graph, URIRef

from adckg.vocab import DRUG_CLASS

ROOT = Path(__file__).resolve().parents[3]
CURATION = ROOT / "kg" / "curation"
RELEASE = ROOT / "kg" / "release" / "adckg.ttl"
METADATA = ROOT / "kg" / "release" / "adckg-metadata.ttl"  # VoID statistics, in RELEASE too
ONTOLOGY = ROOT / "ontology" / "adckg-edit.ttl"
ADCKO = "https://w3id.org/adckg/ontology/"
HERE = Path(__file__).resolve().parent
DATA = "https://w3id.org/adckg/resource/"

DRUG_KIND = {
    "adc": "adcko:AntibodyDrugConjugate",
    "antibody": "adcko:MonoclonalAntibody",
    "payload": "adcko:Payload",
    "small-molecule": "adcko:SmallMoleculeDrug",
    "other": "adcko:Drug",
}
STRATEGY_KIND = {
    "combination": "adcko:CombinationStrategy",
    "next-generation-adc": "adcko:NextGenerationADCStrategy",
    "sequencing": "adcko:SequencingStrategy",
}
STUDY_KIND = {
    "in-vitro": "adcko:InVitroStudy",
    "animal-model": "adcko:AnimalModelStudy",
    "patient-derived-xenograft": "adcko:PatientDerivedXenograftStudy",
    "retrospective-cohort": "adcko:RetrospectiveCohortStudy",
}
REFERENCE_KIND = {
    "journal-article": "adcko:JournalArticle",
    "conference-abstract": "adcko:ConferenceAbstract",
    "web-page": "adcko:WebPage",
    "book-chapter": "adcko:BookChapter",
    "poster": "adcko:Poster",
}
SIMPLE = {
    "genes": "adcko:Gene",
    "proteins": "adcko:Protein",
    "pathways": "adcko:Pathway",
    "alterations": "adcko:Alteration",
    "approvals": "adcko:RegulatoryDecision",
    "populations": "adcko:PatientPopulation",
    "endpoints": "adcko:ClinicalEndpoint",
    "mechanisms": "adcko:DrugResponseMechanism",
    "trials": "adcko:ClinicalTrial",
    "findings": "adcko:Finding",
}


def load() -> dict[str, list[dict]]:
    records: dict[str, list[dict]] = {}
    for path in sorted(CURATION.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if isinstance(value, list):
                records.setdefault(key, []).extend(value)
    return records


def entity_counts(records: dict[str, list[dict]]) -> dict[str, int]:
    counts: dict[str, int] = {}

    def add(item: str, n: int = 1) -> None:
        counts[item] = counts.get(item, 0) + n

    ancestors = superclasses()

    def add_typed(*items: str) -> None:
        """One entity: counted under its classes and every named superclass (the release's
        entailment regime, docs/entailment.md), once per class."""
        for item in {a for i in items for a in (i, *ancestors.get(i, ()))}:
            add(item)

    for key, item in SIMPLE.items():
        for record in records.get(key, []):
            if key == "mechanisms":
                # a mechanism that is itself an alteration is one node of both classes;
                # the occurrence of resistance as a whole is no mechanism
                classes = [] if record.get("resistance_occurrence") else [item]
                classes += ["adcko:Alteration"] if record.get("alteration") else []
                add_typed(*classes)
            else:
                add_typed(item)
    for drug in records.get("drugs", []):
        classes = [DRUG_KIND[drug["kind"]]]
        classes += ["adcko:" + DRUG_CLASS[c][len(ADCKO) :] for c in drug.get("classes") or []]
        if drug.get("bispecific"):
            classes.append("adcko:BispecificAntibody")
        add_typed(*classes)
    for strategy in records.get("strategies", []):
        add_typed(STRATEGY_KIND[strategy["kind"]])
    for study in records.get("studies", []):
        add_typed(STUDY_KIND[study["kind"]])
    for ref in records.get("references", []):
        add_typed(REFERENCE_KIND[ref["kind"]])
    for trial in records.get("trials", []):
        add("adcko:TrialArm", len(trial.get("cohorts") or []))
        add("adcko:TableRow", 1 if trial.get("table1") else 0)
    quotes = 0
    for value in records.values():
        for record in value:
            if not isinstance(record, dict):
                continue
            quotes += len(record.get("quotes") or []) + len(record.get("evidence") or [])
    add("oa:SpecificResource", quotes)
    add("adcko:Measurement", sum(len(f.get("measurements") or []) for f in records["findings"]))
    listed = {
        *SIMPLE.values(),
        *DRUG_KIND.values(),
        *STRATEGY_KIND.values(),
        *STUDY_KIND.values(),
        *REFERENCE_KIND.values(),
        "adcko:TrialArm",
        "adcko:TableRow",
        "adcko:Measurement",
        "oa:SpecificResource",
    }
    return {k: v for k, v in counts.items() if v and k in listed}


def superclasses() -> dict[str, set[str]]:
    """Named superclasses of each adcko: class, walked in the ontology file's subClassOf."""
    onto = Graph().parse(ONTOLOGY, format="turtle")
    parents: dict[str, set[str]] = {}
    for child, parent in onto.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(_curie(child), set()).add(_curie(parent))
    found: dict[str, set[str]] = {}
    for start in parents:
        stack, seen = list(parents[start]), set()
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(parents.get(node, ()))
        found[start] = seen
    return found


def _curie(iri: URIRef) -> str:
    text = str(iri)
    return "adcko:" + text[len(ADCKO) :] if text.startswith(ADCKO) else text


def findings_per_section(records: dict[str, list[dict]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in records["findings"]:
        for section in {q["section"] for q in finding["quotes"]}:
            counts[section] = counts.get(section, 0) + 1
    return counts


def triple_counts() -> dict[str, int]:
    """Triples of the release's graph; the statistics it carries about itself left out."""
    graph = Graph().parse(RELEASE, format="turtle")
    statistics = set(Graph().parse(METADATA, format="turtle"))
    total = data = typing = 0
    for s, p, _o in (t for t in graph if t not in statistics):
        total += 1
        if isinstance(s, URIRef) and str(s).startswith(DATA):
            data += 1
            typing += p == RDF.type
    return {
        "all": total,
        "data subject (adckg:)": data,
        "rdf:type with data subject": typing,
        "vocabulary subject (other IRIs and blank nodes)": total - data,
    }


def references_by_findings(records: dict[str, list[dict]]) -> list[list[object]]:
    title = {r["number"]: r["title"] for r in records["references"]}
    counts: dict[int, int] = {}
    for finding in records["findings"]:
        for number in {n for q in finding["quotes"] for n in q.get("refs") or []}:
            counts[number] = counts.get(number, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[number, title[number], n] for number, n in ranked]


MATCH = {
    "skos:exactMatch": "exact",
    "skos:closeMatch": "close",
    "skos:broadMatch": "broad",
    "skos:narrowMatch": "narrow",
    "skos:relatedMatch": "related",
}


def external_identifiers() -> list[list[object]]:
    """The mapping rows of the curated SSSOM file, expanded with its own curie_map."""
    lines = (ROOT / "kg" / "mappings" / "adckg.sssom.tsv").read_text(encoding="utf-8").splitlines()
    meta = yaml.safe_load("\n".join(line[1:] for line in lines if line.startswith("#")))
    table = list(
        csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t")
    )

    def expand(curie: str) -> str:
        prefix, local = curie.split(":", 1)
        return meta["curie_map"][prefix] + local

    rows = [
        [
            expand(r["subject_id"]),
            r["subject_label"],
            MATCH[r["predicate_id"]],
            expand(r["object_id"]),
        ]
        for r in table
        if r.get("predicate_modifier") != "Not"  # a recorded near-miss is no link
    ]
    return sorted(rows, key=lambda r: (r[1], r[0], r[2], r[3]))


# CIViC evidence levels by evidence type (clinical B, preclinical D, inferential E).
CIVIC = {
    "clinical-trial": "B",
    "trial-exploratory-analysis": "B",
    "retrospective-cohort": "B",
    "in-vitro": "D",
    "animal-model": "D",
    "author-statement": "E",
}


def mechanism_support(records: dict[str, list[dict]]) -> list[list[object]]:
    """Per mechanism that findings are about: findings, sources (one review), strongest level.

    The occurrence of resistance as a whole is no mechanism (curation guide), so it is left out.
    """
    label = {
        m["id"]: m["label"] for m in records["mechanisms"] if not m.get("resistance_occurrence")
    }
    found: dict[str, list[str]] = {}
    for finding in records["findings"]:
        for subject in finding["subjects"]:
            if subject in label:
                found.setdefault(label[subject], []).append(finding.get("evidence_type") or "")
    rows = []
    for name in sorted(found):
        levels = sorted(CIVIC[kind] for kind in found[name] if kind)
        rows.append([name, len(found[name]), 1, levels[0] if levels else "", "no"])
    return rows


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    records = load()
    rows: list[list[object]] = []
    for part, counts in (
        ("entities per class", entity_counts(records)),
        ("findings per section", findings_per_section(records)),
        ("triples by kind", triple_counts()),
    ):
        rows += [[part, item, counts[item]] for item in sorted(counts)]
    write("dataset-overview.csv", ["part", "item", "count"], rows)
    write(
        "external-identifiers.csv",
        ["entity", "label", "match", "identifier"],
        external_identifiers(),
    )
    write(
        "mechanism-support.csv",
        ["mechanism", "findings", "sources", "strongest_evidence", "disagreement"],
        mechanism_support(records),
    )
    write(
        "references-by-findings.csv",
        ["reference", "title", "findings"],
        references_by_findings(records),
    )


if __name__ == "__main__":
    main()
