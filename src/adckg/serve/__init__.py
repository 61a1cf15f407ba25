"""``adckg serve``: a read-only SPARQL 1.1 Protocol endpoint and browsable pages over the release.

Modules: ``config`` (limits), ``guard`` (what a query may do), ``results`` (result formats and
content negotiation), ``pool`` (worker processes that run queries under a deadline), ``site``
(what the pages show, read from the graph) and ``app`` (the HTTP routes).
"""
