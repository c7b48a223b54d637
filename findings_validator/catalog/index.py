"""The loaded catalogs as plain dictionaries: the hot path of every check reads only this.

``Catalogs`` holds every edition and every clause with what checks ask of it precomputed (parent, children,
successors in later editions). It is stored as plain data, so a warm start is one cache read (see ``cache.py``,
``CACHED_TYPES``); the networkx
view over the same data (``ClauseGraph``) is built only when a graph query needs it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CatalogError, Location, UnknownEditionError
from .kinds import Relationship, Status

if TYPE_CHECKING:
    from .graph import ClauseGraph
    from .schema import CatalogFile, GuidanceFile, MapFile, NotRequiredFile


def _where(source: str, loc: tuple[object, ...]) -> Location:
    """File and line of an entry, for errors found after loading (the file is read again only then)."""
    from .loader import locate

    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Location(source)
    return locate(text, loc, source)


_ISO_NUMBERED = re.compile(r"(?:ISO|IEC|OHSAS)\b.*\d{3,5}")


@dataclass(frozen=True, slots=True)
class Reference:
    """A document that is not audit criteria in itself (``guidance.yaml``): guidance, a law, another scheme."""

    name: str
    title: str
    kind: str                                   # guidance | law | scheme
    field: str
    patterns: tuple[re.Pattern[str], ...]
    requirement: tuple[tuple[str, tuple[str, ...]], ...]  # (edition key, clause ids)

    @classmethod
    def of(cls, doc: Any) -> Reference:
        return cls(doc.standard, doc.title, doc.kind, doc.field, tuple(re.compile(p, re.I) for p in doc.names),
                   tuple((k, tuple(v)) for k, v in doc.requirement.items()))

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def family_of(standard: str) -> str:
    """'ISO/IEC 27001' → '27001'; 'OHSAS 18001' → '18001'; 'ISO/IEC 17021-1' → '17021-1'."""
    match = re.search(r"\d{3,5}(?:-\d+)?", standard)
    if not match:
        raise ValueError(f"standard name {standard!r} has no number")
    return match.group(0)


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of one edition, with its neighbours precomputed."""

    key: str                      # "ISO 9001:2015/8.5.1"
    edition: str                  # "ISO 9001:2015"
    id: str
    title: str | None
    kind: str
    normative: bool
    requirement: bool
    items: tuple[str, ...]
    subitems: tuple[tuple[str, int], ...]
    excludable: bool
    hs: str | None
    summary: str
    keywords: tuple[str, ...]
    references: tuple[str, ...]
    aliases: tuple[str, ...]
    parent: str | None            # id within the same edition
    children: tuple[str, ...]     # ids within the same edition
    text: str | None = None
    confidence: str = "high"      # how sure the sources are of this entry: high, medium or low
    synonyms: tuple[str, ...] = ()  # words auditors use for the clause's subject
    item_subjects: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (letter, phrases naming that item's subject)
    close: tuple[str, ...] = ()     # ids of clauses of the edition whose subject lies next to this one's
    distinct: tuple[str, ...] = ()  # phrases naming this clause's subject and none of its close clauses'
    anchors: tuple[str, ...] = ()   # words of which any finding about this clause names one (``catalog.anchors``)

    def __reduce__(self) -> tuple[type[Clause], tuple[object, ...]]:
        """Unpickled through ``__init__``: a third of the time of the dataclass's field-by-field ``__setstate__``
        (a warm start unpickles every clause)."""
        return Clause, _CLAUSE_FIELDS(self)

    def __plain__(self) -> list[object]:
        """The fields in order, as the cache stores them (``cache.encode``): tuples become lists."""
        return list(_CLAUSE_FIELDS(self))

    @classmethod
    def __from_plain__(cls, row: list[Any]) -> Clause:
        """A clause from ``__plain__``'s list (``cache.decode``), its tuple fields made tuples again."""
        (key, edition, id_, title, kind, normative, requirement, items, subitems, excludable, hs, summary, keywords,
         references, aliases, parent, children, text, confidence, synonyms, item_subjects, close, distinct,
         anchors) = row
        return cls(key, edition, id_, title, kind, normative, requirement, tuple(items),
                   tuple((name, count) for name, count in subitems), excludable, hs, summary, tuple(keywords),
                   tuple(references), tuple(aliases), parent, tuple(children), text, confidence, tuple(synonyms),
                   tuple((letter, tuple(phrases)) for letter, phrases in item_subjects), tuple(close),
                   tuple(distinct), tuple(anchors))

    @property
    def label(self) -> str:
        return f"{self.edition} {self.id}"

    @property
    def annex(self) -> str | None:
        return self.id[0] if self.id[0].isalpha() else None


_CLAUSE_FIELDS = attrgetter(*Clause.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Successor:
    key: str
    relationship: Relationship
    note: str | None = None

    def __reduce__(self) -> tuple[type[Successor], tuple[str, Relationship, str | None]]:
        return Successor, (self.key, self.relationship, self.note)


@dataclass(frozen=True, slots=True)
class NotRequired:
    """Something a clause (``clause`` empty: the whole edition) does not require; see ``NotRequiredEntry``."""

    edition: str                  # "ISO 9001:2015"
    clause: str                   # "7.5.1", or "" for the whole edition
    what: str
    reason: str
    phrases: tuple[str, ...]
    removed: bool
    absence: bool
    source: str

    @property
    def label(self) -> str:
        return f"{self.edition} {self.clause}" if self.clause else self.edition


@dataclass(slots=True)
class Edition:
    """An edition's metadata and its clauses by id."""

    key: str                      # "ISO 9001:2015"
    standard: str                 # "ISO 9001"
    family: str                   # "9001"
    year: int
    title: str
    status: Status
    published: _dt.date | None
    withdrawn: _dt.date | None
    transition_end: _dt.date | None
    supersedes: str | None
    aliases: tuple[str, ...]
    harmonized_structure: bool
    items_known: bool
    amendments: tuple[tuple[str, tuple[str, ...], str], ...]  # (id, clauses, summary)
    source: str
    clauses: dict[str, Clause] = field(default_factory=dict)
    superseded_by: str | None = None

    @property
    def current(self) -> bool:
        return self.status is Status.CURRENT


class Catalogs:
    """Every loaded edition, and the maps between them."""

    def __init__(self, files: list[tuple[str, CatalogFile | MapFile | GuidanceFile | NotRequiredFile]]) -> None:
        from .schema import GuidanceFile, MapFile, NotRequiredFile  # building only: a cached Catalogs never needs pydantic
        self.editions: dict[str, Edition] = {}
        self.guidance: dict[str, tuple[str, str]] = {}  # family -> (name, title)
        self.guidance_refs: dict[str, Reference] = {}  # family -> the guidance entry
        self.references: list[Reference] = []  # guidance, laws and schemes, in file order
        self.legal_requirements: dict[str, tuple[str, ...]] = {}  # edition key -> clause ids laws are cited through
        self.client_documents: tuple[re.Pattern[str], ...] = ()  # the client's documents named in words
        self.reference_fields: dict[str, tuple[str, ...]] = {}  # field -> families of the audited standards in it
        self.successors: dict[str, tuple[Successor, ...]] = {}
        self.predecessors: dict[str, tuple[str, ...]] = {}
        maps: list[tuple[str, MapFile]] = []
        lists: list[tuple[str, NotRequiredFile]] = []
        self.not_required: dict[str, tuple[NotRequired, ...]] = {}  # "edition/clause" or "edition/" -> entries
        for source, parsed in files:
            if isinstance(parsed, MapFile):
                maps.append((source, parsed))
            elif isinstance(parsed, NotRequiredFile):
                lists.append((source, parsed))
            elif isinstance(parsed, GuidanceFile):
                for doc in parsed.documents:
                    reference = Reference.of(doc)
                    self.references.append(reference)
                    if doc.kind == "guidance" and _ISO_NUMBERED.match(doc.standard):
                        self.guidance[family_of(doc.standard)] = (doc.standard, doc.title)
                        self.guidance_refs[family_of(doc.standard)] = reference
                for name, families in parsed.fields.items():
                    self.reference_fields[name] = tuple(families)
                for key, ids in parsed.legal_requirements.items():
                    self.legal_requirements[key] = tuple(ids)
                self.client_documents += tuple(re.compile(p, re.I) for p in parsed.client_documents)
            else:
                self._add_edition(source, parsed)
        by_family: dict[str, list[Edition]] = defaultdict(list)
        for edition in self.editions.values():
            by_family[edition.family].append(edition)
        self.families: dict[str, tuple[str, ...]] = {
            fam: tuple(e.key for e in sorted(eds, key=lambda e: e.year)) for fam, eds in by_family.items()
        }
        for edition in self.editions.values():
            old = self.editions.get(edition.supersedes or "")
            if old is not None:  # an older edition that is not loaded is simply not mapped
                old.superseded_by = edition.key
        for source, mapping in maps:
            self._add_map(source, mapping)
        for source, listed in lists:
            self._add_not_required(source, listed)

    # -- building -------------------------------------------------------------------------------------------
    def _add_edition(self, source: str, cat: CatalogFile) -> None:
        key = cat.key
        if key in self.editions:
            raise CatalogError(f"edition {key} is loaded twice (also from {self.editions[key].source})",
                               _where(source, ("edition",)), "load each edition from one file only")
        children: dict[str, list[str]] = defaultdict(list)
        for entry in cat.clauses:
            if entry.parent_id is not None:
                children[entry.parent_id].append(entry.id)
        edition = Edition(
            key=key, standard=cat.standard, family=family_of(cat.standard), year=cat.edition, title=cat.title,
            status=cat.status, published=cat.published, withdrawn=cat.withdrawn,
            transition_end=cat.transition_end, supersedes=cat.supersedes, aliases=cat.aliases,
            harmonized_structure=cat.harmonized_structure, items_known=cat.items_known,
            amendments=tuple((a.id, a.clauses, a.summary) for a in cat.amendments), source=source,
        )
        for entry in cat.clauses:
            edition.clauses[entry.id] = Clause(
                key=f"{key}/{entry.id}", edition=key, id=entry.id, title=entry.title, kind=entry.kind.value,
                normative=entry.normative, requirement=entry.requirement, items=entry.items,
                subitems=tuple(sorted(entry.subitems.items())), excludable=entry.excludable, hs=entry.hs,
                summary=entry.summary, keywords=entry.keywords, references=entry.references,
                aliases=entry.aliases, parent=entry.parent_id, children=tuple(children.get(entry.id, ())),
                text=entry.text, confidence=entry.confidence, synonyms=entry.synonyms,
                item_subjects=tuple(sorted(entry.item_subjects.items())), close=entry.close,
                distinct=entry.distinct, anchors=entry.anchors,
            )
        self.editions[key] = edition

    def _add_not_required(self, source: str, listed: NotRequiredFile) -> None:
        """Index what clauses do not require by edition and clause; every named clause must exist."""
        found: dict[str, list[NotRequired]] = defaultdict(list, {k: list(v) for k, v in self.not_required.items()})
        for key in listed.editions:
            edition = self.editions.get(key)
            if edition is None:
                continue  # a list for an edition that is not loaded is simply not used
            for n, entry in enumerate(listed.not_required):
                if entry.clause is not None and entry.clause not in edition.clauses:
                    raise CatalogError(f"not-required entry {entry.what!r}: {edition.key} has no clause {entry.clause!r}",
                                       _where(source, ("not_required", n, "clause")),
                                       "fix the clause id, or list the entry in a file for the editions that have it")
                found[f"{edition.key}/{entry.clause or ''}"].append(NotRequired(
                    edition.key, entry.clause or "", entry.what, entry.reason, entry.phrases, entry.removed,
                    entry.absence, entry.source))
        self.not_required = {k: tuple(v) for k, v in found.items()}

    def not_required_for(self, key: str) -> tuple[NotRequired, ...]:
        """What a clause (``"ISO 9001:2015/7.5.1"``) does not require: its own entries, its ancestors' and the
        edition's; for an edition key alone (``"ISO 9001:2015/"``), the edition's."""
        edition, _, clause_id = key.rpartition("/")
        keys = [key, *self.ancestors(key)] if clause_id else []
        keys.append(f"{edition}/")
        return tuple(e for k in dict.fromkeys(keys) for e in self.not_required.get(k, ()))

    def _add_map(self, source: str, mapping: MapFile) -> None:
        old = self.editions.get(mapping.source)
        new = self.editions.get(mapping.target)
        for name, edition, field_name in ((mapping.source, old, "from"), (mapping.target, new, "to")):
            if edition is None:
                raise CatalogError(f"map names edition {name!r}, which is not loaded", _where(source, (field_name,)),
                                   f"load the edition's catalog file too (known: {', '.join(sorted(self.editions))})")
        assert old is not None and new is not None
        preds: dict[str, list[str]] = defaultdict(list, {k: list(v) for k, v in self.predecessors.items()})
        for n, entry in enumerate(mapping.entries):
            if entry.source not in old.clauses:
                raise CatalogError(f"map entry {entry.source!r}: {old.key} has no clause {entry.source!r}",
                                   _where(source, ("entries", n, "from")), "fix the 'from' id")
            for target in entry.targets:
                if target not in new.clauses:
                    raise CatalogError(f"map entry {entry.source!r}: {new.key} has no clause {target!r}",
                                       _where(source, ("entries", n, "to")), "fix the 'to' id")
                preds[f"{new.key}/{target}"].append(f"{old.key}/{entry.source}")
            self.successors[f"{old.key}/{entry.source}"] = tuple(
                Successor(f"{new.key}/{t}", entry.relationship, entry.note) for t in entry.targets
            ) or (Successor("", Relationship.REMOVED, entry.note),)
        self.predecessors = {k: tuple(v) for k, v in preds.items()}

    # -- queries --------------------------------------------------------------------------------------------
    def clause(self, key: str) -> Clause | None:
        """Look up ``"ISO 9001:2015/8.5.1"``."""
        edition, _, clause_id = key.rpartition("/")
        found = self.editions.get(edition)
        return found.clauses.get(clause_id) if found else None

    def edition(self, family: str, year: int | None = None) -> Edition:
        """The edition of ``family`` in ``year``, or the latest current one when no year is given."""
        keys = self.families.get(family)
        if not keys:
            raise UnknownEditionError(f"no catalog for standard {family!r}",
                                      hint=f"known: {', '.join(self.known_editions())}")
        if year is None:
            current = [k for k in keys if self.editions[k].current]
            return self.editions[(current or list(keys))[-1]]
        for key in keys:
            if self.editions[key].year == year:
                return self.editions[key]
        raise UnknownEditionError(f"no catalog for edition {year} of {self.editions[keys[0]].standard}",
                                  hint=f"known editions: {', '.join(keys)}")

    def known_editions(self) -> list[str]:
        return sorted(self.editions)

    def successors_in(self, key: str, target_edition: str) -> tuple[Successor, ...]:
        """Follow edition maps from ``key`` until ``target_edition``; empty when no path leads there."""
        found: list[Successor] = []
        frontier = [(key, Relationship.EQUAL)]
        seen: set[str] = set()
        while frontier:
            current, rel = frontier.pop(0)
            for nxt in self.successors.get(current, ()):
                if not nxt.key or nxt.key in seen:
                    continue
                seen.add(nxt.key)
                combined = rel if nxt.relationship is Relationship.EQUAL else nxt.relationship
                if nxt.key.rpartition("/")[0] == target_edition:
                    found.append(Successor(nxt.key, combined, nxt.note))
                else:
                    frontier.append((nxt.key, combined))
        return tuple(found)

    def removed(self, key: str) -> bool:
        """True when a clause's requirement was dropped by the next edition."""
        return any(s.relationship is Relationship.REMOVED for s in self.successors.get(key, ()))

    def ancestors(self, key: str) -> list[str]:
        """Keys from the parent up to the top-level clause, by walking ``parent``."""
        out = []
        clause = self.clause(key)
        while clause is not None and clause.parent is not None:
            parent_key = f"{clause.edition}/{clause.parent}"
            out.append(parent_key)
            clause = self.clause(parent_key)
        return out

    def iter_clauses(self) -> Iterator[Clause]:
        """Every clause of every edition."""
        for edition in self.editions.values():
            yield from edition.clauses.values()

    @cached_property
    def graph(self) -> ClauseGraph:
        """The networkx view (imports networkx on first use)."""
        from .graph import ClauseGraph

        return ClauseGraph(self)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("graph", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)


CACHED_TYPES = {cls.__name__: cls for cls in (Catalogs, Edition, Clause, Successor, NotRequired, Reference,
                                               Relationship, Status)}
"""The classes a cached ``Catalogs`` is rebuilt from: nothing else is ever built from the cache."""
