"""Quoted words are someone else's: ``text.unquoted`` leaves them out.

A finding often quotes the client's procedure ("QP-10 says “the supervisor should check each batch”") or what an
interviewee said. The quotation is context for the evidence, not the auditor's wording: rules that read the auditor's
own advice, causes or preferences read the text without it. A quotation is a span in double quotes (straight,
curly, low-high or guillemets) or in curly single quotes, or in straight single quotes that open after a space and
hold at least three words (so that an apostrophe, or a short label such as the 'cause' field, is no quotation).
Each quotation is replaced by an ellipsis, so sentences keep their shape.
"""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTED = re.compile(
    r"\"[^\"\n]{1,600}\""                      # "…"
    r"|“[^”\n]{1,600}”|„[^“”\n]{1,600}[“”]"    # “…”  „…“
    r"|«[^»\n]{1,600}»|»[^«\n]{1,600}«"        # «…»  »…«
    r"|‘[^’\n]{1,600}’(?!\w)"                  # ‘…’ (an apostrophe inside a word is no closing quote)
    r"|(?<![\w'])'(?=\S)(?:[^'\n]|'\w){1,600}?\S'(?!\w)"  # '…' after a space, closing before a non-letter
)


def _replace(m: re.Match[str]) -> str:
    span = m.group(0)
    if span.startswith("'") and len(re.findall(r"[^\W_]+", span)) < 3:
        return span  # a short label in straight single quotes: the auditor's own words
    return "…"


@lru_cache(maxsize=4096)
def unquoted(text: str) -> str:
    """The text with every quotation replaced by an ellipsis."""
    return _QUOTED.sub(_replace, text) if text else text
