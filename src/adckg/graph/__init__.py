"""Graph: curation records turned into triples, reasoned over and validated with SHACL.

``rdfinput`` (strict, bounded RDF input) lives here because validation reads the shapes and
the ontology with it; the store stage, further down the flow, reads release files with it too.
"""
