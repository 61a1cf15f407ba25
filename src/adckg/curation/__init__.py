"""Curation: YAML records read with line numbers, checked and loaded; quotes anchored in the text.

Lowest stage: imports only the shared top-level modules (errors, prefixes, vocab, iris, formats).
"""
