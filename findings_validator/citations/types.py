"""Value types of citations: what the parser yields and what the resolver decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class StandardRef:
    """A standard as written: ``ISO/IEC 27001:2022``, ``BS EN ISO 14001``, ``ISO 9001:2015/Amd 1:2024``."""

    number: str                  # "9001", "27001", "18001"
    publisher: str = "ISO"       # "ISO", "ISO/IEC", "OHSAS", "BS EN ISO"...
    year: int | None = None
    amendment: str | None = None  # "Amd 1:2024"
    part: str | None = None       # "-1" in "17021-1"

    @property
    def family(self) -> str:
        return self.number + (self.part or "")

    def render(self) -> str:
        text = f"{self.publisher} {self.number}{self.part or ''}"
        if self.year:
            text += f":{self.year}"
        if self.amendment:
            text += f"/{self.amendment}"
        return text


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited requirement as written. ``clause`` is empty when only a standard is named."""

    text: str
    start: int
    end: int
    standard: StandardRef | None = None
    clause: str = ""              # "8.5.1", "A.8.15", "A" (a whole annex)
    annex: str | None = None      # "A" when the id is in an annex
    items: tuple[str, ...] = ()   # ("a", "b")
    subitems: tuple[str, ...] = ()  # ("7",) in "9.3.2 c) 7)"
    note: int | None = None       # 0 for "NOTE", n for "Note n"
    anchored: bool = True         # written with a word, a standard or an annex id (not a bare number in prose)
    document: str | None = None   # the client's own document ("procedure QP-07") instead of a clause
    reference: str | None = None  # text the grammar cannot read as a clause: a law, guidance, another scheme, a
                                  # document named in words, or nothing known (resolved against guidance.yaml)

    def render(self) -> str:
        """A canonical spelling that parses back to an equal citation (text and span aside)."""
        parts = []
        if self.standard:
            parts.append(self.standard.render())
        if self.document:
            return " ".join(parts + [self.document])
        if self.reference:
            return self.reference
        if self.clause:
            parts.append(f"Annex {self.clause}" if self.clause.isalpha() else self.clause)
        text = " ".join(parts)
        if self.items:
            text += " " + " ".join(f"{letter})" for letter in self.items)
        if self.subitems:
            text += " " + " ".join(f"{n})" for n in self.subitems)
        if self.note is not None:
            text += " NOTE" + (f" {self.note}" if self.note else "")
        return text

    def key(self) -> tuple[object, ...]:
        return (self.standard, self.clause, self.annex, self.items, self.subitems, self.note, self.document,
                self.reference)


class Status(str, Enum):
    """What a citation resolves to against the audit criteria."""

    EXACT = "exact"
    TOO_BROAD = "too_broad"
    UNKNOWN_CLAUSE = "unknown_clause"
    UNKNOWN_ITEM = "unknown_item"
    NOT_A_REQUIREMENT = "not_a_requirement"
    OBSOLETE_EDITION = "obsolete_edition"
    NOT_IN_CRITERIA = "not_in_criteria"
    EXCLUDED = "excluded"
    AMBIGUOUS = "ambiguous"
    CLIENT_DOCUMENT = "client_document"
    LEGAL_REFERENCE = "legal_reference"
    UNREADABLE = "unreadable"


#: the relationship of the requirement that an informative annex's sub-clause or a guide numbered like the standard
#: explains under the same number (ISO 45001:2018 A.8.1.2 → 8.1.2; ISO 14004 6.1.2 → ISO 14001 6.1.2)
EXPLAINS = "explains"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A clause to cite instead, and how it relates to what was cited."""

    clause: str                   # node key: "ISO/IEC 27001:2022/A.8.8"
    title: str | None
    relationship: str = "equal"   # equal | subset | superset | intersects | candidate | explains

    @property
    def successor(self) -> bool:
        """Whether the suggestion replaces the cited clause (a mapping between editions), not a clause to consider."""
        return self.relationship not in ("candidate", EXPLAINS)

    @property
    def label(self) -> str:
        edition, _, clause_id = self.clause.rpartition("/")
        return f"{edition} {clause_id}"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A citation and what it means in the audit's criteria."""

    citation: Citation
    status: Status
    clauses: tuple[str, ...] = ()           # node keys: "ISO 9001:2015/7.5.3.2"
    titles: tuple[str | None, ...] = ()
    items: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""                        # one line: why this status
    kinds: tuple[str, ...] = field(default=())  # catalog kind per clause
    standards: tuple[str, ...] = field(default=())  # edition key per clause: "ISO 9001:2015"

    @property
    def ok(self) -> bool:
        return self.status is Status.EXACT

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.citation.text.strip(),
            "status": self.status.value,
            "clauses": list(self.clauses),
            "titles": list(self.titles),
            "items": list(self.items),
            "suggestions": [s.label for s in self.suggestions],
            "reason": self.reason,
        }
