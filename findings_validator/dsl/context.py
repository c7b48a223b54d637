"""What rules can see: the runtime contexts, and the typed table of every name and attribute the language knows.

The table (``ATTRIBUTES``) is the language's whole reach: the static checker accepts exactly these names, and the
compiler turns each into the getter listed here. Nothing else of Python is reachable from a rule.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..catalog import Catalogs
from ..catalog.anchors import anchored
from ..catalog.index import Clause
from ..catalog.subjects import rank
from ..citations.parser import parse_standard
from ..citations.types import EXPLAINS, Resolution, Status
from ..errors import CitationSyntaxError
from ..models import Audit, AuditType, Finding, Grade
from . import notrequired
from .close import close_check
from .exclusions import declared_named, excluded_clauses, excluded_headed, excluded_named, included_scope
from .items import item_subject
from .places import other_site_codes, other_standard_sites
from .regions import other_regions
from .quotes import unquoted
from .subjects import (MeaningCheck, SubjectCheck, edition_check, likely_clause, ranked_sibling, sibling_check,
                       standard_check, subject_check, without_cited, without_conforming)
from .text import FACTS, LexiconMatcher, measure, sentences, words

# ---- types ---------------------------------------------------------------------------------------------------
BOOL, NUMBER, TEXT = "bool", "number", "text"
ENUMS: dict[str, tuple[str, ...]] = {
    "grade": tuple(g.value for g in Grade),
    "status": tuple(s.value for s in Status),
    "audit_type": tuple(t.value for t in AuditType),
    "kind": ("clause", "annex_clause", "annex_control", "terms"),
    "follow_up": ("closed", "verified", "open"),
    "edition_status": ("current", "withdrawn"),
}


def list_of(t: str) -> str:
    return t if t.startswith("list[") else f"list[{t}]"


def element(t: str) -> str | None:
    return t[5:-1] if t.startswith("list[") else None


# ---- runtime contexts ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scheme:
    """Scheme options from configuration that rules may read as ``scheme.*``."""

    ofi_allowed: bool = True
    transition_ends: tuple[tuple[str, _dt.date], ...] = ()  # (edition key, last day), overriding the catalogs
    language: str = ""  # the configured language of findings' text ("" = the built-in lexicons)


@dataclass(eq=False, slots=True)
class FindingContext:
    """One finding with its resolved citations; the root a finding rule reads."""

    finding: Finding
    audit: Audit
    resolutions: tuple[Resolution, ...]
    catalogs: Catalogs
    editions: tuple[str, ...]
    scheme: Scheme
    scan: Callable[[str], Any]
    citation_error: str = ""
    vars: dict[str, Any] = field(default_factory=dict)
    bound: dict[str, Any] = field(default_factory=dict)
    _citations: list[CitationView] | None = None
    _likely: str | None = None
    _words: frozenset[str] | tuple[str, ...] | None = None
    grade: str = ""
    labels: Any = None  # the rule set's evidence.Labels: where a statement holds its own evidence
    _parts: tuple[str, str] | None = None
    _requirement: str | None = None
    failed: list[tuple[str, Exception]] = field(default_factory=list)  # rules whose condition raised (FV015)
    _said: str | None = None
    _said_scan: Any = None
    _subject_parts: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        self.grade = self.finding.grade.value

    @property
    def parts(self) -> tuple[str, str]:
        """(the statement, the objective evidence): the evidence field plus evidence written after a label inside
        the statement, which is then left out of the statement."""
        if self._parts is None:
            statement, evidence = self.finding.statement, self.finding.evidence_text
            if self.labels is not None and statement:
                statement, inside = self.labels.split(statement)
                if inside:
                    evidence = f"{inside}\n{evidence}" if evidence else inside
            self._parts = (statement, evidence)
        return self._parts

    @property
    def subject_parts(self) -> tuple[str, str]:
        """(the statement, the evidence) as the subject readings weigh them: the statement without a clause it cites
        written with its title ("… compromising control A.5.10 Acceptable use of information and other associated
        assets"), which repeats the citation and says nothing of what was found, and both without the sentences
        that report something found in order (``dsl.subjects.without_conforming``): a subject the auditor checked
        and found met is not the one the finding is raised against."""
        if self._subject_parts is None:
            statement, evidence = self.parts
            cited = [(c.id, c.title) for r in self.resolutions if r.ok for key in r.clauses
                     if (c := self.catalogs.clause(key)) is not None and c.title]
            self._subject_parts = (without_conforming(without_cited(statement, cited)),
                                   without_conforming(evidence, keep_first=False))
        return self._subject_parts

    @property
    def requirement(self) -> str:
        """The requirement in the auditor's words: the field, or what the statement writes after its label (read
        once for the finding: every citation reading asks for it)."""
        if self._requirement is None:
            if self.finding.requirement or self.labels is None:
                self._requirement = self.finding.requirement or ""
            else:
                self._requirement = self.labels.requirement(self.finding.statement)[1]
        return self._requirement

    @property
    def said_scan(self) -> Any:
        """The lexicon scan of the text ``sentences`` are cut from (``text``), kept for the finding: what the
        guards of sentence quantifiers ask (``TextScan.may_hold``)."""
        if self._said_scan is None:
            self._said_scan = self.scan(self.said)
        return self._said_scan

    @property
    def said(self) -> str:
        """The statement and evidence as ``text`` and ``sentences`` read them (``_said``), made once."""
        if self._said is None:
            self._said = _said(self)
        return self._said

    @property
    def citations(self) -> list[CitationView]:
        if self._citations is None:
            self._citations = [CitationView(r, self) for r in self.resolutions]
        return self._citations

    def release(self) -> None:
        """Let go of what refers back to this context (citation views, bound values), once its rules have run:
        it is then freed at once, not left for the cyclic garbage collector, which costs less per finding."""
        self._citations = None
        self._said_scan = None
        self.bound.clear()
        self.vars.clear()

    @property
    def topic_words(self) -> frozenset[str]:
        return _topic_words(self.finding.statement + "\n" + (self.finding.requirement or ""))

    @property
    def likely_clause(self) -> str:
        """The requirement of the audited editions the finding's subject ranks first (``dsl.subjects``), or ""."""
        if self._likely is None:
            statement, evidence = self.subject_parts
            key = likely_clause(self.catalogs, self.editions, statement, self.requirement, evidence)
            self._likely = _label(key) if key else ""
        return self._likely


@dataclass(eq=False, slots=True)
class CitationView:
    resolution: Resolution
    owner: FindingContext
    status: str = ""
    _meaning: MeaningCheck | None = None
    _subject: SubjectCheck | None = None

    def __post_init__(self) -> None:
        self.status = self.resolution.status.value  # read by most citation rules: once, not per rule

    @property
    def topic_match(self) -> bool:
        """Whether the statement touches the cited clause's keywords (or its parent's or children's)."""
        wanted = self.owner.topic_words
        for key in self.resolution.clauses:
            for keywords in _related_keywords(self.owner.catalogs, key):
                if keywords <= wanted:
                    return True
        return not self.resolution.clauses

    @property
    def subject(self) -> SubjectCheck:
        """How the first cited clause relates to the subject the ranker finds in the finding (``dsl.subjects``)."""
        if self._subject is None:
            self._subject = SubjectCheck()
            # a clause cited with an item it lacks still names a clause whose subject can be weighed
            if (self.resolution.ok or self.status == "unknown_item") and self.resolution.clauses:
                statement, evidence = self.owner.subject_parts
                self._subject = subject_check(self.owner.catalogs, self.resolution.clauses[0], statement,
                                              self.owner.requirement, evidence)
        return self._subject

    @property
    def meaning(self) -> MeaningCheck:
        """When the cited number changed meaning between editions and the finding is about the other meaning: the
        clause of the cited edition that carries it and the other edition's clause; else empty."""
        if self._meaning is None:
            self._meaning = MeaningCheck()
            catalogs = self.owner.catalogs
            changed = [k for k in self.resolution.clauses if _meanings(catalogs, k)] if self.resolution.ok else []
            if changed:  # most numbers kept their meaning: the finding is ranked only for those that did not
                statement, evidence = self.owner.parts
                self._meaning = next((m for k in changed if (m := edition_check(
                    catalogs, k, _meanings(catalogs, k), statement, self.owner.requirement, evidence)).meant),
                    MeaningCheck())
        return self._meaning


@dataclass(eq=False, slots=True)
class ReportContext:
    """The root a report rule reads: the audit and every finding's context."""

    audit: Audit
    findings: list[FindingContext]
    catalogs: Catalogs
    editions: tuple[str, ...]
    scan: Callable[[str], Any]
    vars: dict[str, Any] = field(default_factory=dict)
    bound: dict[str, Any] = field(default_factory=dict)
    scheme: Scheme = field(default_factory=Scheme)
    streamed: Any = None  # findings checked as a stream: their text's lexicon matches, gathered piece by piece


def _report_text(r: ReportContext) -> str:
    """The report's text, joined once per report; when findings were checked as a stream, a stand-in that the
    report's ``scan`` answers for (it is then only ever searched)."""
    if r.streamed is None:
        r.streamed = joined_text(r.audit, r.findings)
    return r.streamed.text  # type: ignore[no-any-return]


def joined_text(audit: Audit, findings: list[FindingContext]) -> _Joined:
    """The report's text: coverage entries and every finding's statement and evidence, joined by new lines."""
    return _Joined("\n".join([*audit.coverage, *(f"{f.finding.statement}\n{f.finding.evidence_text}"
                                                  for f in findings)]))


@dataclass(frozen=True, slots=True)
class _Joined:
    text: str


@dataclass(eq=False, slots=True)
class GroupContext:
    """The root of a report rule's ``when`` after ``group findings … by …``: one group."""

    key: str
    members: list[FindingContext]
    report: ReportContext
    scan: Callable[[str], Any]
    vars: dict[str, Any] = field(default_factory=dict)
    bound: dict[str, Any] = field(default_factory=dict)


# ---- topic matching ------------------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A deliberately crude stemmer: enough for 'reviewed' ~ 'review', 'policies' ~ 'policy'."""
    if len(word) <= 4:
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + repl
    return word


@lru_cache(maxsize=1024)
def _topic_words(text: str) -> frozenset[str]:
    return frozenset(map(_stem, words(text)))


@lru_cache(maxsize=4096)
def _keyword_sets(keywords: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_stem(w) for w in words(k)) for k in keywords if words(k))


@lru_cache(maxsize=8192)
def _related_clauses(catalogs: Catalogs, key: str) -> tuple[Clause, ...]:
    """The clause, its children, its parent and its siblings: the neighbourhood a subject may touch (empty for a
    key the catalogs do not hold)."""
    clause = catalogs.clause(key)
    if clause is None:
        return ()
    edition = catalogs.editions[clause.edition]
    related = [clause, *(edition.clauses[c] for c in clause.children)]
    if clause.parent:
        parent = edition.clauses[clause.parent]
        related += [parent, *(edition.clauses[c] for c in parent.children)]
    return tuple(dict.fromkeys(related))


def _related_keywords(catalogs: Catalogs, key: str) -> tuple[frozenset[str], ...]:
    """Keywords of the clause's neighbourhood."""
    return tuple(s for c in _related_clauses(catalogs, key) for s in _keyword_sets(c.keywords))


def _line(catalogs: Catalogs, edition: str) -> list[str]:
    """The loaded editions of the same line of succession as ``edition`` (its ``supersedes`` chain both ways)."""
    out: list[str] = []
    for step in (lambda e: e.supersedes, lambda e: e.superseded_by):
        found = catalogs.editions.get(step(catalogs.editions[edition]) or "")
        while found is not None and found.key not in out:
            out.append(found.key)
            found = catalogs.editions.get(step(found) or "")
    return out


def _predecessors_in(catalogs: Catalogs, key: str, edition: str) -> tuple[str, ...]:
    """The clauses of an older ``edition`` whose requirement the maps carry into ``key``."""
    found: list[str] = []
    frontier, seen = [key], {key}
    while frontier:
        for older in catalogs.predecessors.get(frontier.pop(0), ()):
            if older in seen:
                continue
            seen.add(older)
            (found if older.rpartition("/")[0] == edition else frontier).append(older)
    return tuple(found)


@lru_cache(maxsize=4096)
def _meanings(catalogs: Catalogs, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Where the cited number means something else in another edition of the same line: (that edition's clause,
    the clauses of the cited edition that carry its requirement, headings opened into their requirements). Read
    from the edition maps alone: a number is "the same" when the map links it only to itself."""
    clause = catalogs.clause(key)
    if clause is None:
        return ()
    out = []
    for other in _line(catalogs, clause.edition):
        other_key = f"{other}/{clause.id}"
        if catalogs.clause(other_key) is None:
            continue
        if catalogs.editions[other].year < catalogs.editions[clause.edition].year:
            carriers = tuple(s.key for s in catalogs.successors_in(other_key, clause.edition))
            earlier = catalogs.clause(other_key)
            if not carriers and earlier is not None and not earlier.requirement:
                # a heading of the earlier edition (an Annex A objective: A.8.2 Information classification) that the
                # map does not carry: its meaning is its requirements', carried where they went
                edition = catalogs.editions[other]
                carriers = tuple(dict.fromkeys(
                    s.key for c in earlier.children if edition.clauses[c].requirement
                    for s in catalogs.successors_in(f"{other}/{c}", clause.edition)))
        else:
            carriers = _predecessors_in(catalogs, other_key, clause.edition)
        opened: list[str] = []
        for carrier in carriers:
            found = catalogs.clause(carrier)
            if found is not None and not found.requirement:
                opened += [f"{found.edition}/{c}" for c in found.children
                           if catalogs.editions[found.edition].clauses[c].requirement]
            else:
                opened.append(carrier)
        if set(opened) - {key}:
            out.append((other_key, tuple(dict.fromkeys(opened))))
    return tuple(out)


# ---- the attribute table -------------------------------------------------------------------------------------
Getter = Callable[[Any], Any]


def _text_list(values: tuple[str, ...] | list[str]) -> list[str]:
    return [str(v) for v in values]


def _audit_type(a: Audit) -> str:
    return a.type.value if a.type else ""


def _sibling_clause(v: CitationView, general: bool = False) -> str:
    """The sibling of the cited clause the finding is about instead of it (``dsl.subjects.sibling_check``); with
    ``general``, the titled sibling of a cited "General" sub-clause."""
    r = v.resolution
    if not (r.ok and r.clauses):
        return ""
    statement, evidence = v.owner.subject_parts
    other = sibling_check(v.owner.catalogs, r.clauses[0], statement, v.owner.requirement, evidence,
                          general)
    return _label(other) if other else ""


def _ranked_sibling(v: CitationView) -> str:
    """The sibling of the cited clause that the finding ranks first, the cited clause scoring next to nothing beside
    it (``dsl.subjects.ranked_sibling``)."""
    r = v.resolution
    if not (r.ok and len(r.clauses) == 1):
        return ""
    statement, evidence = v.owner.subject_parts
    # a clause field that cites the client's own document beside the clause ("A.5.15 / Access Control Policy AC-01")
    # names that document too, in words the parser may read as the clause's title
    field = v.owner.finding.clause
    documents = ((field if isinstance(field, str) else " ".join(field or ()))
                 if any(d.status is Status.CLIENT_DOCUMENT for d in v.owner.resolutions) else "")
    other = ranked_sibling(v.owner.catalogs, r.clauses[0], statement, v.owner.requirement, evidence, documents)
    return _label(other) if other else ""


def _close(v: CitationView) -> tuple[str, bool]:
    """The close clause of the cited one the finding is about instead of it, and whether the ranker agrees
    (``dsl.close``)."""
    r = v.resolution
    if not (r.ok and len(r.clauses) == 1):
        return "", False
    f = v.owner.finding
    # a client's document cited beside the clause may name the cited clause's subject ("A.5.15 / Access control
    # policy AC-01"; the parser may read the words before the document as the clause's title): the field as written,
    # when it holds another citation
    beside = " ; ".join(f.clause) if len(v.owner.resolutions) > 1 else ""
    statement, evidence = v.owner.subject_parts
    items = tuple(item.strip("() ").lower() for item in r.items)
    other, firm = close_check(v.owner.catalogs, r.clauses[0], statement, v.owner.requirement, evidence, beside, items)
    return (_label(other), firm) if other else ("", False)


def _anchored(v: CitationView) -> bool:
    """Whether the finding names a word of the cited clause's anchors (``catalog.anchors``): the statement without a
    clause it cites written with its title, the quoted requirement or the evidence; true when the citation does not
    resolve or a clause it means has no anchors."""
    r = v.resolution
    if not r.ok:
        return True
    statement, evidence = v.owner.subject_parts
    clauses = [v.owner.catalogs.clause(key) for key in r.clauses]
    return any(c is None or anchored(c, statement, v.owner.requirement, evidence) for c in clauses)


def _standard_clause(v: CitationView) -> str:
    """In an integrated audit, another audited standard's requirement the finding is about instead of the cited one
    (``dsl.subjects.standard_check``)."""
    r = v.resolution
    if not (r.ok and len(r.clauses) == 1):
        return ""
    statement, evidence = v.owner.parts
    other = standard_check(v.owner.catalogs, r.clauses[0], tuple(v.owner.editions), statement, v.owner.requirement,
                           evidence)
    return _label(other) if other else ""


def _family(edition: str) -> str:
    """The number of a standard's edition: "ISO 14001:2015" → "14001"."""
    try:
        return parse_standard(edition).family
    except CitationSyntaxError:
        return ""


def _system_clause(v: CitationView) -> str:
    """In an integrated audit, the requirement of another audited standard whose system the finding is about, when
    the clause cited with its standard named has no word of its own system's purpose anywhere in the finding and the
    statement names the purpose of exactly one other audited system (lexicons ``purpose_<number>``: purpose_14001
    for the environment): that standard's clause of the same number, else the one of it the statement ranks first."""
    r = v.resolution
    if not (r.ok and len(r.clauses) == 1) or r.citation.standard is None:
        return ""
    owner = v.owner
    clause = owner.catalogs.clause(r.clauses[0])
    if clause is None or clause.kind != "clause":
        return ""  # an Annex A control has no counterpart of the same number in another standard
    cited = _family(clause.edition)
    others = {_family(e): e for e in owner.editions if _family(e) and _family(e) != cited}
    if not others:
        return ""
    statement, evidence = owner.parts
    finding = owner.finding
    whole = "\n".join((statement, evidence, owner.requirement, " ; ".join(finding.clause)))
    if owner.scan(whole).get(f"purpose_{cited}") is not None:
        return ""
    said = owner.scan(statement)
    named = [edition for family, edition in others.items() if said.get(f"purpose_{family}") is not None]
    if len(named) != 1:
        return ""
    same = owner.catalogs.clause(f"{named[0]}/{clause.id}")
    if same is not None and same.requirement:
        return _label(same.key)
    best, score = rank(owner.catalogs, (named[0],), statement).best
    return _label(best) if best and score > 0 else ""


def _number_in_statement(v: CitationView) -> bool:
    """Whether the statement writes the number of the standard the citation names ('as ISO 22716 requires' beside
    'ISO 22716:2007 §5.3'), as the citation parser read it."""
    standard = v.resolution.citation.standard
    return standard is not None and re.search(rf"(?<![\d.]){re.escape(standard.number)}(?!\d)",
                                              v.owner.parts[0]) is not None


def _item_subject(v: CitationView) -> str:
    """The lettered item of the cited clause the statement is about instead of the cited ones (``dsl.items``)."""
    r = v.resolution
    if not (r.ok and r.items and len(r.clauses) == 1):
        return ""
    letter = item_subject(v.owner.catalogs, r.clauses[0], tuple(r.items), v.owner.parts[0])
    return f"{_label(r.clauses[0])} {letter})" if letter else ""


def _label(key: str) -> str:
    """'ISO/IEC 27001:2022/A.8.15' → 'ISO/IEC 27001:2022 A.8.15'."""
    cut = key.rfind("/")
    return f"{key[:cut]} {key[cut + 1:]}"


IDS_SHOWN = 10
"""How many ids ``group.ids`` names before '… and N more' (the JSON output lists every member as data)."""


def _ids(members: list[FindingContext]) -> str:
    """'NC-01, NC-02, NC-03', or for a large group 'NC-01, … NC-10 … and 2,490 more': a message stays short."""
    shown = ", ".join(m.finding.id for m in members[:IDS_SHOWN])
    more = len(members) - IDS_SHOWN
    return f"{shown} … and {more:,} more" if more > 0 else shown


def _statement_words(c: FindingContext) -> frozenset[str]:
    """The distinct words of a finding's statement, made once per finding (similarity compares them)."""
    found = c._words
    if found is None:
        found = c._words = frozenset(words(c.finding.statement))
    elif type(found) is tuple:  # kept compactly while a stream of findings is checked
        return frozenset(found)
    return found  # type: ignore[return-value]


def _max_similarity(members: list[FindingContext]) -> float:
    """The highest ``min(overlap(a, b), overlap(b, a))`` between two statements of the group, which is
    ``|A ∩ B| / max(|A|, |B|)`` of their word sets (0 when either has no words).

    Exact, without comparing every pair: identical word sets answer 1 at once (one hash per statement);
    otherwise the sets are taken smallest first, their words ordered rarest first, and an inverted index on the
    leading words of each set (the prefix filter of all-pairs similarity search) yields the only earlier sets
    that could beat the best so far: a pair with overlap ``o`` shares one of the first ``|S| - o + 1`` words of
    each set. As the best rises the prefixes shorten, so groups of repeated or near-repeated statements, as
    exports hold, cost about one look-up per word."""
    sets = [s for s in map(_statement_words, members) if s]
    if len(sets) < 2:
        return 0.0
    if len(set(sets)) < len(sets):
        return 1.0
    frequency = Counter(w for s in sets for w in s)
    rank = {w: (n, w) for w, n in frequency.items()}
    sets.sort(key=len)
    best = 0.0
    index: dict[str, list[int]] = {}
    ordered: list[frozenset[str]] = []
    for s in sets:
        size = len(s)
        tokens = sorted(s, key=rank.__getitem__)
        # an earlier set t (|t| <= size) beats the best only with an overlap above best * size
        need = max(1, int(best * size - 1e-9))
        seen: set[int] = set()
        for w in tokens[:size - need + 1]:
            for j in index.get(w, ()):
                if j in seen:
                    continue
                seen.add(j)
                other = ordered[j]
                if len(other) < need:
                    continue
                score = len(s & other) / size
                if score > best:
                    best = score
        if best >= 1.0:
            return 1.0
        keep = max(1, int(best * size - 1e-9))
        number = len(ordered)
        ordered.append(s)
        for w in tokens[:size - keep + 1]:
            index.setdefault(w, []).append(number)
    return best


def bad_exclusions(audit: Audit, catalogs: Catalogs, editions: tuple[str, ...]) -> list[str]:
    """Exclusions that resolve to nothing excludable in the audited editions (9001 4.3; 27001 SoA controls)."""
    from ..citations.parser import parse_exclusion
    from ..errors import CitationSyntaxError

    bad = []
    for text in audit.exclusions:
        try:
            citations = parse_exclusion(text)
        except CitationSyntaxError:
            bad.append(text)
            continue
        for citation in citations:
            found = []
            for key in editions:
                edition = catalogs.editions[key]
                for clause_id in (citation.clause, f"A.{citation.clause}"):
                    if clause_id in edition.clauses:
                        found.append(edition.clauses[clause_id])
                        break
            if not found or not any(c.excludable for c in found):
                bad.append(text)
    return bad


def _subject_hint(c: FindingContext) -> str:
    """Name the likely clause unless it is the cited one or its neighbour (parent, sibling, child)."""
    likely = c.likely_clause
    if not likely or any(likely in _neighbourhood(c.catalogs, k) for r in c.resolutions if r.ok for k in r.clauses):
        return ""
    return f" (the statement's subject points to {likely})"


@lru_cache(maxsize=4096)
def _neighbourhood(catalogs: Catalogs, key: str) -> frozenset[str]:
    """Labels of a clause, its parent, its siblings and its children."""
    return frozenset(c.label for c in _related_clauses(catalogs, key)) or frozenset({_label(key)})


def _guidance_named(c: FindingContext) -> str:
    from ..citations.named import named_guidance

    return ", ".join(named_guidance(c.finding.statement, c.catalogs))


def _cited(c: FindingContext) -> str:
    return ", ".join(_label(k) + "".join(f" {i})" for i in r.items)
                     for r in c.resolutions if r.ok for k in r.clauses)


@dataclass(frozen=True, slots=True)
class EditionView:
    key: str
    catalogs: Catalogs
    audit: Audit
    scheme: Scheme = Scheme()

    @property
    def edition(self):  # type: ignore[no-untyped-def]
        return self.catalogs.editions[self.key]

    @property
    def transition_end(self) -> _dt.date | None:
        """The configured end of the edition's transition, else the catalog's."""
        return dict(self.scheme.transition_ends).get(self.key, self.edition.transition_end)

    @property
    def past_transition(self) -> bool:
        end = self.transition_end
        when = max(self.audit.dates) if self.audit.dates else _dt.date.today()
        return end is not None and when > end

    @property
    def successor(self) -> str:
        """The edition to move to: the newest loaded edition down the line of those that replaced this one."""
        found, seen = "", {self.key}
        key = self.edition.superseded_by
        while key and key in self.catalogs.editions and key not in seen:
            found = key
            seen.add(key)
            key = self.catalogs.editions[key].superseded_by
        return found


def _said(c: FindingContext) -> str:
    """The statement and evidence, without a requirement written after its label ("Requirement: … Finding: …")."""
    statement = c.finding.statement
    if c.labels is not None and statement:
        statement = c.labels.requirement(statement)[0]
    return f"{statement}\n{c.finding.evidence_text}"


def _finding_text(name: str) -> Getter:
    return lambda c: getattr(c.finding, name) or ""


ATTRIBUTES: dict[str, dict[str, tuple[str, Getter, str]]] = {
    "finding": {
        "id": (TEXT, lambda c: c.finding.id, "the finding's id"),
        "grade": ("enum:grade", lambda c: c.grade, "major, minor, ofi, observation or positive"),
        "statement": (TEXT, lambda c: c.parts[0], "the statement of the finding, without evidence written after a "
                      "label inside it ('Objective evidence: …')"),
        "requirement": (TEXT, lambda c: c.requirement,
                        "the requirement in the auditor's words, or as written after its label in the statement"),
        "evidence": (TEXT, lambda c: c.parts[1], "the objective evidence, items joined by new lines, with the "
                     "evidence written after a label inside the statement"),
        "clause": (TEXT, lambda c: "; ".join(c.finding.clause), "the citation text as written"),
        "process": (TEXT, _finding_text("process"), "process or area"),
        "site": (TEXT, _finding_text("site"), "site"),
        "auditee": (TEXT, _finding_text("auditee"), "auditee role"),
        "text": (TEXT, lambda c: c.said, "statement and evidence (without a requirement written after its label)"),
        "sentences": ("list[text]", lambda c: list(sentences(c.said)),
                      "the sentences of the statement and evidence (what `any sentence (…)` ranges over)"),
        "citations": ("list[citation]", lambda c: c.citations, "the resolved citations"),
        "places": ("list[text]", lambda c: list(c.labels.places(f"{c.finding.statement}\n{c.finding.evidence_text}"))
                   if c.labels is not None else [],
                   "proper names of the places the statement and evidence name ('at the Zwickau plant' → Zwickau)"),
        "own_places": ("list[text]",
                       lambda c: list(c.labels.own_places(f"{c.finding.statement}\n{c.finding.evidence_text}"))
                       if c.labels is not None else [],
                       "the places named with a word for a site of the organization itself, never a customer's "
                       "premises ('at the Breda branch office' → Breda; lexicon own_site_word)"),
        "business_lines": ("list[text]",
                           lambda c: list(c.labels.business_lines(f"{c.parts[0]}\n{c.parts[1]}"))
                           if c.labels is not None else [],
                           "the lines of work of activity_subjects named as a business of their own, by a word of "
                           "business_line_word ('Plant hire division (…): …' → plant hire)"),
        "activity_subjects": ("list[text]",
                              lambda c: list(c.labels.activity_subjects(f"{c.parts[0]}\n{c.parts[1]}"))
                              if c.labels is not None else [],
                              "the activities a sentence or label of the finding opens with as its subject, named "
                              "with a word for a line of work ('Rope access works on …' → rope access; lexicons "
                              "activity_unit_word, support_activity)"),
        "group_names": ("list[text]",
                        lambda c: list(c.labels.group_names(f"{c.finding.statement}\n{c.finding.evidence_text}",
                                                            getattr(c.audit, "client", "") or ""))
                        if c.labels is not None else [],
                        "names of other companies of the client's group the finding writes: the client's name word "
                        "and other words ending in a legal form or a company word, given by the words the client's "
                        "name does not hold ('Ukhozi Mining Services' where the client is 'Ukhozi Civils (Pty) Ltd' "
                        "→ Mining Services; lexicon company_name_word)"),
        "other_standard_sites": ("list[text]", other_standard_sites,
                                 "the audited sites the finding is at whose entry names the standards they are "
                                 "audited for ('Plant B, Selby (ISO 14001 only)'), none of them one the finding "
                                 "cites"),
        "other_regions": ("list[text]", other_regions,
                          "regions of a country the finding names, where the scope limits its work to other regions of "
                          "that country ('Karnataka' beside a scope of tower sites 'in Telangana and Andhra Pradesh'; "
                          "ISO 3166-2 first-level subdivisions; lexicons region_limit_word, generic_region_word); a "
                          "name after a person's initial or title ('T. Ishikawa') is no region, unless the letter "
                          "names a thing ('cluster B.': letter_labels)"),
        "other_site_codes": ("list[text]", other_site_codes,
                             "site codes the finding writes that are coded like an audited site with another number "
                             "('AMS-2' where the sites list 'AMS-1, Schiphol-Rijk'), when it writes no listed site's code; "
                             "where the statement writes no code, the evidence's first code when it labels what follows "
                             "or follows a word of place ('seen at Plant 2, which supplies Plant 1'); a site listed as a "
                             "stretch of coded points holds every point of it ('KP 140' on 'KP 112–168'), a run or a series of "
                             "numbered sites each of its sites ('Station 3' on 'Stations 2–6', 'Plant 2' on 'Plants 1 "
                             "and 2'); a code word in the plural before a series or a run ('Stores 09 and 12 had fewer answers') "
                             "names no other site"),
        "included_scope": (TEXT, included_scope,
                           "the audit's scope text without what it says it excludes ('…; road transport is "
                           "excluded')"),
        "scope_excluded": ("list[text]", lambda c: excluded_named(c)[0],
                           "what the audit's scope text excludes ('…, excluding design') that the statement names in "
                           "full, or by its head with the rest in the evidence ('the compounding room' and 'magistral "
                           "ointments prepared' where the compounding of magistral preparations is excluded), or "
                           "whose head the evidence's opening label names ('Riga office, Brivibas iela 40: …' where "
                           "the Riga sales office is not included)"),
        "declared_excluded": ("list[text]", lambda c: declared_named(c)[0],
                              "what a requirement the audit declares not applicable (exclusions: A.7.4) is about, when "
                              "the statement opens with its words and the subject ranker ranks it first"),
        "declared_excluded_partly": ("list[text]", lambda c: declared_named(c)[1],
                                     "what a requirement declared not applicable is about, when the statement opens "
                                     "with one word of it ('Design reviews were not recorded' where 8.3 is excluded)"),
        "scope_excluded_headed": ("list[text]", excluded_headed,
                                  "of scope_excluded_partly, the items whose head (their first word that is not "
                                  "generic) the statement names ('the decoration line' where the scope leaves out "
                                  "'decoration (organic screen printing of bottles)')"),
        "scope_excluded_partly": ("list[text]", lambda c: excluded_named(c)[1],
                                  "what the scope text excludes that the finding names only in part or only in its "
                                  "evidence"),
        "scope_excluded_clauses": ("list[text]", excluded_clauses,
                                   "the cited requirements that the scope text excludes: excludable in the catalog, "
                                   "with every word of an excluded item in their title or a parent's"),
        "citation_error": (TEXT, lambda c: c.citation_error, "why the clause text could not be read, if so (only when nothing in it could be read)"),
        "likely_clause": (TEXT, lambda c: c.likely_clause, "the requirement whose topic the statement matches best"),
        "subject_hint": (TEXT, _subject_hint, "a parenthesis naming likely_clause when it is not cited, or nothing"),
        "requirements": ("list[text]", lambda c: [_label(k) for r in c.resolutions if r.ok for k in r.clauses],
                         "the clauses cited exactly (specific requirements)"),
        "guidance_named": (TEXT, _guidance_named,
                           "the guidance documents or frameworks the statement names (guidance.yaml), e.g. ISO 14031"),
        "cited_clauses": (TEXT, _cited, "the exactly cited clauses with items, as one text"),
        "cited_as": (TEXT, lambda c: f" against {_cited(c)}" if _cited(c) else "",
                     "' against <the exactly cited clauses>', or nothing"),
        "hs_requirements": ("list[text]", lambda c: [f"HS {cl.hs}" for r in c.resolutions if r.ok for k in r.clauses
                                                     if (cl := c.catalogs.clause(k)) is not None and cl.hs],
                            "harmonized-structure clauses of the exact citations"),
        "audit": ("audit", lambda c: c.audit, "the audit's metadata"),
        "scheme": ("scheme", lambda c: c.scheme, "scheme options from configuration"),
    },
    "citation": {
        "text": (TEXT, lambda v: v.resolution.citation.text, "the citation as written"),
        "status": ("enum:status", lambda v: v.status, "what the citation resolved to"),
        "clause": (TEXT, lambda v: " / ".join(_label(k) for k in v.resolution.clauses),
                   "the clause(s) meant, e.g. ISO 9001:2015 8.5.1"),
        "id": (TEXT, lambda v: " / ".join(k[k.rfind("/") + 1:] for k in v.resolution.clauses), "the clause id(s)"),
        "title": (TEXT, lambda v: " / ".join(t or "(untitled)" for t in v.resolution.titles), "the clause title(s)"),
        "items": ("list[text]", lambda v: list(v.resolution.items), "lettered items cited"),
        "standard": (TEXT, lambda v: " / ".join(dict.fromkeys(v.resolution.standards)), "edition, e.g. ISO 9001:2015"),
        "kind": (TEXT, lambda v: " / ".join(v.resolution.kinds), "clause, annex_clause, annex_control or terms"),
        "by_title": (BOOL, lambda v: bool(v.resolution.citation.clause)
                     and not any(ch.isdigit() for ch in v.resolution.citation.text),
                     "the requirement is cited by its title alone, without its number ('Preservation', 'ISO 9001:2015 "
                     "- Identification and traceability')"),
        "bare": (BOOL, lambda v: v.resolution.citation.standard is None and not v.resolution.citation.document,
                 "the clause id is written without a standard ('7.2', 'Cl 7.2')"),
        "named_in_statement": (BOOL, _number_in_statement,
                               "the number of the standard the citation names (17100 in 'ISO 17100:2015 3.1.4') is "
                               "written in the statement too: the statement measures the organization against that "
                               "standard ('as ISO 22716 requires')"),
        "systems": (NUMBER, lambda v: len(set(v.resolution.standards)),
                    "how many audited standards the citation means: more than one for a bare id that resolves to "
                    "the same harmonized-structure clause in several standards of an integrated audit"),
        "reason": (TEXT, lambda v: v.resolution.reason, "why the citation has its status"),
        "successor": (TEXT, lambda v: " or ".join(s.label for s in v.resolution.suggestions if s.successor),
                      "successor clause(s)"),
        "explains": (TEXT, lambda v: " or ".join(s.label for s in v.resolution.suggestions
                                                 if s.relationship == EXPLAINS),
                     "for an informative annex that follows the standard's numbering, or a guide written clause by "
                     "clause for it (ISO 14004, ISO 45002, ISO/IEC 27003): the requirement of the same number that "
                     "the cited text explains, e.g. 'ISO 45001:2018 8.1.2' for Annex A.8.1.2; else empty"),
        "suggestions": (TEXT, lambda v: ", ".join(s.label for s in v.resolution.suggestions),
                        "clauses to cite instead"),
        "topic_match": (BOOL, lambda v: v.topic_match, "the statement touches the cited clause's topic keywords"),
        "meant_clause": (TEXT, lambda v: _label(v.meaning.meant) if v.meaning.meant else "",
                         "when the cited number changed meaning between editions and the statement's subject is the "
                         "other edition's meaning: the clause of the audited edition that carries it, else empty"),
        "meaning_earlier": (BOOL, lambda v: bool(v.meaning.meant) and v.meaning.replaced and v.meaning.named,
                            "meant_clause is not empty, the other meaning is the one an earlier edition gave the "
                            "number (a citation written from the habit of the edition the audited one replaced), and "
                            "the statement names the subject of meant_clause in its profile's words, not the cited "
                            "clause's"),
        "meaning_strong": (BOOL, lambda v: v.meaning.strong,
                           "meant_clause is not empty and the evidence is strong: the cited clause scores next to "
                           "nothing on the statement and the clause carrying the other meaning clearly does, or (for "
                           "the replaced edition's meaning) the statement ranks that clause first and 1.4 times above "
                           "the cited one; never when a quoted requirement ranks the cited clause first"),
        "subject_shared": (BOOL, lambda v: v.subject.shares,
                           "the cited clause, its parent, children or siblings score on the statement (see "
                           "docs/catalog-format.md, subject profiles); true when nothing scores"),
        "subject_clause": (TEXT, lambda v: _label(v.subject.other) if v.subject.other else "",
                           "when subject_shared is false, or the cited clause and its neighbours score only through "
                           "words that clause's profile holds too: the clause the finding's subject ranks first "
                           "(outside the cited clause's neighbourhood) if the statement names its subject, else empty"),
        "subject_strong": (BOOL, lambda v: v.subject.strong,
                           "subject_clause is not empty and that clause of the cited edition clearly ranks first"),
        "subject_certain": (BOOL, lambda v: v.subject.certain,
                            "subject_strong, the statement names that clause's subject in its profile's words and "
                            "none of the cited clause's, and the cited clause is not process-wide (4.4, 8.1)"),
        "item_subject": (TEXT, _item_subject,
                         "when the statement names the subject of another lettered item of the cited clause and none "
                         "of the cited items' (catalog item_subjects): that item, e.g. 'ISO 9001:2015 8.5.1 a)'; "
                         "else empty"),
        "sibling_clause": (TEXT, _sibling_clause,
                           "when the finding is about a sibling of the cited clause (a titled sub-clause of the same "
                           "parent, the cited one not titled General, or a clause under the same title) instead "
                           "of it: that clause, e.g. 'ISO "
                           "9001:2015 8.4.1'; the statement alone ranks it first and twice as high as the cited "
                           "clause (first is enough for one title), names its subject in words of its profile the "
                           "cited clause's cannot make up, and nothing of the finding names the cited clause's own; "
                           "never for a pair with a process-wide clause (4.4, 8.1); else empty"),
        "ranked_sibling": (TEXT, _ranked_sibling,
                           "a sibling of the cited clause (a sub-clause of the same parent, or an Annex A control of "
                           "the same theme) that the statement and the whole finding rank first, the cited clause "
                           "scoring at most 0.35 of it on the statement and 0.4 on the whole finding: that clause, "
                           "e.g. 'ISO/IEC 27001:2022 A.8.13'; never for a cited General sub-clause or a "
                           "process-wide clause; else empty"),
        "close_clause": (TEXT, lambda v: _close(v)[0],
                         "when what the statement says is not met names the distinct subject (catalog distinct) of "
                         "exactly one close clause of the cited one (catalog close: 6.1.3 compliance obligations "
                         "beside 6.1.2 environmental aspects) and nothing of the finding names the cited clause's: "
                         "that clause, e.g. 'ISO 14001:2015 9.1.2'; else empty"),
        "anchored": (BOOL, _anchored,
                     "the finding names a word of the cited clause's anchors (catalog anchors: the words of which "
                     "any finding about the clause names one, training or a qualification for competence) in its "
                     "statement, quoted requirement or evidence; true when the clause has no anchors"),
        "close_firm": (BOOL, lambda v: _close(v)[1],
                       "close_clause is not empty and the ranker puts that clause above the cited one on the "
                       "statement and on the whole finding, and the statement names the subject of no lettered item "
                       "of the cited clause (of the item cited, if one is)"),
        "standard_clause": (TEXT, _standard_clause,
                            "in an integrated audit, when the finding is about another audited standard's requirement "
                            "and nothing of it touches the cited clause or its neighbours: that requirement, e.g. "
                            "'ISO 14001:2015 6.1.2'; the statement ranks it first among every audited standard's "
                            "requirements, 1.4 times above the cited standard's best, and names its subject; else "
                            "empty"),
        "system_clause": (TEXT, _system_clause,
                          "in an integrated audit, when the clause is cited with its standard named, nothing of the "
                          "finding names that standard's system purpose (lexicon purpose_<number>, e.g. "
                          "purpose_14001) and the statement names the purpose of exactly one other audited standard: "
                          "that standard's clause of the same number, else the one of it the statement ranks first; "
                          "else empty"),
        "general_sibling": (TEXT, lambda v: _sibling_clause(v, general=True),
                            "when the cited clause is a sub-clause titled General and the finding is about one of its "
                            "titled siblings, on the terms of sibling_clause: that sibling, e.g. 'ISO 9001:2015 "
                            "9.1.3'; else empty"),
        "subject_decisive": (BOOL, lambda v: v.subject.decisive,
                             "subject_certain with room to spare: the cited clause and its neighbours score nothing "
                             "on the whole finding (or a stray word only, no phrase of theirs in the evidence, and the "
                             "statement alone ranks the other clause at least 1.6 times above any other; or only "
                             "through words the other clause's profile holds too, the cited clause not titled General "
                             "nor in the other's words), and the statement alone ranks the other clause as clearly "
                             "first"),
        "other_meaning": (TEXT, lambda v: _label(v.meaning.other) if v.meaning.other else "",
                          "the other edition's clause of the same number whose meaning the statement has, else empty"),
        "items_verified": (BOOL, lambda v: not v.resolution.items or all(
            v.owner.catalogs.editions[s].items_known for s in v.resolution.standards),
                           "no lettered item is cited, or the edition's lettered items are known and were checked"),
        "note": (BOOL, lambda v: v.resolution.citation.note is not None, "a NOTE was cited"),
    },
    "audit": {
        "type": ("enum:audit_type", _audit_type, "stage1, stage2, surveillance, recertification or special"),
        "criteria": ("list[text]", lambda a: _text_list(a.criteria), "standards and editions audited"),
        "exclusions": ("list[text]", lambda a: _text_list(a.exclusions), "requirements declared not applicable"),
        "certification_body": (TEXT, lambda a: a.certification_body or "", "the certification body"),
        "client": (TEXT, lambda a: a.client or "", "the client"),
        "scope": (TEXT, lambda a: a.scope or "", "the scope of certification"),
        "sites": ("list[text]", lambda a: _text_list(a.sites), "sites audited"),
        "team_leader": (TEXT, lambda a: (a.team.leader if a.team else None) or "", "the audit team leader"),
        "team": ("list[text]", lambda a: ([a.team.leader] if a.team and a.team.leader else [])
                 + (list(a.team.members) if a.team else []), "the audit team"),
        "dates": ("list[text]", lambda a: [d.isoformat() for d in a.dates], "audit dates"),
        "objectives": ("list[text]", lambda a: _text_list(a.objectives), "audit objectives"),
        "processes": ("list[text]", lambda a: _text_list(a.processes), "processes in scope"),
        "deviations": ("list[text]", lambda a: _text_list(a.deviations), "deviations from the audit plan"),
        "unresolved": ("list[text]", lambda a: _text_list(a.unresolved), "unresolved diverging opinions"),
        "conclusion": (TEXT, lambda a: a.conclusion or "", "statement on conformity and effectiveness"),
        "recommendation": (TEXT, lambda a: a.recommendation or "", "the team's recommendation"),
        "coverage": ("list[text]", lambda a: _text_list(a.coverage), "topics the report says were covered"),
        "previous_findings": ("list[previous]", lambda a: list(a.previous_findings), "findings followed up"),
    },
    "previous": {
        "id": (TEXT, lambda p: p.id, "id of the earlier finding"),
        "grade": ("enum:grade", lambda p: p.grade.value, "its grade"),
        "status": ("enum:follow_up", lambda p: p.status, "closed, verified or open"),
        "clause": (TEXT, lambda p: "; ".join(p.clause), "its citation"),
    },
    "scheme": {
        "ofi_allowed": (BOOL, lambda s: s.ofi_allowed, "whether the scheme allows OFIs"),
    },
    "text": {name: (NUMBER, (lambda n: lambda t: measure(t, n))(name), f"number of {name} in the text")
             for name in FACTS} | {"details": (NUMBER, lambda t: measure(t, "details"),
                                               "number of identified details: identifiers and codes, dates, "
                                               "samples, initialled names, numbered or counted things, quoted "
                                               "names (clause citations left out)"),
                                   "record_details": (NUMBER, lambda t: measure(t, "record_details"),
                                                      "number of identified details with bare years left out "
                                                      "(\"the 2025 workshop\" gives none): what names a record, a "
                                                      "sample or a person"),
                                   "proper_names": (NUMBER, lambda t: measure(t, "proper_names"),
                                                    "number of proper names written inside a sentence: capitalised "
                                                    "words and words with a capital inside (\"Confluence\", "
                                                    "\"SupplierIQ\"), not a sentence's first word, an acronym or "
                                                    "a code"),
                                   "parts": (NUMBER, lambda t: measure(t, "parts"),
                                             "number of sentences and of their parts separated by a colon or a "
                                             "semicolon (\"Tour of the lab: drum SW-2 open\" has two; not a colon "
                                             "after a word of saying, \"EP-05 says:\", or a record's number, "
                                             "\"CAR-25-09:\", nor one inside a bracket, \"(list seen: 02, 07)\"): "
                                             "what `any sentence (…)` ranges over, in this text alone"),
                                   "unquoted": (TEXT, unquoted, "the text with every quotation (of the client's "
                                                "documents, of what people said) replaced by an ellipsis")},
    "report": {
        "report": ("report", lambda r: r, "the report itself, for readability: report.text"),
        "audit": ("audit", lambda r: r.audit, "the audit's metadata"),
        "findings": ("list[finding]", lambda r: r.findings, "every finding"),
        "editions": ("list[edition]", lambda r: [EditionView(k, r.catalogs, r.audit, r.scheme) for k in r.editions],
                     "the audited editions"),
        "text": (TEXT, _report_text, "coverage entries and every finding's statement and evidence"),
        "bad_exclusions": ("list[text]", lambda r: bad_exclusions(r.audit, r.catalogs, r.editions),
                           "exclusions that name no clause, or a clause that may not be declared not applicable"),
    },
    "edition": {
        "key": (TEXT, lambda e: e.key, "edition, e.g. ISO 14001:2015"),
        "status": ("enum:edition_status", lambda e: e.edition.status.value, "current or withdrawn"),
        "transition_end": (TEXT, lambda e: str(e.transition_end or ""),
                           "last day the edition may be audited, if any (the configuration's transition_ends, "
                           "else the catalog's)"),
        "past_transition": (BOOL, lambda e: e.past_transition, "the audit falls after the transition end date"),
        "successor": (TEXT, lambda e: e.successor, "the newest edition that replaced this one, if any"),
    },
    "not_required": dict(notrequired.ATTRIBUTES),
    "group": {
        "key": (TEXT, lambda g: g.key, "what the group's findings share"),
        "count": (NUMBER, lambda g: len(g.members), "how many findings the group has"),
        "ids": (TEXT, lambda g: _ids(g.members), f"the findings' ids (the first {IDS_SHOWN}, then how many more)"),
        "findings": ("list[finding]", lambda g: g.members, "the group's findings"),
        "similarity": (NUMBER, lambda g: _max_similarity(g.members),
                       "the highest word overlap between two statements of the group (0 to 1)"),
        "standards": (NUMBER, lambda g: len({s for m in g.members for r in m.resolutions if r.ok for s in r.standards}),
                      "how many audited standards the group's exact citations name"),
        "audit": ("audit", lambda g: g.report.audit, "the audit's metadata"),
    },
}

__all__ = ["ATTRIBUTES", "ENUMS", "CitationView", "EditionView", "FindingContext", "GroupContext", "LexiconMatcher",
           "ReportContext", "Scheme", "element", "likely_clause", "list_of"]
