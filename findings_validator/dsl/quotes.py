"""Quoted words are someone else's: ``text.unquoted`` leaves them out.

A finding often quotes the client's procedure ("QP-10 says “the supervisor should check each batch”") or what an
interviewee said. The quotation is context for the evidence, not the auditor's wording: rules that read the auditor's
own advice, causes or preferences read the text without it. A quotation is a span in double quotes (straight,
curly, low-high or guillemets) or in curly single quotes, or in straight single quotes that open after a space and
hold at least three words (so that an apostrophe, or a short label such as the 'cause' field, is no quotation), or
fewer right after a word that reports what a record or a person says ("the report records 'operator carelessness'
as cause"; words.yaml, `quote_openers`).
Each quotation is replaced by an ellipsis, so sentences keep their shape. Brackets right after a quotation hold its
translation or gloss ("QP-08: 'phải lưu 3 năm' (must be kept 3 years)"): someone else's words too, left out with it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..languages import word_list

# the words after which a short quotation in straight single quotes is someone else's words (every language)
_OPENERS = word_list("quote_openers")
_OPENER_END = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in _OPENERS)})\s*$", re.IGNORECASE) \
    if _OPENERS else None

_QUOTED = re.compile(
    r"\"[^\"\n]{1,600}\""                      # "…"
    r"|“[^”\n]{1,600}”|„[^“”\n]{1,600}[“”]"    # “…”  „…“
    r"|«[^»\n]{1,600}»|»[^«\n]{1,600}«"        # «…»  »…«
    r"|‘[^’\n]{1,600}’(?!\w)"                  # ‘…’ (an apostrophe inside a word is no closing quote)
    r"|(?<![\w'])'(?=\S)(?:[^'\n]|'\w){1,600}?\S'(?!\w)"  # '…' after a space, closing before a non-letter
)


def _replace(m: re.Match[str]) -> str:
    span = m.group(0)
    if span.startswith("'") and len(re.findall(r"[^\W_]+", span)) < 3 \
            and not (_OPENER_END is not None and _OPENER_END.search(m.string, max(0, m.start() - 40), m.start())):
        return span  # a short label in straight single quotes: the auditor's own words
    return "…"


@lru_cache(maxsize=4096)
def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the quotations of a text lie (start, end), as ``unquoted`` reads them."""
    return tuple(m.span() for m in _QUOTED.finditer(text) if _replace(m) == "…")


# a quotation's gloss: brackets right after it, as the replaced quotation leaves them
_GLOSS = re.compile(r"…[ \t]?\([^()\n]{1,200}\)")


@lru_cache(maxsize=4096)
def unquoted(text: str) -> str:
    """The text with every quotation, and the gloss in brackets right after one, replaced by an ellipsis."""
    if not text:
        return text
    found = _QUOTED.sub(_replace, text)
    return _GLOSS.sub("…", found) if "…" in found else found
