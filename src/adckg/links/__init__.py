"""Links: the SSSOM mapping sets and not-found records that tie our terms to external resources.

A second input beside the curation (kg/mappings), with its own reader and policy checks.
"""
