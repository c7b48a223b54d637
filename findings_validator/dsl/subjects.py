"""Whether a cited clause is what a finding is about: the ranker's evidence, as the citation rules read it.

A citation *shares a subject* with the statement when the cited clause, its parent, its children or its siblings
score on the statement. The ranker (``catalog.subjects``) ranks the requirements of the cited clause's own edition;
the evidence against the citation is *strong* when none of that neighbourhood scores on the statement and one clause
outside it stands clearly above every other (thresholds in ``STRONG``, calibrated on labelled findings). Strong
evidence is *certain* when, besides, the statement names the other clause's subject in the words of its profile (a
whole title, keyword or synonym), names none of the cited neighbourhood's, the quoted requirement and the evidence
do not point back at the cited clause, and the cited clause is not one whose subject is any process
(``catalog/process_clauses.txt``). Certain evidence is *decisive* when, besides, the cited neighbourhood scores
nothing at all on the whole finding, the best clause scores well above the strong threshold, and the statement alone
puts it clear of the runner-up by the same margin as the whole finding does: the two readings agree, with room to
spare; a stray word of the cited neighbourhood in the finding is allowed when the evidence names nothing of its
subject and the statement alone puts the best clause 1.6 times above its runner-up. Strong evidence is decisive
without a phrase of the other clause named when nothing of the finding touches the cited neighbourhood at all and
the best clause stands 1.6 times above its runner-up on the statement and on the whole finding (``_unrivalled``).
When the finding barely touches the cited neighbourhood and the statement names the best clause's subject
(``untouched``), a close margin is enough for strong and certain evidence (warnings): two clauses may compete for
the subject, the cited one is not among them; decisive evidence (a rejection) then needs a margin between the two
(``untouched_margin``). The sub-clauses of a main clause (7.1 to 7.5) are separate subjects, so a clause directly
under a main clause has no siblings as neighbours. A cited clause whose title is the best clause's with a qualifier
(privileged access rights, access rights) is also weighed without the words of the general title, which argue for
neither; evidence so read counts when it is decisive. A statement whose cited clause scores only in what follows a
consequence marker ("..., so log entries cannot be correlated"; ``catalog/subject_consequences.txt``) is weighed
again without that part; evidence found so is decisive only when nothing of the finding touches the cited
neighbourhood. The yardstick the statement names ("..., although policy ISP-05 requires MFA";
``catalog/subject_criteria.txt``) is left out the same way, and the statement so read is weighed as written. Close
clauses and controls share words (a shared account and its password): when the cited neighbourhood scores only
through words the best clause's profile holds too, and the cited clause is neither titled General, nor titled in the
best clause's words, nor process-wide (``apart``), the evidence is weighed as if it scored nothing on the statement.
Siblings, one subject to the neighbourhood test, are told apart by ``sibling_check``."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from ..catalog import Catalogs
from ..catalog.index import Clause
from ..catalog.subjects import Ranking, rank, rankable, subject_index, tokens
from .text import split_sentences

# Calibrated on the corpus's train part (docs/eval.md); a wrong error costs far more than a missed mismatch, so the
# thresholds sit where no correctly cited finding of that part is rejected, with room to spare.
STRONG = {
    "neighbourhood_share": 0.15, # the neighbourhood's best score on the statement, as a share of the best clause's
    "min_score": 6.0,            # the best clause's score on the whole finding
    "margin": 1.4,               # the best clause's score over the best clause outside its own neighbourhood
    "min_overlap": 2,            # distinct words of the statement in the best clause's profile
    "decisive_score": 9.0,       # decisive evidence: the best clause's score on the whole finding (1.5 x min_score)
    "close_margin": 1.15,        # the margin when nothing of the whole finding touches the cited neighbourhood and
                                 # the statement names the best clause's subject: the citation is wrong whichever
                                 # of two close clauses the statement is about
    "untouched_margin": 1.25,    # decisive evidence on a citation the finding barely touches (``untouched``): the
                                 # best clause over its runner-up, on the statement and the whole finding; below it
                                 # two clauses compete for the subject and the citation is only warned about
    "sibling_margin": 2.0,       # a sibling cited for another sibling's subject: the statement alone puts that
                                 # sibling first and this many times above the cited clause (siblings share words)
    "wide_margin": 1.6,          # decisive evidence despite a stray word of the cited clause in the finding, or
                                 # read without a consequence: the statement alone puts the best clause this many
                                 # times above its runner-up
    "shared_share": 0.5,         # evidence from shared words (``apart``): the neighbourhood's best score on the
                                 # statement, as a share of the best clause's, at most
    "own_share": 0.05,           # ... and what the neighbourhood scores on the statement's words that the best
                                 # clause's profile lacks, as a share of the best clause's score, at most
    "own_whole_share": 0.1,      # ... and the same on the whole finding, as a share of the best score on it
    "unrivalled_margin": 1.6,    # decisive evidence with no phrase of the best clause named (``_unrivalled``): the
                                 # cited neighbourhood scores nothing on the whole finding, and the best clause
                                 # stands this many times above its runner-up on the statement and the finding
    "ranked_sibling_share": 0.35,  # a sibling (or a control of the same theme) ranked first on the statement and on
                                   # the whole finding: the cited clause's score on the statement, as a share of the
                                   # sibling's, at most
    "ranked_sibling_whole": 0.4,   # ... and on the whole finding, at most
}


@dataclass(frozen=True, slots=True)
class SubjectCheck:
    """How a citation's clause relates to the subject of the finding's text."""

    cited: float = 0.0      # the best score of the clause's neighbourhood on the statement
    top: float = 0.0        # the best score of any clause on the statement
    top_near: bool = True   # whether that best clause is in the neighbourhood
    suggested: str = ""     # key of the best clause outside the neighbourhood, on the whole finding
    best: float = 0.0       # its score on the whole finding
    runner_up: float = 0.0  # the best score on the whole finding outside its neighbourhood and the cited one's
    agrees: bool = False    # the statement alone ranks the suggested clause first too
    overlap: int = 0        # distinct words of the statement in the suggested clause's profile
    named: bool = False     # the statement names the suggested clause's subject by a whole phrase of its profile,
                            # and neither it nor the quoted requirement names the cited neighbourhood's
    whole_share: float = 0.0  # the neighbourhood's best score on the whole finding, as a share of the best clause's
    broad: bool = False     # the cited clause's subject is any process (``catalog/process_clauses.txt``)
    said: float = 0.0       # the suggested clause's score on the statement alone
    said_runner_up: float = 0.0  # the best score on the statement alone outside its neighbourhood and the cited one's
    trimmed: bool = False   # read on the statement without what follows a consequence marker
    vouched: bool = False   # the evidence names the subject of the cited clause or a neighbour (a phrase of its profile)
    cited_apart: float = 0.0  # ``cited`` counting only the statement's words outside the suggested clause's title
    share_apart: float = 0.0  # ``whole_share`` counting only the finding's words outside that title
    cited_own: float = 1.0    # ``cited`` counting only the statement's words outside the suggested clause's profile
    share_own: float = 1.0    # ``whole_share`` counting only the finding's words outside that profile
    general: bool = True      # the cited clause is titled "General", or every word of its title is among the
                              # suggested clause's naming words (title, aliases, keywords, synonyms): it may be the
                              # general requirement the suggested one details

    @property
    def apart(self) -> bool:
        """The cited neighbourhood scores on the statement only through words the suggested clause's profile holds
        too (close controls and clauses share vocabulary: 'shared account' and 'password'), the suggested clause is
        first on the statement, which names its subject, and the cited clause's title is not made of the suggested
        clause's words nor "General", nor is its subject any process: the words that tell the two apart all speak
        for the suggested clause."""
        return (not self.top_near and self.named and not self.general and not self.broad
                and self.cited <= STRONG["shared_share"] * self.top
                and self.cited_own <= STRONG["own_share"] * self.top
                and self.share_own <= STRONG["own_whole_share"])

    @property
    def shares(self) -> bool:
        """The cited clause or a neighbour scores on the statement (or nothing does)."""
        return self.top_near or self.cited > STRONG["neighbourhood_share"] * self.top

    @property
    def other(self) -> str:
        """The clause to suggest when the cited one shares no subject and the statement names the other's (at
        least ``STRONG["min_overlap"]`` words of its profile); else ""."""
        return (self.suggested if (not self.shares or self.apart) and self.overlap >= STRONG["min_overlap"]
                else "")

    @property
    def untouched(self) -> bool:
        """The cited clause and its neighbours score next to nothing (``STRONG["neighbourhood_share"]`` of the best
        clause at most) on the statement and on the whole finding, and the statement names the best clause's
        subject: which clause is meant may be close, that the cited one is not meant is not."""
        share = STRONG["neighbourhood_share"]
        return self.cited <= share * self.top and self.whole_share <= share and self.named

    def _margin(self) -> float:
        return STRONG["close_margin"] if self.untouched else STRONG["margin"]

    @property
    def strong(self) -> bool:
        """The evidence that the citation is wrong is strong (decisive evidence read apart is strong too)."""
        return self._strong() or self._decisive_apart()

    def _strong(self) -> bool:
        return ((not self.shares or self.apart) and self.agrees and self.overlap >= STRONG["min_overlap"]
                and self.best >= STRONG["min_score"] and self.best >= self._margin() * self.runner_up)

    @property
    def certain(self) -> bool:
        """The citation is wrong beyond reasonable dispute: strong evidence, the statement names the other clause's
        subject in its profile's own words and none of the cited clause's, the whole finding (quoted requirement and
        evidence included) does not point back at the cited clause, and the cited clause is not a process-wide one."""
        return (self.strong and self.named and not self.broad
                and (self.whole_share <= STRONG["neighbourhood_share"] or self.apart))

    @property
    def decisive(self) -> bool:
        """Decisive as read below, or so read once the words of the suggested clause's title are left out of the
        cited neighbourhood's scores, where the cited clause's title is that title with a qualifier: a word that
        names both subjects ('access rights', in privileged access rights and in access rights) argues for
        neither."""
        return self._decisive() or self._decisive_apart() or self._unrivalled()

    def _unrivalled(self) -> bool:
        """Strong evidence that needs no phrase of the other clause's profile in the statement: the cited clause and
        its neighbours score nothing at all on the statement or on the whole finding, nothing of the finding
        vouches for them, and one clause of the edition scores at least ``STRONG["decisive_score"]`` and
        ``STRONG["unrivalled_margin"]`` times its runner-up, on the statement alone and on the whole finding. Which
        clause is meant may want a reviewer's eye; that the cited one is not is beyond dispute."""
        margin = STRONG["unrivalled_margin"]
        return (self._strong() and not self.broad and not self.vouched and not self.trimmed
                and self.cited == 0.0 and self.whole_share == 0.0
                and self.best >= STRONG["decisive_score"]
                and self.best >= margin * self.runner_up and self.said >= margin * self.said_runner_up)

    def _decisive_apart(self) -> bool:
        if (self.cited_apart, self.share_apart) == (self.cited, self.whole_share):
            return False
        return replace(self, cited=self.cited_apart, whole_share=self.share_apart)._decisive()

    def _decisive(self) -> bool:
        """Certain, and beyond the thresholds with room to spare: the cited clause and its neighbours score nothing on
        the whole finding, the best clause scores at least ``STRONG["decisive_score"]``, and the statement alone
        keeps it ``STRONG["margin"]`` times above its runner-up, as the whole finding does."""
        if not (self.certain and self.best >= STRONG["decisive_score"]):
            return False
        if self.shares:
            # the cited neighbourhood scores only through words both profiles hold (``apart``): decisive when the
            # evidence names nothing of the cited subject and both readings put the best clause clearly first
            return (self.apart and not self.vouched and not self.trimmed
                    and self.best >= STRONG["margin"] * self.runner_up
                    and self.said >= STRONG["margin"] * self.said_runner_up)
        if self.best < STRONG["margin"] * self.runner_up:
            # two clauses near each other at the top, the cited one not among them and barely touched by the
            # finding (no phrase of it in the evidence, not read without a consequence): wrong whichever is meant
            margin = STRONG["untouched_margin"]
            return (self.untouched and not self.trimmed and not self.vouched and self.best >= margin * self.runner_up
                    and self.said >= margin * self.said_runner_up)
        if self.trimmed:
            # read without its consequence, the departure touches nothing of the cited clause and the statement
            # alone leaves no doubt which clause it is about
            return (self.cited == 0.0 and self.whole_share == 0.0 and not self.vouched
                    and self.said >= STRONG["wide_margin"] * self.said_runner_up)
        if self.whole_share == 0.0:
            return self.said >= STRONG["margin"] * self.said_runner_up
        # a stray word of the cited neighbourhood in the finding, but no phrase of it in the evidence either, and
        # the statement alone leaves no doubt which clause it is about
        return not self.vouched and self.said >= STRONG["wide_margin"] * self.said_runner_up


def _data_lines(name: str) -> list[list[str]]:
    """The words of each line of a data file of ``findings_validator.catalog`` that holds any, '#' starting a
    comment."""
    text = resources.files("findings_validator.catalog").joinpath(name).read_text(encoding="utf-8")
    return [words for line in text.splitlines() if (words := line.split("#", 1)[0].split())]


@lru_cache(maxsize=1)
def process_clauses() -> frozenset[str]:
    """Harmonized-structure ids of the clauses whose subject is any process (data: ``process_clauses.txt``)."""
    return frozenset(" ".join(words) for words in _data_lines("process_clauses.txt"))


def _stemmed(clause: Clause) -> tuple[tuple[str, ...], ...]:
    """The naming phrases of a clause's profile (title, aliases, keywords, synonyms), each as its stems in order."""
    found = (tuple(tokens(p)) for p in (clause.title or "", *clause.aliases, *clause.keywords, *clause.synonyms))
    return tuple(p for p in found if p)


def _phrases(clause: Clause) -> tuple[frozenset[str], ...]:
    """The naming phrases of a clause's profile, each as its set of stems."""
    return tuple(frozenset(p) for p in _stemmed(clause))


def names(clause: Clause | None, text: str) -> bool:
    """Whether ``text`` holds every word of one naming phrase of the clause's profile."""
    if clause is None:
        return False
    present = frozenset(tokens(text))
    return any(p <= present for p in _phrases(clause))


@lru_cache(maxsize=8192)
def neighbourhood(catalogs: Catalogs, key: str) -> frozenset[str]:
    """Keys of a clause, its parent, its children and its siblings. An Annex A control is its own neighbourhood:
    the controls of a theme are separate subjects, grouped only by kind."""
    clause = catalogs.clause(key)
    if clause is None:
        return frozenset({key})
    edition = catalogs.editions[clause.edition]
    related = {clause.key, *(edition.clauses[c].key for c in clause.children)}
    if clause.parent and clause.kind != "annex_control":
        parent = edition.clauses[clause.parent]
        related.add(parent.key)
        if parent.parent is not None:  # the sub-clauses of a main clause (7.1 to 7.5) are separate subjects
            related |= {edition.clauses[c].key for c in parent.children}
    return frozenset(related)


def _best_of(ranking: Ranking, keys: frozenset[str]) -> float:
    """The best score of ``keys`` in a ranking."""
    return max((ranking.score(key) for key in keys), default=0.0)


def _best_outside(ranking: Ranking, excluded: frozenset[str]) -> tuple[str, float]:
    return next(((k, s) for k, s in ranking.ranked() if k not in excluded), ("", 0.0))


@lru_cache(maxsize=1)
def _consequence() -> re.Pattern[str]:
    """A consequence marker and the rest of its sentence (data: ``catalog/subject_consequences.txt``)."""
    after_break: list[str] = []
    anywhere: list[str] = []
    for words in _data_lines("subject_consequences.txt"):
        marker = r"\s+".join(map(re.escape, (w for w in words if w != "*")))
        (after_break if words[-1] == "*" else anywhere).append(marker)
    either = [rf"(?:[,;:]|\s[-\u2013\u2014])\s*(?:{'|'.join(after_break)})"] if after_break else []
    either += [rf"(?:[,;:]\s*|\s)(?:{'|'.join(anywhere)})"] if anywhere else []
    return re.compile(rf"(?:{'|'.join(either)})\b[^.;]*", re.IGNORECASE)


def departure(statement: str) -> str:
    """The statement without what follows its consequence markers: what the auditor says is not met, not what
    follows from it ("Clocks were not synchronised, so log entries cannot be correlated" -> "Clocks were not
    synchronised")."""
    return _consequence().sub("", statement)


@lru_cache(maxsize=1)
def _criteria() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The markers of a criterion part and the requirement verbs (data: ``catalog/subject_criteria.txt``)."""
    clauses: list[str] = []
    verbs: list[str] = []
    for words in _data_lines("subject_criteria.txt"):
        (clauses if words[0] == "clause" else verbs).append(r"\s+".join(map(re.escape, words[1:])))
    return tuple(clauses), tuple(verbs)


@lru_cache(maxsize=1)
def _criterion_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    clauses, verbs = _criteria()
    rest = r"(?:[^.;]|\.(?=\S))*"  # to the end of the sentence (a dot inside "s.4.3" or "§3.4" ends none)
    verb = rf"\b(?:{'|'.join(verbs)})\b"
    part = re.compile(rf"(?:[,;:]\s*|\s)(?:{'|'.join(clauses)})\b{rest}", re.IGNORECASE)
    return part, re.compile(verb, re.IGNORECASE), re.compile(r"\b(?:not|no|never|none|without|nor|cannot)\b|n't",
                                                              re.IGNORECASE)


def without_cited(statement: str, cited: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """The statement without each cited clause written with its title ("control A.5.10 Acceptable use of information
    and other associated assets", "ISO 9001 clause 7.2 Competence"): ``cited`` holds (id, title) pairs. The title
    alone stays, as it may be the statement's own words ("Competence of the welders was not shown")."""
    for clause_id, title in cited:
        statement = _cited_pattern(clause_id, title).sub(" ", statement)
    return statement


@lru_cache(maxsize=1024)
def _cited_pattern(clause_id: str, title: str) -> re.Pattern[str]:
    """A clause's id, with the word that may open it, and its title right after it, however the id is spaced."""
    number = re.escape(clause_id.removeprefix("A.")).replace(r"\.", r"\s*\.\s*")
    annex = r"(?:A\s*\.?\s*)?" if clause_id.startswith("A.") else ""
    return re.compile(rf"(?:\b(?:clause|control|cl|section|annex\s+a)\.?\s*)?(?<![\d.]){annex}{number}(?![\d.])"
                      rf"\s*[-–:,]?\s*{re.escape(title)}", re.IGNORECASE)


@lru_cache(maxsize=1)
def _conforming() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words that report something found in order, and those that keep a sentence (data:
    ``catalog/subject_conforming.txt``)."""
    found: list[str] = []
    keep: list[str] = []
    for words in _data_lines("subject_conforming.txt"):
        if words[0] == "keep":
            keep.append(r"\s+".join(map(re.escape, words[1:])))
        else:
            found.append(r"\s+".join(map(re.escape, words)))
    whole = "|".join(k for k in keep if k != "n't")
    # "n't" ends a word ("wasn't", "wasn’t"): matched anywhere; a count of a sample ("complete for 3 of 8")
    return (re.compile(rf"\b(?:{'|'.join(found)})\b", re.IGNORECASE),
            re.compile(rf"\b(?:{whole})\b|n[’']t\b|\b\d+\s+(?:of|out\s+of)\s+\d+\b", re.IGNORECASE))


def without_conforming(text: str, keep_first: bool = True) -> str:
    """The text without the sentences that report something found in order and nothing missing, late or partly so
    (``catalog/subject_conforming.txt``): "Storage racks for customer tools were dry and labelled." beside a
    finding on customer property names a subject the auditor checked and found met, which is not the one the
    finding is raised against. The first sentence is left out only when not ``keep_first`` (the evidence, not the
    statement, whose first sentence says what is not met)."""
    found, keep = _conforming()
    if not found.search(text):
        return text
    parts = split_sentences(text)
    kept = [s for i, s in enumerate(parts) if (keep_first and i == 0) or not (found.search(s) and not keep.search(s))]
    return " ".join(kept).strip()


def without_criterion(statement: str) -> str:
    """The statement without the yardstick it names (``catalog/subject_criteria.txt``): a part from "although",
    "whereas"... to the end of its sentence that holds a requirement verb, and a later sentence that only states
    what a document requires ("Access control policy ISP-05 §3.4 requires removal within 1 working day.").
    What the auditor says is unmet stays: the first sentence is never left out whole, nor a sentence that says
    something is missing or not done."""
    part, verb, negation = _criterion_patterns()
    kept = part.sub(lambda m: "" if verb.search(m.group(0)) else m.group(0), statement)
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z(])", kept)
    out = [sentences[0], *(s for s in sentences[1:] if not (verb.search(s) and not negation.search(s)))]
    return " ".join(out).strip()


@lru_cache(maxsize=4096)
def subject_check(catalogs: Catalogs, key: str, statement: str, requirement: str, evidence: str) -> SubjectCheck:
    """Rank the cited clause's edition for the finding and weigh the citation against the best clause. A citation
    that shares a subject with the statement only through what follows a consequence marker is weighed on the
    departure alone; such evidence is decisive only when nothing of the finding touches the cited neighbourhood."""
    check = _subject_check(catalogs, key, statement, requirement, evidence)
    if check.strong:
        return check
    # the yardstick the statement names (a client's policy that requires...) is not its subject: read without it,
    # the statement is weighed as written (the criterion is a reference, not a consequence of the departure)
    measured = without_criterion(statement)
    if measured != statement and tokens(measured):
        plain = _subject_check(catalogs, key, measured, requirement, evidence)
        if plain.strong:
            return plain
        statement = measured
    core = departure(statement)
    if core == statement or not tokens(core):
        return check
    trimmed = _subject_check(catalogs, key, core, requirement, evidence)
    return replace(trimmed, trimmed=True) if trimmed.strong else check


def _subject_check(catalogs: Catalogs, key: str, statement: str, requirement: str, evidence: str) -> SubjectCheck:
    clause = catalogs.clause(key)
    if clause is None:
        return SubjectCheck()
    editions = (clause.edition,)
    near = neighbourhood(catalogs, key)
    on_statement = rank(catalogs, editions, statement)
    if not on_statement.best[0]:
        return SubjectCheck()
    whole = rank(catalogs, editions, statement, requirement, evidence)
    cited = _best_of(on_statement, near)
    top_key, top = on_statement.best
    suggested, best = _best_outside(whole, near)
    _, runner_up = _best_outside(whole, neighbourhood(catalogs, suggested) | near) if suggested else ("", 0.0)
    profile = subject_index(catalogs, editions).profiles.get(suggested, frozenset())
    own = [c for k in near if (c := catalogs.clause(k)) is not None and rankable(c)]
    named = (names(catalogs.clause(suggested), statement)
             and not any(names(c, statement) or names(c, requirement) for c in own))
    if requirement.strip():  # a quoted requirement that ranks the cited clause above the suggested one vouches for it
        quoted = rank(catalogs, editions, requirement)
        named = named and _best_of(quoted, near) <= quoted.score(suggested)
    whole_top = whole.best[1]
    share = _best_of(whole, near) / whole_top if whole_top else 0.0
    general = frozenset(tokens(catalogs.clause(suggested).title or "")) if suggested else frozenset()
    if general and general < frozenset(tokens(clause.title or "")):
        # the cited clause's title is the suggested clause's with a qualifier (privileged access rights, access
        # rights): the words of the general title argue for neither, only the qualifier and the cited clause's
        # other words do, so the cited neighbourhood is also weighed without them
        cited_apart = min(cited, _best_of(rank(catalogs, editions, statement, without=general), near))
        apart = _best_of(rank(catalogs, editions, statement, requirement, evidence, without=general), near)
        share_apart = min(share, apart / whole_top if whole_top else 0.0)
    else:
        cited_apart, share_apart = cited, share
    said_runner_up = (_best_outside(on_statement, neighbourhood(catalogs, suggested) | near)[1] if suggested else 0.0)
    vouched = any(names(c, evidence) for c in own)
    cited_own, share_own, general_cited = cited, share, True
    if suggested and profile and cited > 0:
        # the cited neighbourhood weighed on the words the suggested clause's profile lacks: what speaks for it alone
        cited_own = _best_of(rank(catalogs, editions, statement, without=profile), near)
        alone = _best_of(rank(catalogs, editions, statement, requirement, evidence, without=profile), near)
        share_own = alone / whole_top if whole_top else 0.0
        # titled in the suggested clause's naming words (not its summary, whose sentence may name the cited subject as
        # its context: 'in line with the access control policy')
        naming = frozenset(w for p in _stemmed(catalogs.clause(suggested)) for w in p)
        general_cited = not _subject_title(clause) or frozenset(tokens(clause.title or "")) <= naming
    return SubjectCheck(cited, top, top_key in near, suggested, best, runner_up,
                        _best_outside(on_statement, near)[0] == suggested, len(profile.intersection(tokens(statement))),
                        named, share, clause.hs in process_clauses(), on_statement.score(suggested), said_runner_up,
                        vouched=vouched, cited_apart=cited_apart, share_apart=share_apart, cited_own=cited_own,
                        share_own=share_own, general=general_cited)


@lru_cache(maxsize=4096)
def sibling_check(catalogs: Catalogs, key: str, statement: str, requirement: str, evidence: str,
                  general: bool = False) -> str:
    """The key of a sibling of the cited clause (a titled sub-clause of the same parent, as 8.4.1 and 8.4.2 are;
    a cited "General" sub-clause has none) that the finding is about instead of the cited one, else "". The
    neighbourhood test cannot tell siblings apart, as they count as one subject; here the statement alone must rank
    the sibling first of all and ``STRONG["sibling_margin"]`` times above the cited clause, the whole finding must
    rank it first too, the statement must name the sibling's subject by a phrase of its profile that the cited
    clause's profile cannot make up, and neither the statement, the quoted requirement nor the evidence (a phrase as
    written) may name the cited clause's subject by a phrase the sibling's naming words (title, aliases, keywords,
    synonyms; not its summary) cannot make up; a quoted requirement that ranks the cited clause at least as high as the sibling vouches for it. A pair of which one is a
    process clause (``process_clauses``: operational planning and control) is never so told apart. Annex A
    controls are not siblings: a theme groups controls only by kind. Two requirements under one title (ISO/IEC
    27001 6.1.3, planning risk treatment, and 8.3, carrying it out) are told apart the same way, save that the
    statement need only rank the other first: their profiles share most words, the phrases apart decide."""
    clause = catalogs.clause(key)
    if clause is None or clause.kind == "annex_control" or (general and _subject_title(clause)):
        return ""
    editions = (clause.edition,)
    on_statement = rank(catalogs, editions, statement)
    other, said = on_statement.best
    sibling = catalogs.clause(other) if other and other != key else None
    if sibling is None or sibling.edition != clause.edition or not rankable(sibling):
        return ""
    if {clause.hs, sibling.hs} & process_clauses():
        # operational control (8.1) covers carrying out any arrangement, its specific siblings included: the
        # statement ranking one of the two first never makes the other certainly wrong
        return ""
    if _twins(clause, sibling):  # one title, two requirements: only the words the profiles do not share tell them apart
        margin = 1.0
    elif (clause.parent and sibling.parent == clause.parent and sibling.title
          and (_subject_title(sibling) if general else True) and bool(_subject_title(clause)) != general):
        # untitled sub-clauses (7.5.3.1 and 7.5.3.2 of ISO 9001) are paragraphs of one requirement, not two subjects;
        # a "General" sub-clause states the requirement its siblings detail, so it can carry any of their subjects
        margin = STRONG["sibling_margin"]
    else:
        return ""
    if said < STRONG["min_score"] or said < margin * on_statement.score(key):
        return ""
    if rank(catalogs, editions, statement, requirement, evidence).best[0] != other:
        return ""
    # a phrase of one profile that the other's words cannot make up ('supplier evaluation' against 'purchase orders')
    profiles = subject_index(catalogs, editions).profiles
    theirs = [p for p in _stemmed(sibling) if not set(p) <= profiles.get(key, frozenset())]
    # the cited clause's own phrases are those the sibling's naming words (not its summary, whose sentence may build on
    # the cited subject: 'assess risks from identified hazards') cannot make up
    naming = frozenset(w for p in _stemmed(sibling) for w in p)
    own = [p for p in _stemmed(clause) if not set(p) <= naming]
    stated, quoted = frozenset(tokens(statement)), frozenset(tokens(requirement))
    if not any(set(p) <= stated for p in theirs):
        return ""
    # the evidence, long and full of names, points back only with a phrase of the cited clause as written
    seen = " ".join(tokens(evidence))
    if any(set(p) <= stated or set(p) <= quoted or _within(" ".join(p), seen) for p in own):
        return ""
    return "" if _vouched(catalogs, editions, requirement, key, other) else other


def _vouched(catalogs: Catalogs, editions: tuple[str, ...], requirement: str, key: str, other: str) -> bool:
    """Whether the quoted requirement ranks the cited clause ``key`` at least as high as ``other``: it vouches for
    the citation."""
    if not requirement.strip():
        return False
    asked = rank(catalogs, editions, requirement)
    return 0 < asked.score(key) >= asked.score(other)


@lru_cache(maxsize=4096)
def ranked_sibling(catalogs: Catalogs, key: str, statement: str, requirement: str, evidence: str,
                   documents: str = "") -> str:
    """The key of a sibling of the cited clause (a sub-clause of the same parent, or an Annex A control of the same
    theme) that the statement and the whole finding both rank first, the cited clause scoring next to nothing beside
    it (``STRONG["ranked_sibling_share"]`` of its score on the statement, ``STRONG["ranked_sibling_whole"]`` on the
    whole finding), else "". Siblings share most of their words, so a sibling that scores several times the cited
    clause on the very words that tell the two apart is what the finding is about. A cited "General" sub-clause
    states what its siblings detail and a process clause covers any arrangement: neither is judged so, nor is a
    clause titled in the sibling's naming words (title, aliases, keywords, synonyms), which may be the general
    requirement the sibling details, nor one whose title the finding writes out (a departure from "the access control
    policy" cited to access control, in its text or in the client's ``documents`` cited beside the clause), nor a
    citation whose quoted requirement ranks it at least as high."""
    clause = catalogs.clause(key)
    if clause is None or not clause.parent or not _subject_title(clause) or clause.hs in process_clauses():
        return ""
    editions = (clause.edition,)
    on_statement = rank(catalogs, editions, statement)
    other, said = on_statement.best
    sibling = catalogs.clause(other) if other and other != key else None
    if (sibling is None or sibling.parent != clause.parent or not rankable(sibling)
            or sibling.hs in process_clauses() or said < STRONG["min_score"] / 2):
        return ""
    whole = rank(catalogs, editions, statement, requirement, evidence)
    best, top = whole.best
    if best != other or on_statement.score(key) > STRONG["ranked_sibling_share"] * said:
        return ""
    if whole.score(key) > STRONG["ranked_sibling_whole"] * top:
        return ""
    profile = subject_index(catalogs, editions).profiles.get(other, frozenset())
    if len(profile.intersection(tokens(statement))) < STRONG["min_overlap"]:
        return ""
    # a cited clause titled in the sibling's naming words (access control beside access rights) may be the general
    # requirement the sibling details
    naming = frozenset(w for p in _stemmed(sibling) for w in p)
    titled = tokens(clause.title or "")
    if frozenset(titled) <= naming:
        return ""
    # the finding names the cited clause's title as written ("as the access control policy requires", "the
    # information backup procedure"): a departure from the arrangement the cited requirement is about
    named = " ".join(tokens(f"{statement}\n{requirement}\n{evidence}\n{documents}"))
    if titled and _within(" ".join(titled), named):
        return ""
    return "" if _vouched(catalogs, editions, requirement, key, other) else other


@lru_cache(maxsize=4096)
def standard_check(catalogs: Catalogs, key: str, editions: tuple[str, ...], statement: str, requirement: str,
                   evidence: str) -> str:
    """In an integrated audit, the key of another audited standard's requirement that the finding is about instead
    of the cited clause's standard ("dust and noise to the neighbours were not identified as environmental aspects"
    cited to hazard identification of ISO 45001), else "". The requirements of every audited edition are ranked
    together; the statement must rank the other standard's clause first, at least ``STRONG["margin"]`` times above
    the best clause of the cited standard, and name its subject by a phrase of its profile; the whole finding must
    rank it first too; the cited clause and its neighbours score next to nothing (``STRONG["neighbourhood_share"]``)
    on the statement and on the whole finding, neither the statement, the quoted requirement nor the evidence names
    their subject, and the cited clause is not process-wide (``process_clauses``): wrong whichever of the audited
    standards' requirements the auditor meant, as ``SubjectCheck.untouched`` with the full margin."""
    clause = catalogs.clause(key)
    if clause is None or len(editions) < 2 or clause.edition not in editions or clause.hs in process_clauses():
        return ""
    on_statement = rank(catalogs, editions, statement)
    top_key, top = on_statement.best
    best = catalogs.clause(top_key) if top_key else None
    if best is None or best.edition == clause.edition or top < STRONG["min_score"]:
        return ""
    near = neighbourhood(catalogs, key)
    share = STRONG["neighbourhood_share"]
    whole = rank(catalogs, editions, statement, requirement, evidence)
    if (whole.best[0] != top_key or _best_of(on_statement, near) > share * top
            or _best_of(whole, near) > share * whole.best[1]):
        return ""
    own_best = next((score for k, score in on_statement.ranked()
                     if (c := catalogs.clause(k)) is not None and c.edition == clause.edition), 0.0)
    if top < STRONG["margin"] * own_best:
        return ""
    own = [c for k in near if (c := catalogs.clause(k)) is not None and rankable(c)]
    if not names(best, statement) or any(names(c, text) for c in own for text in (statement, requirement, evidence)):
        return ""
    if requirement.strip():  # a quoted requirement that ranks the cited clause at least as high vouches for it
        asked = rank(catalogs, editions, requirement)
        if 0 < _best_of(asked, near) >= asked.score(top_key):
            return ""
    return top_key


def _subject_title(clause: Clause) -> str:
    """The clause's title in lower case, or "" when it has none or is "General", which names no subject."""
    title = (clause.title or "").strip().lower()
    return "" if title == "general" else title


def _twins(one: Clause, other: Clause) -> bool:
    """Two requirements of one edition under one title, the planning and the doing of one thing (ISO/IEC 27001 6.1.3
    and 8.3, information security risk treatment)."""
    title = _subject_title(one)
    return bool(title) and title == _subject_title(other)


@dataclass(frozen=True, slots=True)
class MeaningCheck:
    """A cited number that meant another requirement in another edition, weighed against the finding's subject."""

    meant: str = ""      # key of the cited edition's clause that now carries the other meaning, when it fits better
    other: str = ""      # key of the other edition's clause of the same number
    strong: bool = False  # the cited clause scores (next to) nothing on the statement, the carrier clearly does
    named: bool = False   # the statement names the carrier's subject by a whole phrase of its profile, and neither
                          # it nor the quoted requirement names the cited clause's
    replaced: bool = False  # the other meaning is the one the edition the cited one replaced gave the number


def edition_check(catalogs: Catalogs, key: str, meanings: tuple[tuple[str, tuple[str, ...]], ...], statement: str,
                  requirement: str, evidence: str) -> MeaningCheck:
    """Whether the finding is about what the cited number meant in another edition (``meanings``: that edition's
    clause and the clauses of the cited edition carrying it): the carrier must outscore the cited clause on the
    whole finding; the evidence is strong on the terms of ``STRONG``, read on the statement."""
    clause = catalogs.clause(key)
    if clause is None or not meanings:
        return MeaningCheck()
    editions = (clause.edition,)
    whole = rank(catalogs, editions, statement, requirement, evidence)
    on_statement = rank(catalogs, editions, statement)
    own = whole.score(key)
    best: tuple[float, str, str] = (0.0, "", "")
    for other, carriers in meanings:
        for carrier in carriers:
            if carrier != key and whole.score(carrier) > best[0]:
                best = (whole.score(carrier), carrier, other)
    score, meant, other = best
    profile = subject_index(catalogs, editions).profiles.get(meant, frozenset())
    if not meant or score <= own or len(profile.intersection(tokens(statement))) < STRONG["min_overlap"]:
        return MeaningCheck()
    top = on_statement.score(meant)
    cited = on_statement.score(key)
    # strong: the cited clause scores (next to) nothing on the statement, or, for the meaning of the edition the
    # audited one replaced (a citation from habit), the statement ranks the carrier first of all and clearly above
    # the cited one (clauses split from one, such as 6.1.2 and 6.1.3 of ISO 9001:2026, share words, so the cited
    # one seldom scores nothing); a meaning a later edition gave the number stays on the strict reading
    replaced = catalogs.editions[other.rpartition("/")[0]].year < catalogs.editions[clause.edition].year
    strong = top >= STRONG["min_score"] and (cited <= STRONG["neighbourhood_share"] * top or (
        replaced and on_statement.best[0] == meant and top >= STRONG["margin"] * cited))
    if strong and requirement.strip():  # a quoted requirement that ranks the cited clause first vouches for it
        quoted = rank(catalogs, editions, requirement)
        strong = quoted.score(key) < quoted.score(meant)
    named = _names_apart(catalogs.clause(meant), clause, statement, requirement)
    if not (strong or named) and whole.best[0] != meant:
        # the carrier merely outscores the cited clause among clauses the finding is not about: words common to
        # many profiles ('customer', 'service'), not the other meaning
        return MeaningCheck()
    return MeaningCheck(meant, other, strong, named, replaced)


def _names_apart(carrier: Clause | None, cited: Clause, statement: str, requirement: str) -> bool:
    """Whether the statement names the carrier's subject by a phrase of its profile that the cited clause's profile
    does not share ("risk register" names both 6.1.2 and 6.1.3 of ISO 9001:2026, so neither), and neither the
    statement nor the quoted requirement names the cited clause's subject by a phrase of its own."""
    if carrier is None:
        return False
    own, theirs = set(_sequences(carrier)), set(_sequences(cited))
    said, quoted = " ".join(tokens(statement)), " ".join(tokens(requirement))
    return (any(_within(p, said) for p in own - theirs)
            and not any(_within(p, said) or _within(p, quoted) for p in theirs - own))


def _sequences(clause: Clause) -> tuple[str, ...]:
    """The naming phrases of a clause's profile as their stems in order, space-separated ("risk action")."""
    return tuple(" ".join(p) for p in _stemmed(clause))


def _within(phrase: str, words: str) -> bool:
    """Whether the stems of ``phrase`` occur together and in order among ``words`` (both space-separated)."""
    return f" {phrase} " in f" {words} "


@lru_cache(maxsize=1024)
def likely_clause(catalogs: Catalogs, editions: tuple[str, ...], statement: str, requirement: str = "",
                  evidence: str = "") -> str:
    """The key of the requirement of the audited editions the finding ranks first, when its statement names the
    subject (``STRONG["min_overlap"]`` words of its profile); else ""."""
    if not editions:
        return ""
    key, score = rank(catalogs, editions, statement, requirement, evidence).best
    if not key or score < STRONG["min_score"] / 2:
        return ""
    profile = subject_index(catalogs, editions).profiles.get(key, frozenset())
    return key if len(profile.intersection(tokens(statement))) >= STRONG["min_overlap"] else ""
