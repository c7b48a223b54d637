"""Parse citation text with ``grammar/citation.lark`` (LALR) into ``Citation`` values.

``parse_citations`` reads a finding's clause field strictly (a syntax error says where and what was expected);
``find_citations`` picks citations out of prose. Both are memoised: the same strings recur across findings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.tree import Meta
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .. import grammars
from ..errors import CitationSyntaxError
from ..languages import word_list
from .types import Citation, StandardRef

_EXPECTED_NAMES = {
    "CLAUSE_ID": "a clause id such as 8.5.1", "ANNEX_ID": "an annex id such as A.8.15",
    "ITEM": "a lettered item such as c)", "SUBITEM": "a numbered item such as 1)",
    "PUBLISHER": "a standard such as ISO 9001", "STDNUM": "a standard number", "CLAUSE_WORD": "'clause'",
    "YEAR_EDITION": "an edition such as :2015", "ANNEX_LETTER": "an annex letter", "NOTE": "NOTE",
    "CONTROL_WORD": "'control'", "ANNEX_WORD": "'Annex'", "DOC_REF": "a document such as procedure QP-07",
    "DOC_CODE": "a document code such as WI-12", "ROMAN": "a roman item such as (ii)",
    "$END": "the end of the citation",
}


_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9}


def _clean(value: str) -> str:
    return re.sub(r"[\s().\[\]]", "", value)


@v_args(inline=True)
class _ToCitations(Transformer):  # type: ignore[type-arg]
    """Builds Citations bottom-up; a group yields a list, the entry points flatten them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    # -- standards ------------------------------------------------------------------------------------------
    def std(self, *parts: Token) -> StandardRef:
        publisher, number, year, amendment = "", "", None, None
        for part in parts:
            if isinstance(part, tuple):  # edition
                year = part[0]
            elif part.type == "PUBLISHER":
                publisher = re.sub(r"\s+", " ", re.sub(r"\s*/\s*", "/", str(part))).upper()
            elif part.type == "STDNUM":
                number = str(part)
            elif part.type == "YEAR_EDITION":
                year = int(_clean(part)[1:])
            elif part.type == "AMENDMENT":
                n, y = re.findall(r"\d+", str(part))
                kind = "Cor" if "cor" in str(part).lower() else "Amd"
                amendment = f"{kind} {int(n)}:{y}"
        num, _, dash = number.partition("-")
        return StandardRef(number=num, publisher=publisher or "ISO", year=year, amendment=amendment,
                           part=f"-{dash}" if dash else None)

    def edition(self, token: Token) -> tuple[int]:
        return (int(re.sub(r"\D", "", token)),)

    def std_suffix(self, std: StandardRef) -> StandardRef:
        return std

    std_bracket = std_suffix

    # -- items ----------------------------------------------------------------------------------------------
    def item_one(self, token: Token, subitems: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return ((_clean(token)[0].lower(),), subitems)

    def item_range(self, first: Token, last: Token) -> tuple[tuple[str, ...], tuple[str, ...]]:
        a, b = ord(_clean(first)[0].lower()), ord(_clean(last)[0].lower())
        return (tuple(chr(c) for c in range(min(a, b), max(a, b) + 1)), ())

    def item_roman(self, token: Token) -> tuple[tuple[str, ...], tuple[str, ...], int]:
        """"(ii)": the second item, or the second sub-item when it follows a lettered item (decided in ``items``)."""
        return ((), (), _ROMAN[_clean(token).rstrip(")").lower()])

    def subitems(self, *tokens: Token) -> tuple[str, ...]:
        return tuple(_clean(t).rstrip(")") for t in tokens)

    def items(self, *groups: tuple[object, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        letters: list[str] = []
        subs: list[str] = []
        for group in groups:
            if len(group) == 3:  # a roman item
                number = group[2]
                assert isinstance(number, int)
                if letters:
                    subs.append(str(number))
                elif chr(96 + number) not in letters:
                    letters.append(chr(96 + number))
                continue
            group_letters, group_subs = group[0], group[1]
            assert isinstance(group_letters, tuple) and isinstance(group_subs, tuple)
            letters.extend(c for c in group_letters if c not in letters)
            subs.extend(group_subs)
        return (tuple(letters), tuple(subs))

    def note(self, token: Token) -> int:
        digits = re.sub(r"\D", "", token)
        return int(digits) if digits else 0

    def title(self, *tokens: Token) -> int:
        """A clause's title: read for nothing but where it ends."""
        return max((t.end_pos for t in tokens if isinstance(t, Token) and t.end_pos is not None), default=-1)

    # -- references -----------------------------------------------------------------------------------------
    @staticmethod
    def _ref(meta: Meta, clause: str, annex: str | None, rest: tuple[object, ...], anchored: bool) -> Citation:
        items: tuple[str, ...] = ()
        subitems: tuple[str, ...] = ()
        note = None
        for part in rest:
            if isinstance(part, tuple):
                items, subitems = part
            elif isinstance(part, int):
                note = part
        if re.fullmatch(r".*\.[a-z]", clause, re.I):  # "8.5.1.c"
            clause, letter = clause.rsplit(".", 1)
            items = (letter.lower(),) + tuple(i for i in items if i != letter.lower())
        return Citation(text="", start=meta.start_pos, end=meta.end_pos, clause=clause, annex=annex,
                        items=items, subitems=subitems, note=note, anchored=anchored)

    @staticmethod
    def _split_prefix(parts: tuple[object, ...], id_type: str) -> tuple[Token | None, Token, tuple[object, ...]]:
        first = parts[0]
        assert isinstance(first, Token)
        if first.type == id_type:
            return None, first, parts[1:]
        second = parts[1]
        assert isinstance(second, Token)
        return first, second, parts[2:]

    @v_args(meta=True, inline=True)
    def ref_clause(self, meta: Meta, *parts: object) -> Citation:
        prefix, token, rest = self._split_prefix(parts, "CLAUSE_ID")
        annex = "A" if prefix is not None and prefix.type in ("CONTROL_WORD", "ANNEX_WORD") else None
        clause = f"A.{token}" if annex else str(token)
        return self._ref(meta, clause, annex, rest, anchored=prefix is not None)

    @v_args(meta=True, inline=True)
    def ref_annex_id(self, meta: Meta, *parts: object) -> Citation:
        _, token, rest = self._split_prefix(parts, "ANNEX_ID")
        digits = re.sub(r"^A[\s.]*", "", str(token), flags=re.I)
        return self._ref(meta, f"A.{digits}", "A", rest, anchored=True)

    @classmethod
    def _annex_ref(cls, meta: Meta, letter: Token, clause: Token, rest: tuple[object, ...]) -> Citation:
        annex = str(letter).upper()
        digits = re.sub(r"^[A-Z][\s.]*", "", str(clause), flags=re.I)  # "Annex A control A.8.15"
        return cls._ref(meta, f"{annex}.{digits}", annex, rest, anchored=True)

    @v_args(meta=True, inline=True)
    def ref_annex_control(self, meta: Meta, _word: Token, letter: Token, _control: Token, clause: Token,
                          *rest: object) -> Citation:
        return self._annex_ref(meta, letter, clause, rest)

    @v_args(meta=True, inline=True)
    def ref_annex_number(self, meta: Meta, _word: Token, letter: Token, clause: Token, *rest: object) -> Citation:
        """"Annex A - 5.15", "Annex A, A.8.2": the annex, a separator and the number of one of its controls."""
        return self._annex_ref(meta, letter, clause, rest)

    @v_args(meta=True, inline=True)
    def ref_annex(self, meta: Meta, _word: Token, letter: Token) -> Citation:
        annex = str(letter).upper()
        return Citation(text="", start=meta.start_pos, end=meta.end_pos, clause=annex, annex=annex)

    def refs(self, *refs: Citation | None) -> list[Citation]:
        return [r for r in refs if r is not None]

    @v_args(meta=True, inline=True)
    def doc_ref(self, meta: Meta, ref: Token, *_section: Token) -> Citation:
        return Citation(text="", start=meta.start_pos, end=meta.end_pos, document=re.sub(r"\s+", " ", str(ref)))

    # -- groups ---------------------------------------------------------------------------------------------
    @v_args(meta=True, inline=True)
    def standard_only(self, meta: Meta, std: StandardRef) -> list[Citation]:
        return [Citation(text="", start=meta.start_pos, end=meta.end_pos, standard=std)]

    @v_args(meta=True, inline=True)
    def cited(self, meta: Meta, *parts: object) -> list[Citation]:
        return self._cited(meta, *parts)

    @staticmethod
    def _cited(meta: Meta, *parts: object) -> list[Citation]:
        prefix = parts[0] if isinstance(parts[0], StandardRef) else None
        refs = parts[1] if prefix is not None else parts[0]
        suffix = parts[-1] if len(parts) > 1 and isinstance(parts[-1], StandardRef) and parts[-1] is not prefix else None
        assert isinstance(refs, list)
        # another standard in a bracket after a clause whose standard is written before it ("ISO 14001:2015 6.1.2
        # (ISO 14004)") is a second reference, a guide beside the requirement, not the clause's own standard
        beside = suffix if prefix is not None and suffix is not None and suffix.number != prefix.number else None
        std = prefix if beside is not None else suffix or prefix
        out = []
        for n, r in enumerate(refs):
            start = meta.start_pos if n == 0 and prefix is not None else r.start
            end = meta.end_pos if n == len(refs) - 1 and suffix is not None and beside is None else r.end
            out.append(Citation(text="", start=start, end=end, standard=std, clause=r.clause, annex=r.annex,
                                items=r.items, subitems=r.subitems, note=r.note,
                                anchored=r.anchored or std is not None))
        if beside is not None:
            title_end = next((p for p in parts if isinstance(p, int) and not isinstance(p, bool)), -1)
            out.append(Citation(text="", start=max(refs[-1].end, title_end), end=meta.end_pos, standard=beside))
        return out

    @v_args(meta=True, inline=True)
    def cited_bare_std(self, meta: Meta, number: Token, *parts: object) -> list[Citation]:
        """"14001 6.1.2": a standard's number alone, then its clause."""
        num, _, dash = str(number).partition("-")
        return self._cited(meta, StandardRef(number=num, part=f"-{dash}" if dash else None), *parts)

    @v_args(meta=True, inline=True)
    def document(self, meta: Meta, *parts: object) -> list[Citation]:
        doc = parts[-1]
        std = parts[0] if isinstance(parts[0], StandardRef) else None
        assert isinstance(doc, Citation)
        return [Citation(text="", start=meta.start_pos, end=meta.end_pos, standard=std, document=doc.document)]

    def field(self, *groups: list[Citation]) -> list[Citation]:
        out: list[Citation] = []
        previous: list[Citation] = []
        for group in groups:
            if _names_previous(group, previous, self.text):  # "8.5.1 c) ISO 9001:2015": the standard of 8.5.1
                std = group[0].standard
                merged = [replace(c, text="", end=group[0].end if c is previous[-1] else c.end, standard=std,
                                  anchored=True) for c in previous]
                out[len(out) - len(previous):] = merged
                previous = []
                continue
            out.extend(group)
            previous = group
        return out

    def prose(self, *children: object) -> list[Citation]:
        """Citations among skipped prose tokens."""
        return [c for group in children if isinstance(group, list) for c in group]


def _names_previous(group: list[Citation], previous: list[Citation], text: str) -> bool:
    """A standard alone, right after (only spaces between) clause ids written without a standard."""
    if len(group) != 1 or group[0].clause or group[0].document or group[0].standard is None or not previous:
        return False
    if any(c.standard is not None or not c.clause for c in previous):
        return False
    return not text[previous[-1].end:group[0].start].strip()


def _parser() -> Lark:
    return grammars.parser("citation", start=("field", "prose", "standard"), maybe_placeholders=False,
                           propagate_positions=True)


_BESIDE_OPENER = re.compile(r"\s*(?:[(\[]|[-\u2013\u2014]|of\b)\s*", re.IGNORECASE)


def _spans(citations: list[Citation], text: str) -> tuple[Citation, ...]:
    """Fill in each citation's text from its span (the standard's span is folded in where known)."""
    out = []
    for c in citations:
        start, end = c.start, c.end
        if c.standard is not None and not c.clause and c.document is None:
            # a standard written beside a clause in a bracket, after a dash or "of" ("ISO 45001:2018 8.1.2 (ISO
            # 45002)"): the standard itself, without what set it apart
            opener = _BESIDE_OPENER.match(text, start, end)
            start = opener.end() if opener else start
            while end > start and text[end - 1] in ")] \t":
                end -= 1
        out.append(Citation(text=text[start:end].strip(), start=start, end=end, standard=c.standard,
                            clause=c.clause, annex=c.annex, items=c.items, subitems=c.subitems, note=c.note,
                            anchored=c.anchored, document=c.document, reference=c.reference))
    return tuple(out)


@lru_cache(maxsize=16384)
def parse_citations(text: str) -> tuple[Citation, ...]:
    """Parse a clause field: ``"ISO 9001:2015 §7.1.5.2 a)"`` → one Citation. Empty text gives ``()``.

    Raises ``CitationSyntaxError`` (with the column and what was expected) when the text is not a citation.
    """
    if not text.strip():
        return ()
    try:
        tree = _parser().parse(text, start="field")
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    return _spans(_ToCitations(text).transform(tree), text)


# a justification in brackets after an exclusion: at least two words ("(no design responsibility; products made to
# customer drawings)"), never an item "(a)", a sub-item "(2)" or an edition "(2015)"
_JUSTIFICATION = re.compile(r"\s*\((?=[^()]*[^\W\d_]{2,}\s+[^\W\d_]{2,})[^()]*\)")
# or after a dash or a colon, to the end ("8.3 — products are made to customer specifications; no design"), again
# at least two words
_DASH_JUSTIFICATION = re.compile(r"(?:\s+(?:[—–]|-{1,2})|\s*:)\s+(?=.*?[^\W\d_]{2,}\s+[^\W\d_]{2,}).*$", re.S)


def excluded_activity(text: str) -> str | None:
    """The part of the work an exclusion leaves out of the certified scope when it names no requirement: words
    without a number, a standard or a clause word ("Rendering and animal by-product processing (carried out by the
    sister company under its own permit)" → "Rendering and animal by-product processing"), without its
    justification; None for an exclusion of a requirement ("8.3", "A.7.4 (no premises)", "ISO 9001 8.3")."""
    bare = _JUSTIFICATION.sub(" ", text)
    bare = " ".join(_DASH_JUSTIFICATION.sub("", bare).split()).strip(" .,;")
    if not bare or any(ch.isdigit() for ch in bare) or not re.search(r"[^\W\d_]{2,}", bare) or find_citations(bare):
        return None
    return bare


def parse_exclusion(text: str) -> tuple[Citation, ...]:
    """Parse one declared exclusion: a clause field (``parse_citations``), which may carry its justification in
    brackets ("8.3 (all products are made to the customer's designs; no design responsibility)") or after a dash or
    a colon ("8.3 — products are made to customer specifications; no design activity"); the citations' positions
    are then in the text without it. An exclusion that names no requirement but a part of the work
    (``excluded_activity``) holds no citation: the scope rules read it with what the scope text leaves out. Raises
    the ``CitationSyntaxError`` of the whole text when the text without its justification is no citation either."""
    if excluded_activity(text) is not None:
        return ()
    try:
        return parse_citations(text)
    except CitationSyntaxError as error:
        unbracketed = _JUSTIFICATION.sub(" ", text).strip()
        for bare in dict.fromkeys((unbracketed, _DASH_JUSTIFICATION.sub("", unbracketed).strip())):
            if bare and bare != text.strip():
                try:
                    return parse_citations(bare)
                except CitationSyntaxError:
                    pass
        raise error from None


@lru_cache(maxsize=16384)
def find_citations(text: str) -> tuple[Citation, ...]:
    """Pick the citations out of free text; bare numbers without a clause word or standard are skipped."""
    if not text.strip():
        return ()
    tree = _parse_prose(text)
    return tuple(c for c in _spans(_ToCitations(text).transform(tree), text) if c.anchored or c.document)


# The terminals that every citation other than a client's document contains: a standard's publisher or edition,
# a standard's number before a clause, a clause, control or annex word, an annex id ("A.8.15"). Text in which none
# of them matches anywhere holds no such citation, and the parser need not read it.
_ANCHORS = ("PUBLISHER", "YEAR_EDITION", "BARE_STDNUM", "CLAUSE_WORD", "CONTROL_WORD", "ANNEX_WORD", "ANNEX_ID")
# For ASCII text (most), case-insensitive searches are slow (~200 µs for a paragraph), so the lower-cased text is
# searched for the words and annex ids with the terminals' own patterns without their case-insensitivity (a test
# compares them) and for the names every publisher ends with; a standard's number before a clause is looked for
# only where a run of four digits or more starts. In ASCII text a token never starts right after a letter (every
# terminal that can end with a letter is greedy or refuses a letter after it), so "ACL-30" holds no clause word.
_ASCII_WORDS = re.compile(r"(?<![a-z])(?:(?:clauses?|cl|sections?|sect|sec|paragraph|para|controls?|annex)(?![a-z])"
                          r"|a(?:\s*\.\s*|\s+)\d{1,2}(?:\.\d{1,2})+(?!\d)|a\.\d{1,2}(?![\d.])"
                          r"|(?:iso|iec|ohsas|iatf|nzs)(?![a-z]))")
_DIGIT_RUN = re.compile(r"\d{4,}")


@lru_cache(maxsize=1)
def _anchors() -> dict[str, re.Pattern[str]]:
    terminals = {t.name: t.pattern.to_regexp() for t in _parser().terminals}
    found = {name: re.compile(terminals[name]) for name in _ANCHORS}
    found["every"] = re.compile("|".join(terminals[name] for name in _ANCHORS))
    return found


def may_cite(text: str) -> bool:
    """Whether prose may hold a citation that is not a document, without parsing it. False means
    ``find_citations(text)`` finds documents at most."""
    anchors = _anchors()
    if not text.isascii():
        return anchors["every"].search(text) is not None
    if _ASCII_WORDS.search(text.lower()) is not None or anchors["YEAR_EDITION"].search(text) is not None:
        return True
    number = anchors["BARE_STDNUM"]  # it starts where a run of digits starts
    return any(number.match(text, run.start()) for run in _DIGIT_RUN.finditer(text))


def find_field_citations(text: str) -> tuple[Citation, ...]:
    """Citations in a part of a clause field the strict grammar cannot read: as ``find_citations``, and also bare
    dotted ids ("8.5.1"), which in a clause field are clauses, not numbers."""
    if not text.strip():
        return ()
    tree = _parse_prose(text)
    found = [c for c in _spans(_ToCitations(text).transform(tree), text) if c.anchored or c.document or "." in c.clause]
    section = _document_section()
    out: list[Citation] = []
    after_document = -1  # where the last document ends
    last_section: Citation | None = None  # a section of it read as its own, for the end of a range
    for c in found:
        # a bare id after a client's document, with a word that numbers a part of a document before it, is that
        # document's section ("SOP-SEG-07 Resguardos de máquinas, punto 4.3"), not a clause of the standard; so is
        # an id written with such a word right after the document's title in brackets, and the end of its range
        # written with a hyphen and no space ("PRO-SSO-14 (Bloqueo y etiquetado) §4.2-4.5"), never one a standard
        # follows ("QP-08 (Nonconforming output) §8.7 ISO 9001")
        own = c.standard is None and not c.document and after_document >= 0 \
            and not _STANDARD_AFTER.match(text, c.end)
        if own and ((section is not None and not c.anchored and section.search(text, 0, c.start))
                    or (_BRACKETED_TITLE.fullmatch(text, after_document, c.start)
                        and opens_with_section(text[c.start:c.end]))
                    or (last_section is not None and _RANGE_DASH.fullmatch(text, last_section.end, c.start)
                        and _number(c.clause) > _number(last_section.clause))):
            last_section = c
            continue
        if c.document:
            after_document = c.end
        last_section = None
        out.append(c)
    return tuple(out)


# a client's document's title in brackets, between its code and a section of it; the hyphen of a range of sections;
# a standard named right after a number, which makes it that standard's clause
_BRACKETED_TITLE = re.compile(r"\s*\([^()\d]*\)\s*")
_RANGE_DASH = re.compile(r"[-\u2013]")
_STANDARD_AFTER = re.compile(r"\s*(?:(?:(?i:ISO|IEC|OHSAS|IATF)|BS|EN)[\s/]*)+[:\-]*\d")


def _number(clause: str) -> tuple[int, ...]:
    """A dotted number's parts, to order two sections ("4.2" < "4.5"); () for anything else."""
    return tuple(int(p) for p in clause.split(".")) if re.fullmatch(r"\d+(?:\.\d+)*", clause) else ()


def opens_with_section(cited: str) -> bool:
    """Whether a citation as written opens with a word that numbers a part of a document ("§4.2", "para 3")."""
    section = _document_section()
    words = re.match(r"\D*", cited)
    return section is not None and words is not None and section.search(words.group(0)) is not None


def section_word_before(text: str) -> int | None:
    """Where a word that numbers a part of a document ends the text ("Port Safety Code §", "… guidelines, s."; "s."
    only with its dot), or None."""
    section = _document_section()
    found = section.search(text) if section is not None else None
    found = found or re.search(r"(?<![^\W\d_])s\.\s*$", text)
    return found.start() if found is not None else None


def names_document(title: str) -> bool:
    """Whether words name a document by its title: a word for a kind of document (``document_titles`` in
    words.yaml: "code", "guidelines", "manual") or its year in brackets ("(2019)"). An acronym alone does not: it
    names the management system as often ("QMS section 8.5.1") as a document."""
    words = _document_titles()
    return bool((words is not None and words.search(title)) or re.search(r"\((?:19|20)\d\d\b", title))


@lru_cache(maxsize=1)
def _document_titles() -> re.Pattern[str] | None:
    """A word for a kind of document (``document_titles``), as a whole word anywhere in the text searched."""
    words = word_list("document_titles")
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, words))})(?![^\W\d_])", re.IGNORECASE) \
        if words else None


@lru_cache(maxsize=1)
def _document_section() -> re.Pattern[str] | None:
    """A word that numbers a part of a document (``document_sections`` of every language in words.yaml) right before
    the end of the text searched."""
    words = word_list("document_sections")
    if not words:
        return None
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, words))})\.?\s*$", re.IGNORECASE)


# parts of a clause field: ";", "|", a line break, or " / " and " + " with spaces around them
_SEGMENT_SEP = re.compile(r"\s*(?:[;|\n]|\s[/+]\s)\s*")


def field_segments(text: str) -> list[tuple[int, int]]:
    """The spans of the parts of a clause field, in order, without the separators and surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for sep in _SEGMENT_SEP.finditer(text):
        spans.append((start, sep.start()))
        start = sep.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            out.append((a + lead, a + lead + len(piece.strip())))
    return out


def _parse_prose(text: str) -> Tree[Token]:
    """Parse free text, never failing: an unexpected token is skipped; a citation left unfinished at the end
    ("… as ISO 9001:2015 Annex") is cut off and the text before it parsed again."""
    # Prose and field share LALR states, so a connective the field grammar expects can turn up where prose
    # does not; lark's on_error skips such a token and resumes. At the end of the text there is nothing to skip.
    visible = text
    while True:
        try:
            return _parser().parse(visible, start="prose", on_error=_resumable)
        except UnexpectedInput as exc:
            cut = _open_start(exc, len(visible))
            visible = visible[:cut]


def _resumable(exc: UnexpectedInput) -> bool:
    return not (isinstance(exc, UnexpectedToken) and exc.token.type == "$END")


def _open_start(exc: UnexpectedInput, length: int) -> int:
    """Where the last unfinished piece on the parser's stack starts (always before ``length``)."""
    state = getattr(getattr(exc, "interactive_parser", None), "parser_state", None)
    stack = getattr(state, "value_stack", None) or []
    start = None
    if stack:
        last = stack[-1]
        start = getattr(last if isinstance(last, Token) else getattr(last, "meta", None), "start_pos", None)
    return start if isinstance(start, int) and 0 <= start < length else max(length - 1, 0)


@lru_cache(maxsize=1024)
def parse_standard(name: str) -> StandardRef:
    """``"BS EN ISO 14001:2015"`` → StandardRef(number='14001', year=2015); raises CitationSyntaxError."""
    try:
        tree = _parser().parse(name, start="standard")
    except UnexpectedInput as exc:
        raise _syntax_error(exc, name, what="standard name") from None
    std = _ToCitations(name).transform(tree).children[0]
    assert isinstance(std, StandardRef)
    return std


def _syntax_error(exc: UnexpectedInput, text: str, what: str = "citation") -> CitationSyntaxError:
    column = getattr(exc, "column", 0) or 0
    at_end = isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END")
    if at_end:  # lark puts $END at the last token; the problem is what is missing after it
        column = len(text.rstrip()) + 1
    expected: set[str] = set()
    if isinstance(exc, UnexpectedToken):
        expected = {str(e) for e in exc.accepts or exc.expected}
    elif isinstance(exc, UnexpectedCharacters):
        expected = set(exc.allowed or ())
    names = tuple(sorted({_EXPECTED_NAMES[e] for e in expected if e in _EXPECTED_NAMES}))
    found = repr(text[column - 1:column + 11].split("\n")[0]) if 0 < column <= len(text.rstrip()) else "end of the text"
    message = f"cannot read {what} {text!r}: unexpected {found} at column {column}"
    if names:
        message += "; expected " + " or ".join(names)
    return CitationSyntaxError(message, text, column, names)
