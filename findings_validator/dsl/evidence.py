"""Statement and objective evidence written as one block, and how much identified detail a text gives.

Many findings come as one paragraph: "Statement: … Objective evidence: …", "… Evidence – …", "OE: …",
"Requirement: … Finding: … Evidence: …". The labels that introduce each part are lexicons (``evidence_label``,
``statement_label``, ``requirement_label``), so a language pack supplies its own; a requirement written after its
label is cut out of the statement up to the next label (it is what the finding is judged against, not what it says); ``Labels`` cuts a statement at the first evidence label that starts a sentence, a line or a bracket and is
followed by a colon or a dash, and drops a leading statement label. When the evidence comes first, a statement label
after it starts the statement; without one, the whole block is read as both statement and evidence. Rules then see the evidence part as
``evidence`` and the rest as ``statement``.

``details`` counts what identifies evidence in detail without relying on any language's words: record and item
identifiers (``QF-071``, ``EP-CP``, ``V3``), versions (``v2.1``), document codes with a section (``WI 12.3``), dates, samples ("3 of 10"), initialled names ("P. Lindgren"). Clause
citations are blanked first, so "ISO 14001:2015 9.1.2" is not mistaken for a record; the citation parser reads only
texts where a standard, a clause, control or annex word or an annex id may be written (``may_cite``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import AUDIT_STAGE, CALENDAR_WORDS, all_dates, alternation, measure, part_of_identifier
from .towns import is_known_town

# Codes without a digit ("EP-CP", "LR-CP") or without a separator ("V3", "INDG163"), beside text.py's identifiers.
_CODE = re.compile(r"[A-Z](?<!\w[A-Z])(?:[A-Z]{1,}(?:-[A-Z0-9]+)+|[A-Z]{0,5}\d+[A-Z0-9]*)(?![\w-])")
_PARTS = ("identifiers", "dates", "samples", "names")
# what is named or counted rather than identified by a code: a numbered thing ("line 2", "bed 6"), a count ("3
# press operators", "48 staff"), a quarter ("Q3"), a quoted name ("'Wyvern Sprite'", "'B-line'"; a quotation that
# opens with a small letter is words quoted, not a name)
_NAMED = re.compile(r"\b[^\W\d_]{2,}\.?\s+\d+[a-z]?\b(?![.:/]\d)|\b\d+\s+[^\W\d_]{3,}|\b[QqTt][1-4]\b"
                    r"|(?<!\w)['‘\"“„«](?=[^\W_a-z])[^'’\"”“»\n]{2,40}['’\"”“»](?!\w)")
# a version written with a small v ("SoA v2.1", "v3"); "V3" is already a code
_VERSION = re.compile(r"(?<![\w.])v\.?\s?\d+(?:\.\d+)*\b")
# a document code of capitals and a numbered section ("WI 12.3", "SOP 4.2"); not a standard's clause ("ISO 9001")
_SECTION_CODE = re.compile(r"[A-Z](?<!\w[A-Z])(?!(?:CL|ISO|IEC|EN|BS)\b)[A-Z]{1,4}\s?\d+(?:\.\d+)+\b")
_DASH = r"(?:\s*[:：]|\s*[–—]|\s+-)"


@lru_cache(maxsize=4096)
def details(text: str) -> int:
    """How many identified details (identifiers, codes, dates, samples, initialled names) the text gives, with
    clause citations left out."""
    if not text.strip():
        return 0
    for start, end in reversed(_cited(text)):
        text = text[:start] + " " * (end - start) + text[end:]
    if AUDIT_STAGE is not None:  # "before stage 2": the audit's own step, not a numbered thing seen
        text = AUDIT_STAGE.sub(lambda m: " " * len(m.group(0)), text)
    found = sum(measure(text, name) for name in _PARTS)
    identifiers = measure(text, "identifiers")
    return (found + max(0, len(_CODE.findall(text)) - identifiers) + len(_NAMED.findall(text))
            + len(_VERSION.findall(text)) + len(_SECTION_CODE.findall(text)))


# a year on its own ("the 2025 workshop", "since 2021"), or a year and the next as one period ("the 2025-26
# programme", "FY 2025/2026"): when something happened, not which record shows it; not a year inside a date
# ("2025-03-27", "03/2025") or after a month ("March 2023")
_BARE_YEAR = re.compile(r"(?<![\w/.-])(?:19|20)(\d\d)(?:[-/–](?:19|20)?(\d\d))?(?![\w/-]|\.\d)")
_MONTH_BEFORE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:\d{1,2},?\s+)?$",
                           re.IGNORECASE)


@lru_cache(maxsize=4096)
def record_details(text: str) -> int:
    """The identified details of a text with bare years left out: what names a record, a sample or a person rather
    than the year something happened in ("not discussed at the 2025 workshop" gives none)."""
    def blank(m: re.Match[str]) -> str:
        if m.group(2) is not None and int(m.group(2)) != (int(m.group(1)) + 1) % 100:
            return m.group(0)  # two years that are not one period: a record's number ("2025-14")
        return m.group(0) if _MONTH_BEFORE.search(text, 0, m.start()) else " " * len(m.group(0))
    return details(_BARE_YEAR.sub(blank, text))


# where a text's pieces end for the citation parser: a line break, or a sentence end (a stop, then a space and a
# capital, an opening mark or a digit after a word of four letters or more: "cl. 7.1" stays one piece)
_PIECE_END = re.compile(r"\n+|(?<=[.!?])(?<![^A-Za-z][A-Z][.])\s+(?=[A-Z\"'“‘(\[])|(?<=[a-z]{4}[.!?])\s+(?=\d)")


def _cited(text: str) -> list[tuple[int, int]]:
    """The spans of the clause citations in a text (the client's records and documents are evidence, not
    citations), in order. Only the pieces (lines, sentences) that may hold one are parsed: the prose parser's cost
    grows with the text it reads, and most sentences of evidence cite nothing."""
    from ..citations.parser import find_citations, may_cite

    if not may_cite(text):
        return []
    spans, start = [], 0
    for end in [m.start() for m in _PIECE_END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        if may_cite(piece):
            spans += [(start + c.start, start + c.end) for c in find_citations(piece)
                      if not (c.document or getattr(c, "reference", None))]
        start = end
    return spans


def _written_lower(word: str, text: str) -> bool:
    """Whether the text also writes the word in lowercase, as a whole word: a common word, not a proper name. A
    lowercase word joined to another by a dot, an at sign or an underscore is a part of an identifier (the account
    "kisumu.recon", an e-mail address), not the word; one joined by a slash ("sewage/effluent") is the word."""
    return re.search(rf"(?<![\w@-])(?<![\w][.]){re.escape(word.lower())}(?![\w-]|[.@_][\w])", text) is not None


def _bare(word: str) -> str:
    """A word of a place's name in lower case, without a full stop or the possessive 's."""
    return re.sub(r"[’']s?$", "", word.lower().strip("."))


_SENTENCE_END = re.compile(r"(?<!\b[^\W\d_])(?<!\b[^\W\d_]{2})(?<!\b[^\W\d_]{3})[.;!?]\s+[^\W\d_a-z]")
"""The end of a sentence: a full stop after a figure or a word of four letters or more ("ul. Zakopiańska" is an
abbreviation)."""
def _dated(text: str) -> bool:
    """Whether a label's parts give a date, as an evidence label gives the day a place was seen ("…, 2026-04-22: …");
    a record's number is no date."""
    lower = text.lower()
    return any(not part_of_identifier(lower, start, end) for start, end, _, _ in all_dates(text))


_COMPOUND = re.compile(r"(?:[A-Z0-9]{2,}|[A-Z][a-z])-[a-z]+$")
"""An acronym or a two-letter symbol joined to a lowercase word: a compound word ("LNG-fuelled", "PV-mounted",
"Li-ion"), never a place's name."""

_HYPHEN_CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[\w]+-[\w-]+")
"""A document's or a thing's code: letters and figures joined by a hyphen ("PBZ-WS-14", "YRR-2025")."""


def _form(word: str) -> str:
    """A legal form however its letters are dotted: "S.r.l.", "Srl" and "SRL" are one."""
    return _bare(word).replace(".", "")


class Labels:
    """One language's patterns for the structure of a finding, built from lexicons: which words introduce the
    evidence and the statement (``evidence_label``, ``statement_label``), and how a text names a place
    (``place_preposition`` + a capitalised name + ``site_word``, or ``place_preposition`` + ``site_word`` +
    ``place_link`` + a capitalised name, with up to two ``site_role`` words before the site word or after it: "the
    Preston overflow warehouse", or, after ``place_preposition_at``, any one or two lowercase words before a word for
    a whole site, "at the Shap aggregates quarry", two of them joined by a ``site_role_joiner`` ("at the Ferrybridge
    fuelling and servicing outstation"); or a capitalised name + a ``site_label_word`` as the label of a
    piece of evidence, "Runcorn storage depot, 16/09/2026: …"; the name not made of ``generic_place`` words)."""

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        self.lexicons = lexicons
        ev, st = alternation(lexicons.get("evidence_label", ())), alternation(lexicons.get("statement_label", ()))
        # a label starts the text, a line, a sentence or a bracket, and is followed by a colon or a dash, or is
        # written in square brackets as report tools export it ("[Finding] … [Evidence] …")
        start = r"(?:^|(?<=[\n(\[])|(?<=[.;!?)\]]\s)|(?<=[.;!?)\]]\s\s))\s*"

        def labelled(words: str) -> str:
            return rf"(?:(?:{words}){_DASH}|\[(?:{words})\])"

        self._evidence = re.compile(rf"{start}{labelled(ev)}\s*", re.IGNORECASE) if ev else None
        self._statement = re.compile(rf"^\s*{labelled(st)}\s*", re.IGNORECASE) if st else None
        # a statement label later in the text, after the evidence ("Objective evidence: … Statement: …")
        self._later_statement = re.compile(rf"{start}{labelled(st)}\s*", re.IGNORECASE) if st else None
        # the requirement written in the block ("Requirement: … Finding: … Evidence: …"), up to the next label
        req = alternation(lexicons.get("requirement_label", ()))
        self._requirement = re.compile(rf"{start}{labelled(req)}\s*", re.IGNORECASE) if req else None
        labels = "|".join(p for p in (ev, st) if p)
        self._any_label = re.compile(rf"{start}{labelled(labels)}\s*", re.IGNORECASE) if labels else None
        prep, site = alternation(lexicons.get("place_preposition", ())), alternation(lexicons.get("site_word", ()))
        name = r"[^\W\d_a-z][\w’'&.-]*"  # a capitalised word
        # a place's name of several capitalised words may hold a lowercase particle between two of them ("at the
        # Rio de Janeiro depot", "the Duque de Caxias warehouse", "Bergen op Zoom")
        particle = alternation(lexicons.get("place_name_particle", ()))
        named_words = (rf"((?:{name}\s+(?:(?:{particle})\s+(?={name}))?){{1,3}}?)" if particle
                       else rf"((?:{name}\s+){{1,3}}?)")
        link = alternation(lexicons.get("place_link", ()))
        role = alternation(lexicons.get("site_role", ()))
        # what the site is for, between the name and the site word: "the Preston overflow warehouse"
        before_role = rf"(?:(?i:{role})\s+){{0,2}}" if role else ""
        after_role = rf"(?:\s+(?i:{role})){{0,2}}" if role else ""

        # a site word followed by a linking word and a name is the name of a body, not a place: "the District
        # Office of Measures"
        body = rf"(?!\s+(?i:{link})\s+{name})" if link else ""

        # the organization's own possessive between the preposition and the name ("at our Wakefield facility")
        owner = alternation(lexicons.get("own_possessive", ()))
        owned = rf"(?:(?i:{owner})\s+)?" if owner else ""
        # before a site word with its town after it, "its" may be another party's ("Dockside Haulage at its warehouse
        # at Tilbury"): only the organization's own words
        owner_named = alternation(p for p in lexicons.get("own_possessive", ()) if p.lower() != "its")
        owned_named = rf"(?:(?i:{owner_named})\s+)?" if owner_named else ""
        # a site word followed by where it is ("the warehouse at Doncaster"), besides the linking words
        located = alternation([*lexicons.get("place_link", ()), *lexicons.get("place_link_located", ())])

        # any one or two lowercase words that are no function word, or words for what a site is for, before a site
        # word: "Bretten finishing plant", "the bulk terminal at Muelle Norte"
        function = alternation(lexicons.get("place_function_word", ()))
        free = rf"(?!(?i:{function})\s)" if function else ""
        # two such words may be joined ("the Ferrybridge fuelling and servicing outstation": site_role_joiner)
        joiner = alternation(lexicons.get("site_role_joiner", ()))
        joined = rf"(?:\s+(?i:{joiner})\s+{free}[a-z][\w-]*)?" if joiner else ""
        label_words = rf"(?:(?:(?i:{role})|{free}[a-z][\w-]*){joined}\s+){{0,2}}" if role else ""

        def named(words: str, prep: str = prep, titled_body: bool = False,
                  roles: str = before_role) -> tuple[str, str]:
            """A place named before or after one of the site words: "at the Zwickau plant"; with a linking word,
            "en la planta de Zaragoza", "at the site of Hinkley Point", "the second plant in Barnsley". With
            ``titled_body``, a site word written with capitals before the linking word is the name of a body ("the
            District Office of Measures"), not a place; ``roles``, the words that may stand before the site word
            when a linking word and the name follow it."""
            after_words = f"(?:{words})" if titled_body else f"(?i:{words})"
            # the name may carry its district in brackets before the site word ("at the Birmingham (Small
            # Heath) depot")
            before = (rf"(?i:{prep})\s+{owned}{named_words}(?:\([^()\n]{{1,40}}\)\s+)?{before_role}"
                      rf"(?i:{words})(?![\w-])(?!\s+{name}){body}")
            after = (rf"(?i:{prep})\s+{owned_named}{roles}{after_words}{after_role}\s+(?i:{located})\s+"
                     rf"((?:{name}(?:\s+|(?=[\W]|$))){{1,3}})" if located else "")
            return before, after

        before, after = named(site)
        # any one or two lowercase words for what the site is for, where a word of location follows the site word
        # ("of the bulk terminal at Muelle Norte"): a pattern of its own, read only where a site word, a word of
        # location and a capitalised word stand together, so that the main pattern stays as fast as it was
        self._loose_hint = (re.compile(rf"(?i:{site})\s+(?i:{located})\s+[^\W\d_a-z]") if located and site else None)
        loose = named(site, roles=label_words)[1]
        self._loose_place = re.compile(rf"(?<!\w)(?:{loose})") if self._loose_hint and loose else None
        # a place as the label of a piece of evidence: "Runcorn storage depot, 16/09/2026: …" at the start of the
        # text, of a line or of a sentence, before a comma, colon or dash
        # (one capitalised word: a town's name, not a department's "Goods Inward Store")
        # the words between the name and the site word may be any one or two lowercase words that are no function
        # word ("Bretten finishing plant"), and the label may be followed by its local name in brackets before the
        # comma ("Crailsheim warehouse (Halle 5), 2026-03-02: …"); a label may also be the whole of a bracket
        # ("(Bretten warehouse)"); a label starts the text, a line, a sentence or follows a bracketed label of a report
        # tool ("[Evidence] Riga office, …"); a town of two capitalised words names a site only before a site word
        # in lowercase ("Te Rapa cool store, Hamilton: …"), never a department's "Goods Inward Store"
        whole = alternation(lexicons.get("site_label_word", ())) or site
        # (a bracket may hold one bracket of its own: "Kunshan plant (Formosa EMS (Kunshan) Co., Jiangsu), …")
        aside = r"(?:\s*[(\[](?:[^()\[\]\n]|\([^()\[\]\n]{1,30}\)){1,60}[)\]])?"

        # a label may also name the site word first and the town after a word of location ("Overflow yard at
        # Corio, Geelong, 2026-05-13: …")
        at_town = alternation(lexicons.get("place_link_located", ()))

        def labelled(whole: str) -> str:
            town = (rf"|(?:[^\W\d_][\w-]*\s+){{0,2}}(?i:{whole})\s+(?i:{at_town})\s+({name}(?:\s+{name})?)"
                    if at_town else "")
            return (rf"(?:(?:^|(?<=\n)|(?<=[.;]\s)|(?<=\]\s))(?:({name}\s+){label_words}(?i:{whole})"
                    rf"|({name}\s+{name}\s+){label_words}(?:{whole}){town}){aside}"
                    rf"(?=\s*[,:;\u2013\u2014]|\s+-\s)"
                    rf"|(?<=[(\[])({name}\s+){label_words}(?i:{whole})(?=[)\]]))")

        label = labelled(whole)
        # a label that names what the site is for and then its town or area, in up to three words, after a comma
        # ("Pellet plant, Leppävirta: …", "Fulfilment warehouse, Dubai Investments Park: …"): which of them name a
        # place, ``_comma_label`` says
        self._comma_town = re.compile(rf"(?:^|(?<=\n)|(?<=[.;]\s)|(?<=\]\s))({name})\s+{label_words}(?i:{whole}),"
                                      rf"[ \t]+({name}(?:[ \t]+{name}){{0,2}})(?=\s*[,:;(\u2013\u2014]|\s+-\s)")
        # a site word written as part of a proper name, then the name: "At Campus Norte", "at Werk Zabrze"
        proper = "|".join(re.escape(" ".join(w[:1].upper() + w[1:] for w in p.split()))
                          for p in sorted(lexicons.get("site_label_word", ()), key=len, reverse=True))
        titled = (rf"|(?i:{prep})\s+(?:{proper})\s+((?:{name}(?:\s+|(?=[\W]|$))){{1,2}})" if proper else "")
        at = alternation(lexicons.get("place_preposition_at", ()))

        def at_site(between: str, words: str) -> str:
            """A place after a preposition that puts the finding there: a name, the words between, a site word."""
            if not (at and between and words):
                return ""
            return (rf"|(?i:{at})\s+{owned}{named_words}{between}(?i:{words})(?![\w-])"
                    rf"(?!\s+{name}){body}")

        # any one or two lowercase words that are no function word may say what a whole site is for, as in a label:
        # "at the Shap aggregates quarry"; and words that name a site only after a ``site_role`` word ("at the
        # Hatkanangale satellite unit", "at the Barnsley rework shop"), which alone, or after other words, name a
        # department ("the Dialysis Unit", "the Press shop", "the Acute medical unit")
        role_words = rf"(?:(?i:{role})\s+){{1,2}}" if role else ""
        free_before = (at_site(label_words, whole)
                       + at_site(role_words, alternation(lexicons.get("site_word_after_role", ()))))
        self._place = (re.compile(rf"(?<!\w)(?:{before}{'|' + after if after else ''}|{label}{titled}{free_before})")
                       if prep and site else None)
        # the same reading with only the site words that name a site of the organization itself ("the Breda branch
        # office"): never a customer's premises or a temporary site of the work, so whatever preposition puts it
        # in the sentence names it (``own_place_preposition``: "laptops used by the Singapore sales office")
        own = alternation(lexicons.get("own_site_word", ()))
        own_prep = alternation([*lexicons.get("place_preposition", ()), *lexicons.get("own_place_preposition", ())])
        own_before, own_after = named(own, own_prep, titled_body=True)
        # and as the label of a piece of evidence ("Nashville satellite office (Gulch), visited on …: …")
        # or a label that puts the word first and the town after it ("Regional office Gdańsk: …")
        own_first = (rf"|(?:^|(?<=\n)|(?<=[.;]\s)|(?<=\]\s))(?i:{own})\s+({name}(?:\s+{name})?)"
                     rf"(?=\s*[,:;(\u2013\u2014]|\s+-\s)")
        self._own_place = (re.compile(rf"(?<!\w)(?:{own_before}{'|' + own_after if own_after else ''}"
                                      rf"|{labelled(own)}{own_first})") if prep and own else None)
        self._own_words = {" ".join(p.lower().split()) for p in lexicons.get("own_site_word", ())}
        self._generic = {w.lower() for p in lexicons.get("generic_place", ()) for w in p.split()}
        self._roles = {w.lower() for p in lexicons.get("site_role", ()) for w in p.split()}
        self._areas = {w.lower() for p in lexicons.get("site_area_word", ()) for w in p.split()}
        self._document_ends = {p.lower() for p in lexicons.get("document_name_end", ())}
        # a line of work opening a sentence or a label (``activity_subjects``)
        def lines_of_work(words: tuple[str, ...]) -> re.Pattern[str] | None:
            units = alternation(words)
            return (re.compile(rf"(?:^|(?<=\n)|(?<=[.;]\s))((?:[^\W\d_][\w-]*\s+){{1,3}}?)(?i:{units})"
                               rf"(?:\s*\([^()\n]{{1,60}}\))?(?=\s*[:,(\u2013\u2014]|\s+-\s|\s+(?:on|at)\s)")
                    if units else None)

        self._activity = lines_of_work(lexicons.get("activity_unit_word", ()))
        # a line of work named as a business of its own ("Plant hire division (…)": ``business_line_word``)
        self._business = lines_of_work(lexicons.get("business_line_word", ()))
        self._function = {w.lower() for p in lexicons.get("place_function_word", ()) for w in p.split()}
        self._support = [f" {p.lower()} " for p in lexicons.get("support_activity", ())]
        # another company of the client's group (``group_names``)
        self._legal_forms = {_form(w) for w in lexicons.get("legal_form", ())}
        self._company_words = {_bare(w) for p in lexicons.get("company_name_word", ()) for w in p.split()}
        # a place as the label of a piece of evidence written with its address ("Showroom Kraków, ul. Zakopiańska 62,
        # 2026-04-21: …", "Nottingham office (Castle Marina Road): …"), in whatever words the site is named
        words, endings = alternation(lexicons.get("street_word", ())), alternation(lexicons.get("street_suffix", ()))
        streets = [p for p in (words, rf"[^\W\d_]{{2,}}(?:{endings})" if endings else "") if p]
        self._street = re.compile(rf"(?<![\w-])(?i:{'|'.join(streets)})(?![\w-])") if streets else None
        roads = alternation(lexicons.get("town_road_word", ()))
        self._road = re.compile(rf"(?<![\w-])(?i:{roads})(?![\w-])") if roads else None
        self._address_label = re.compile(rf"(?:^|(?<=\n)|(?<=[.;]\s)|(?<=\]\s))({name}(?:[ \t]+[\w’'&.-]+){{0,5}}?)"
                                         rf"[ \t]*((?:\(|,[ \t])[^\n]{{2,200}}?)(?=[:：](?:\s|$)|[ \t][—–][ \t])")
        self._site_phrases = {" ".join(p.lower().split()) for key in ("site_word", "site_label_word")
                              for p in lexicons.get(key, ())}
        # a word that names a site only after a name ("Kilbrack shop", "Kagal unit"): in a label whose address holds
        # a town, the address says it is a whole site
        self._role_sites = {" ".join(p.lower().split()) for p in lexicons.get("site_word_after_role", ())}
        self._main_site = {w.lower() for p in lexicons.get("main_site_word", ()) for w in p.split()}
        # the words for a whole site (not a department's store, workshop or laboratory)
        self._whole_sites = {" ".join(p.lower().split()) for p in lexicons.get("site_label_word", ())}
        # a sentence or a label that opens with a site, named by what it is, and then says in which town it is,
        # a few words later: "Truck repair workshop in Marijampolė, run by the company for external clients",
        # "Asphalt mixing plant of the company at Ub", "Ripening centre for bananas and tropical fruit in Lodi: …"
        # The words before the site word and between it and the town are lowercase, after the sentence's first:
        # a name there names the site itself ("The Belfast site is subject to the Health and Safety at Work …"),
        # and a possessive another party's ("Visit to the recycler's yard at Nellore").
        # The words between may say whose the site is or what it does ("of the company", "that the company runs"),
        # never that something is kept or done in a place that is no town (``opening_site_stop``: "Workshop records
        # are kept in Excel", "Site induction is given in English"); the town is written as one (``_is_town``).
        opening = alternation([*lexicons.get("site_word", ()), *lexicons.get("site_word_after_role", ())])
        stop = alternation(lexicons.get("opening_site_stop", ()))
        follow = alternation(lexicons.get("opening_site_follow", ()))
        goes_on = rf"|\s+(?i:{follow})(?![\w-])" if follow else ""
        not_stop = rf"(?!(?:{stop})(?![\w-]))" if stop else ""
        lower = rf"(?![\w-]*['’]s\b){not_stop}[a-z][\w-]*"
        self._opening_site = (re.compile(rf"(?:^|(?<=\n)|(?<=[.;:]\s))(?:[^\W\d_][\w-]*\s+(?:{lower}\s+){{0,3}})?"
                                         rf"(?i:{opening})(?![\w-])(?:\s+(?!(?i:{at_town})\s){lower}){{0,8}}?"
                                         rf"\s+(?i:{at_town})\s+({name}(?:\s+{name})?)(?![\w-])"
                                         # and the label or clause goes on after the town: a comma, a colon, a
                                         # bracket, or words that say what the site is (``opening_site_follow``:
                                         # "… in Moss leased to …")
                                         rf"(?=\s*[,:;(\u2013\u2014]{goes_on})")
                              if opening and at_town else None)

        # a known town before a word for a site, with up to three lowercase words between ("the York dental
        # laboratory", "the Great Yarmouth accident repair centre"): the names are read only where a town's name
        # (towns.py) stands there
        sites = alternation([*lexicons.get("site_word", ()), *lexicons.get("site_word_after_role", ()),
                             *lexicons.get("town_site_word", ())])
        self._town_away = {w.lower() for w in lexicons.get("town_away_preposition", ())}
        self._town_records = {w.lower() for w in lexicons.get("town_site_record", ())}
        self._town_record_from = {w.lower() for w in lexicons.get("town_record_preposition", ())}
        self._town_site = (re.compile(rf"(?<![\w-])((?:{name}\s+){{1,3}}?)(?:{free}[a-z][\w-]*\s+){{0,3}}?"
                                      rf"(?i:{sites})(?![\w-])")
                           if sites else None)

    @property
    def generic_place_words(self) -> frozenset[str]:
        """The words of ``generic_place``: a department or a part of a site ("floor", "level"), never a site."""
        return frozenset(self._generic)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def places(self, text: str) -> tuple[str, ...]:
        """The proper names of the places the text names ("at the Zwickau plant" → "Zwickau"), leaving out
        acronyms and names made only of generic words ("the Safety Office"); the organization's own sites however
        the text puts them (``own_places``); the places a label writes with their address (``addressed``)."""
        addressed = (name for name, _ in self.addressed(text))
        loose = (self._names(self._loose_place, text)
                 if self._loose_hint is not None and self._loose_hint.search(text) else ())
        towns = (" ".join(m.group(2).split()) for m in self._comma_town.finditer(text)
                 if self._comma_label(m.group(1), m.group(2), text))
        towns = tuple(town for town in towns if self._place_name(town, text))
        found = tuple(dict.fromkeys((*self._names(self._place, text), *loose, *towns, *self.own_places(text),
                                     *addressed, *self._opening_towns(text))))
        # a known town that is a part of a place already read ("Caxias" of "Duque de Caxias") adds nothing
        read = " ".join(f" {place} " for place in found)
        return found + tuple(town for town in self.known_towns(text) if f" {town} " not in read)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def known_towns(self, text: str) -> tuple[str, ...]:
        """The towns of towns.py the text names before a word for a site: "at the York dental laboratory" →
        "York", "the Great Yarmouth accident repair centre" → "Great Yarmouth". The town is the whole name there,
        not a part of a longer one ("Queen Elizabeth University Hospital", "Clínica San Felipe lab", "Palo Alto
        PA-3220 rule base": a body or a product), written as a name (not an acronym, "ELY Centre"); a word the text
        also writes in lowercase, a generic place word, a month or a day names no town; and a site that goods or
        data come from or go to (``town_away_preposition``: "bar from the Rotherham steel mill") is not where the
        finding is."""
        if self._town_site is None:
            return ()
        found = []
        for match in self._town_site.finditer(text):
            words = [w.rstrip(".,;:)'’") for w in match.group(1).split()]
            while words and words[0].lower() in self._function:
                words = words[1:]  # "The Barnsley ready-mix plant …" opening a sentence
            if not words or not is_known_town(" ".join(words)):
                continue
            before = text[:match.start(1)].split()
            if before and before[-1][:1].isupper() and before[-1][-1:].isalpha() \
                    and before[-1].lower() not in self._function:
                continue  # the end of a longer name ("Clínica San Felipe")
            if self._sent_away(before[-3:]):
                continue  # where goods come from or go to ("bar from the Rotherham steel mill", "failover to the …")
            if all(any(c.islower() for c in w) and _bare(w) not in self._generic and w.lower() not in CALENDAR_WORDS
                   and not _written_lower(w, text) for w in words):
                found.append(" ".join(words))
        return tuple(dict.fromkeys(found))

    def _sent_away(self, before: list[str]) -> bool:
        """Whether the words before a known town's site put it as where goods or data come from or go to: a word of
        ``town_away_preposition`` among the last two, unless it is one that says where records were made
        (``town_record_preposition``: "from") and the word before it names records the site keeps
        (``town_site_record``: "job cards from the Great Yarmouth accident repair centre" are that centre's own)."""
        for i in range(max(len(before) - 2, 0), len(before)):
            word = before[i].lower()
            if word in self._town_away:
                return not (word in self._town_record_from and i > 0
                            and before[i - 1].lower().rstrip(".,;:") in self._town_records)
        return False

    def _comma_label(self, opening: str, name: str, text: str) -> bool:
        """Whether a label "<what the site is for> <site word>, <name>:" names a place: a name of one or two words
        after a common opening word (written in lowercase elsewhere in the text); a name of three words, or one after
        a word for what a site is for (``site_role``), only where it holds a known town ("Fulfilment warehouse, Dubai
        Investments Park: …"), since such a name is as often an area inside the site; and never a name that ends in
        a word for a part of a site (``generic_place``, ``site_area_word``: "Production plant, Boiler House: …",
        "Storage yard, Chemical Drum Compound: …", "Production plant, Central Tank Farm: …")."""
        words = name.split()
        last = words[-1].lower().strip(".,")
        if last in self._generic or last in self._areas:
            return False  # an area inside the site: "Boiler House", "Central Tank Farm", "North Loading Bay"
        common = _written_lower(opening, text)
        if common and len(words) <= 2:
            return True
        if not (common or opening.lower() in self._roles):
            return False
        return any(is_known_town(" ".join(words[i:j])) for i in range(len(words)) for j in range(i + 1, len(words) + 1))

    def _opening_towns(self, text: str) -> tuple[str, ...]:
        """The towns of ``_opening_site``, without a full stop that ends the sentence, written as towns."""
        names = (name.rstrip(".") for name in self._names(self._opening_site, text))
        return tuple(name for name in names if self._is_town(name))

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def addressed(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The places the text labels a piece of evidence with, written with their address: (the name, the parts
        after it) for "Showroom Kraków, ul. Zakopiańska 62, 2026-04-21: …" → ("Showroom Kraków", ("ul. Zakopiańska
        62", "2026-04-21")). The label starts the text, a line or a sentence (also after the evidence's own label,
        "Evidence: …") and ends at a colon or at a dash between spaces; its name, of up to
        six words, holds a site word or a proper name; one of the parts that follow it, in brackets or after commas,
        is a street, a road or an estate (``street_word``, ``street_suffix``) written with a name or a number, or a
        town written alone ("Marisol Golf Club, Finestrat, visited 2026-06-18: …"). An
        address is what tells a whole site ("Prikpost Hengelo (Geerdinkhofweg 95)") from a part of one ("Line SMT-3,
        2026-10-14 10:20: …")."""
        if self._street is None:
            return ()
        found = []
        # a label written after the evidence's own label ("Evidence: Kaikoura plant, Beach Road, 2026-09-23 — …")
        # starts a line of its own
        if self._evidence is not None:
            text = self._evidence.sub("\n", text)
        for match in self._address_label.finditer(text):
            name, rest = match.group(1).strip(" .-"), match.group(2)
            if _SENTENCE_END.search(rest) or _HYPHEN_CODE.search(name):
                continue  # the colon ends a later sentence; a document's code names a document, not a site
            parts = tuple(p.strip() for p in re.split(r"[(),;]", rest) if p.strip())
            # a town alone tells a site only after a name written as one, capitalised words or site words, in a label
            # that dates the visit ("Marisol Golf Club, Finestrat, visited 2026-06-18: …"); not a heading
            # ("Evaluation of compliance for Environmental Quality (Industrial Effluent) Regulations: …") nor a
            # supplier named with its group and town ("Galvanizer (Wedge Group, Tipton) not evaluated: …")
            if (any(self._is_street(p) for p in parts)
                    or (self._titled(name, self._role_sites) and any(self._describes_site(p) for p in parts))
                    or (any(self._is_town(p) for p in parts) and self._titled(name, self._role_sites) and _dated(rest))
                    or self._site_then_town(name)
                    # a street and its town, dated ("Reinsdorfer Weg 3, Zwickau, repair bay, 2027-02-10 — …")
                    or (self._is_street(name) and any(self._is_town(p) for p in parts) and _dated(rest))) \
                    and (self._names_site(name)
                         or (self._named_role_site(name)
                             and any(self._is_town(p) and not self._is_street(p) for p in parts))):
                found.append((name, parts))
        return tuple(found)

    def _named_role_site(self, name: str) -> bool:
        """Whether a label's name is a proper name and then a word that names a site only after a name ("Kilbrack
        shop", ``site_word_after_role``): with a town among the parts of its address, the label is a site, not a
        department ("Paint shop (Factory Road)")."""
        words = name.split()
        return (len(words) >= 2 and words[-1].lower() in self._role_sites
                and all(len(w) >= 3 and w[:1].isupper() and any(c.islower() for c in w)
                        and _bare(w) not in self._generic for w in words[:-1]))

    def _describes_site(self, part: str) -> bool:
        """Whether a part of a label says what kind of site the place is, in a few words, lowercase after the
        first, that end in a word for a whole site ("R&D pilot plant", "Belgian branch", "sister hotel"; not a
        department's "main store", nor the organization's principal site, "main plant", ``main_site_word``): it tells
        a site from a heading or a department."""
        words = [w.lower() for w in part.split()]
        if not 1 <= len(words) <= 4 or any(w[:1].isupper() for w in part.split()[1:]) or words[0] in self._main_site:
            return False
        return words[-1] in self._whole_sites or " ".join(words[-2:]) in self._whole_sites

    def _site_then_town(self, name: str) -> bool:
        """Whether a label's name is a word for a whole site and then its town ("Warehouse Kassel (leased 2025):
        …", "Heating plant Kobyłka (…): …", "Transfer station Eindhoven-Acht (…): …"): the site word, with words
        for what the site is for before it, opens the name, and one or two capitalised words that are no generic
        place word close it."""
        words = name.split()
        for size in (1, 2):
            if len(words) <= size or not words[0][:1].isupper():
                continue
            head = " ".join(w.lower() for w in words[:-size])
            if head in self._whole_sites or any(head.endswith(f" {site}") for site in self._whole_sites):
                return self._is_town(" ".join(w.replace("-", "") for w in words[-size:]))
        return False

    def _titled(self, name: str, also: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether a label's name is written as the name of a place: every word capitalised or a site word (or a
        word of ``also``), and one a proper name, no site word nor generic word ("York laboratory"; not "Workshop,
        Peter Novak")."""
        words = name.split()
        return (all(w[:1].isupper() or w.lower() in self._site_phrases or w.lower() in also for w in words)
                and any(w[:1].isupper() and w.lower() not in self._site_phrases and _bare(w) not in self._generic
                        for w in words))

    def _is_town(self, part: str) -> bool:
        """Whether a part of an address is a town written alone, one or two capitalised words that are no generic
        place word, month or day ("Marisol Golf Club, Finestrat, visited 2026-06-18: …")."""
        words = part.split()
        return 1 <= len(words) <= 2 and all(
            len(w) >= 3 and w[:1].isupper() and any(c.islower() for c in w) and w.isalpha()
            and _bare(w) not in self._generic and w.lower() not in CALENDAR_WORDS for w in words)

    def is_street(self, part: str) -> bool:
        """Whether a part of an address is a street ("Mombasa Road", "ul. Zakopiańska 62"), not a town."""
        return self._street is not None and self._is_street(part)

    def _is_street(self, part: str) -> bool:
        """Whether a part of an address is a street: a street word and a name or a number ("Castle Marina Road",
        "ul. Zakopiańska 62", "route de Livinhac")."""
        assert self._street is not None
        if not self._street.search(part):
            return False
        rest = self._street.sub(" ", part)
        return any(ch.isdigit() for ch in rest) or any(w[:1].isupper() for w in re.findall(r"[^\W\d_]{2,}", rest))

    def _names_site(self, name: str) -> bool:
        """Whether a label's name says it is a site: a site word ("Showroom Kraków"), or a proper name that is no
        generic word ("CEDIS Querétaro", "Prikpost Hengelo"), never the first of several words alone, which only
        opens the label ("Dryer 2")."""
        words = name.split()
        lowered = f" {' '.join(w.lower() for w in words)} "
        if any(f" {p} " in lowered for p in self._site_phrases):
            return True
        if name.lower() in self._roles:
            return False
        candidates = words if len(words) == 1 else words[1:]
        return any(len(w) >= 3 and w[:1].isupper() and any(c.islower() for c in w) and _bare(w) not in self._generic
                   for w in candidates)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def without_roads_named(self, site: str, name: str) -> str:
        """The site without the roads its address names after ``name``, the name and a word for a road one word
        apart at most (``town_road_word``: "Mombasa Road", "Alexandria" of "Cairo-Alexandria Desert Road"): a road
        named after a town is not the town, where an estate or a park named after it ("Cambridge Science Park")
        is in the town."""
        if self._road is None:
            return site
        road = re.compile(rf"(?<![\w]){re.escape(name)}(?:[\s-]+[\w]+)?[\s-]+(?={self._road.pattern})", re.IGNORECASE)
        return road.sub(" ", site)

    def street_free(self, part: str) -> str:
        """A part of an address without its street words: "Castle Marina Road" → "Castle Marina"."""
        return self._street.sub(" ", part) if self._street is not None else part

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def activity_subjects(self, text: str) -> tuple[str, ...]:
        """The activities a text opens a sentence or a label with as its subject, named by what is done and a word for
        a line of work (``activity_unit_word``) before a colon, a bracket, a dash or "on"/"at" ("Rope access works on
        the … contract: …" → "rope access"): at most three words, none a function word (``place_function_word``)
        nor a proper name, and none of the activities that support any certified work (``support_activity``)."""
        return self._lines(self._activity, text)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def business_lines(self, text: str) -> tuple[str, ...]:
        """The activities of ``activity_subjects`` named as a business of their own, by a word of
        ``business_line_word`` ("Plant hire division (Shannon Agri Hire, …): …" → "plant hire")."""
        return self._lines(self._business, text)

    def _lines(self, pattern: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
        function, support = self._function, self._support
        if pattern is None:
            return ()
        places = {w for p in self.places(text) for w in p.split()}
        found = []
        for match in pattern.finditer(text):
            words = match.group(1).split()
            if words[0] in places:
                continue  # a place's label ("Bury pretreatment works (line 2), …"), which FV860 reads
            if any(w.lower() in function for w in words):
                continue
            if any(w[:1].isupper() and not w.isupper() for w in words[1:]) or (words[0].isupper() and len(words) == 1):
                continue  # a proper name ("Ukhozi Mining Services", "Tipton works") or a code, not an activity
            phrase = " ".join(w.lower() if not w.isupper() else w for w in words)
            if any(p in f" {phrase} " for p in support):
                continue
            found.append(phrase)
        return tuple(dict.fromkeys(found))

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def group_names(self, text: str, client: str) -> tuple[str, ...]:
        """The names of other companies of the client's group the text writes: the client's own name word followed by
        capitalised words that end in a legal form or a word companies are named with (``company_name_word``), at
        least one of them neither in the client's name nor such a word; each given by its words the client's name does
        not hold ("Ukhozi Mining Services" where the client is "Ukhozi Civils (Pty) Ltd" → "Mining Services")."""
        forms, endings = self._legal_forms, self._company_words
        words = re.findall(r"[^\W\d_][\w&'’.-]*", client or "")
        head = next((w for w in words if w[:1].isupper() and len(w) >= 3 and _form(w) not in forms
                     and _bare(w) not in self._generic), "")
        if not head:
            return ()
        own = {_bare(w) for w in words}
        found = []
        for match in re.finditer(rf"(?<![\w-]){re.escape(head)}((?:\s+[^\W\d_a-z][\w&'’.-]*){{1,4}})", text):
            rest = [w.rstrip(".,;:") for w in match.group(1).split()]
            while rest and _form(rest[-1]) in forms:
                rest.pop()
            if not rest or not (len(rest) < len(match.group(1).split()) or _bare(rest[-1]) in endings):
                continue  # neither a legal form nor a company word ends the name: a product, a brand, a place
            if any(_bare(w) not in own and _bare(w) not in endings and _form(w) not in forms for w in rest):
                found.append(" ".join(w for w in rest if _bare(w) not in own))
        return tuple(dict.fromkeys(found))

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def own_places(self, text: str) -> tuple[str, ...]:
        """The places the text names with a word for a site of the organization itself (``own_site_word``: "at
        the Breda branch office" → "Breda")."""
        labelled = (name for name, _ in self.addressed(text)
                    if any(f" {w} " in f" {name.lower()} " for w in self._own_words))
        return tuple(dict.fromkeys((*self._names(self._own_place, text), *labelled)))

    def _names(self, pattern: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
        if pattern is None:
            return ()
        found = (" ".join(next((g for g in match.groups() if g), "").split()) for match in pattern.finditer(text))
        return tuple(dict.fromkeys(name for name in found if self._place_name(name, text)))

    def _place_name(self, name: str, text: str) -> bool:
        """Whether a name a place pattern found names a place: not a word for what a site is for, not acronyms or
        generic words alone, not another party's possessive, not common words the text also writes in lowercase."""
        words = name.split()
        if not words or name.lower() in self._roles:  # "the Despatch warehouse" says what the site is for, not where
            return False
        if all(w.isupper() or _bare(w) in self._generic for w in words):
            return False
        if any(_COMPOUND.match(w) for w in words):
            return False  # a compound word of an acronym ("the LNG-fuelled terminal tractors"), not a name
        if any(_bare(w) != w.lower().strip(".") and _bare(w) not in self._generic for w in words):
            return False  # "the Sainsbury's Northampton depot": another party's place
        if len(words) > 1 and _bare(words[-1]) in self._document_ends:
            return False  # "Site Operating Procedure SOP-ENV-06": a document's name (``document_name_end``)
        # a word the text also writes in lowercase ("Sewage treatment plant, …: … the sewage treatment plant"): a
        # common word at a sentence's start, not a proper name
        return not all(_written_lower(w, text) for w in words)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def requirement(self, statement: str) -> tuple[str, str]:
        """(the text without the requirement written in it after its label, that requirement or ""): the
        requirement runs from its label to the next statement or evidence label, and is cut out only where such a
        label follows, so that something is left to be the statement."""
        if self._requirement is None or self._any_label is None:
            return statement, ""
        found = self._requirement.search(statement)
        if found is None:
            return statement, ""
        end = self._any_label.search(statement, found.end())
        if end is None:
            return statement, ""
        requirement = statement[found.end():end.start()].strip()
        return (statement[:found.start()] + statement[end.start():]).strip(), requirement

    @lru_cache(maxsize=1024)  # noqa: B019 - one Labels per rule set, kept for the process
    def split(self, statement: str) -> tuple[str, str]:
        """(the statement without its labels and without a requirement written after its label, the evidence
        written inside it or "")."""
        statement = self.requirement(statement)[0]
        evidence = ""
        if self._evidence is not None:
            found = self._evidence.search(statement)
            if found is not None:
                evidence = statement[found.end():].strip()
                rest = statement[:found.start()].rstrip()
                if rest.endswith(("(", "[")):  # "… (evidence: …)." : the bracket and what closes the sentence
                    closed = evidence.rstrip(".;:!? ")
                    if closed.endswith((")", "]")):
                        rest, evidence = rest[:-1].rstrip() + evidence[len(closed):].strip(), closed[:-1].rstrip()
                statement = rest
                if not rest:  # the evidence comes first: the statement follows its own label, or is the block
                    later = self._later_statement.search(evidence) if self._later_statement else None
                    if later is not None and later.start() > 0:
                        statement, evidence = evidence[later.end():].strip(), evidence[:later.start()].rstrip()
                    else:
                        statement = evidence
        if self._statement is not None:
            statement = self._statement.sub("", statement, count=1)
        return statement.strip(), evidence
