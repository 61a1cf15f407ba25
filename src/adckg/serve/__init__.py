"""``adckg serve``: a read-only SPARQL 1.1 Protocol endpoint and browsable pages over the release.

Modules: ``config`` (limits), ``pool`` (worker processes that run queries under a deadline),
``site`` (what the pages show, read from the graph) and ``app`` (the HTTP routes). What a query
may do, its isolation and its result formats are the store stage's (``adckg.store``).
"""
