"""Citation markers around a quote: its sentence's own, and its paragraph's closing one.

The curation's citation rule (docs/curation-guide.md, "Citations"): a quote cites the
references of the sentences it stands in; a sentence with no citation of its own is
covered by the citation that closes its paragraph. The two are told apart in the graph
(cito:citesAsEvidence vs adcko:citesAsParagraphEvidence). Paragraphs are the lines of
the plain text; sentences end at '.', '!' or '?' followed by white space or the line's end.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"\[(\d+(?:\s*[–-]\s*\d+)?(?:\s*,\s*\d+(?:\s*[–-]\s*\d+)?)*)\]")
# "vs.", "e.g.", "i.e.", "et al.", "Fig." end no sentence.
_SENTENCE_END = re.compile(r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bal)(?<!\bFig)[.!?](?=\s|$)")


def numbers(marker_body: str) -> set[int]:
    """The reference numbers of one marker's body: '29–31' -> {29, 30, 31}; '40, 41' -> {40, 41}."""
    found: set[int] = set()
    for part in marker_body.split(","):
        bounds = [int(n) for n in re.split(r"\s*[–-]\s*", part.strip())]
        found.update(range(bounds[0], bounds[-1] + 1))
    return found


def cited(text: str) -> set[int]:
    """Every reference number cited by a marker in ``text``."""
    return {n for m in MARKER.finditer(text) for n in numbers(m.group(1))}


_TERMINAL = re.compile(r"[.!?:][\"”’)]?\s*$")


def _line(text: str, pos: int) -> tuple[int, int]:
    begin = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return begin, len(text) if end < 0 else end


def _open(text: str, begin: int, end: int) -> bool:
    """A non-empty line that stops mid-sentence (a page break or a hyphenated word)."""
    line = text[begin:end].strip()
    return bool(line) and not _TERMINAL.search(line)


def paragraph_bounds(text: str, start: int) -> tuple[int, int]:
    """[start, end) of the paragraph that holds position ``start``.

    A paragraph is a line of the text, joined across blank lines with its neighbours
    where a line stops mid-sentence (the text file breaks some sentences at page ends).
    """
    begin, end = _line(text, start)
    while True:
        prev_end = len(text[:begin].rstrip("\n"))
        if prev_end == 0:
            break
        p_begin, p_end = _line(text, prev_end - 1)
        if not _open(text, p_begin, p_end):
            break
        begin = p_begin
    while _open(text, *_line(text, max(end - 1, begin))):
        after = len(text) - len(text[end:].lstrip("\n"))
        if after >= len(text):
            break
        end = _line(text, after)[1]
    return begin, end


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentences that the span [start, end) stands in, within its paragraph."""
    para_start, para_end = paragraph_bounds(text, start)
    begin = para_start
    for match in _SENTENCE_END.finditer(text, para_start, start):
        begin = match.end()
    last = _SENTENCE_END.search(text, max(end - 1, begin), para_end)
    return begin, last.end() if last else para_end


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (the pieces keep their words and markers)."""
    pieces, begin = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[begin : match.end()])
        begin = match.end()
    if text[begin:].strip():
        pieces.append(text[begin:])
    return [p for p in pieces if p.strip()]


def own_citations(text: str, start: int, end: int) -> set[int]:
    """The references cited in the sentences that a quote at [start, end) stands in."""
    begin, finish = sentence_bounds(text, start, end)
    return cited(text[begin:finish])


def closing_citations(text: str, start: int) -> set[int]:
    """The references of the last citation marker of the paragraph holding ``start``."""
    para_start, para_end = paragraph_bounds(text, start)
    markers = list(MARKER.finditer(text, para_start, para_end))
    return numbers(markers[-1].group(1)) if markers else set()
