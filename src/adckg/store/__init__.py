"""Store: strict loading into triple stores, endpoint clients, saved queries run safely.

``guard`` (what a query may do), ``isolation`` (no network in the process that runs it) and
``results`` (result formats) sit here, not in serve: ``adckg query`` runs local queries under
the same rules as the server. The release stage describes the saved queries, so it may import
this stage; this stage imports nothing from release.
"""
