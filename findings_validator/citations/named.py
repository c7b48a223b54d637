"""Guidance documents and frameworks a text names (``clause_catalogs/guidance.yaml``): a finding whose statement
measures the organization against one of them is judged against guidance, not a requirement."""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalog import Catalogs

_NUMBERED = re.compile(r"\b(?:BS\s+)?(?:EN\s+)?(?:ISO|IEC)(?:\s*/\s*(?:IEC|TS|TR))?\s*(\d{4,5}(?:-\d{1,2})?)(?!\d|\.\d)",
                       re.I)


@lru_cache(maxsize=4096)
def named_guidance(text: str, catalogs: Catalogs) -> tuple[str, ...]:
    """The guidance documents (kind ``guidance``) that ``text`` names, by their ISO number or their ``names``."""
    found: list[str] = []
    for number in _NUMBERED.findall(text):
        # a part of a guidance standard is that standard ("ISO 12647-2" → ISO 12647)
        ref = catalogs.guidance_refs.get(number) or catalogs.guidance_refs.get(number.partition("-")[0])
        if ref is not None:
            found.append(ref.name)
    for ref in catalogs.references:
        if ref.kind == "guidance" and ref.patterns and ref.matches(text):
            found.append(ref.name)
    return tuple(dict.fromkeys(found))
