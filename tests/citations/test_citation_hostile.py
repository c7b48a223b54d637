"""Hostile citation text: patterns that once backtracked exponentially must stay linear.

Run in a subprocess with a generous limit (the whole set takes well under a second): a regression would hang,
and a hang must fail the suite rather than stall it.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r'''
from findings_validator.citations.parser import find_citations, parse_citations
from findings_validator.dsl.text import measure
from findings_validator.errors import CitationSyntaxError
cases = ["procedure " + "A" * 3000 + "!", "procedure " + "A-" * 3000, "1." * 5000, "8.5.1 " + "a) " * 2000,
         " and ".join(["7.5.3"] * 1000), "ISO " * 2000, "(" * 5000, "clause " * 2000]
for text in cases:
    find_citations(text)
    try:
        parse_citations(text)
    except CitationSyntaxError:
        pass
for text in ["A" * 50000, "A-" * 20000, "2025-" * 5000, "1 of " * 5000]:
    for name in ("identifiers", "dates", "samples", "names", "numbers", "words"):
        measure(text, name)
print("ok")
'''


def test_hostile_citations_and_texts_are_handled_in_linear_time() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
