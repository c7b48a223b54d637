"""The clause-catalog file format: one YAML file per standard edition, one per edition-to-edition map.

These pydantic models are the format's single definition: loading validates against them, and
``docs/catalog.schema.json`` / ``docs/map.schema.json`` are generated from them.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

from .kinds import Kind, Relationship, Status
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

CLAUSE_ID = re.compile(r"^(?:[A-Z](?:\.\d{1,2})*|\d{1,2}(?:\.\d{1,2})*)$")
"""Clause ids: ``8``, ``8.5.1``, ``7.5.3.2``; annex ids: ``A``, ``A.5``, ``A.8.15``, ``A.12.6.1``."""
ANCHOR = re.compile(r"[a-z0-9][a-z0-9&'./-]*(?: [a-z0-9][a-z0-9&'./-]*){0,2}(?:(?<=[a-z0-9&'./-]{3})\*)?")
"""An anchor: one to three lowercase words, the last one's stem of three characters or more may end in ``*``."""


def _expand_letters(value: object) -> object:
    """Accept ``"a-h"`` as shorthand for ``[a, b, …, h]``; lists pass through."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return []
        match = re.fullmatch(r"([a-z])\s*-\s*([a-z])", value)
        if match:
            first, last = (ord(c) for c in match.groups())
            if last < first:
                raise ValueError(f"item range {value!r} runs backwards")
            return [chr(c) for c in range(first, last + 1)]
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


Letters = Annotated[tuple[str, ...], BeforeValidator(_expand_letters, json_schema_input_type=str | list[str])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ClauseEntry(_Strict):
    """One clause, sub-clause, annex clause or annex control of an edition."""

    id: str = Field(description="Clause id as the standard numbers it: '8.5.1', 'A.8.15'.",
                    json_schema_extra={"pattern": CLAUSE_ID.pattern})
    title: str | None = Field(
        description="Title as the standard gives it; null for sub-clauses the standard leaves untitled."
    )
    kind: Kind = Kind.CLAUSE
    normative: bool = Field(True, description="False for informative annexes.")
    requirement: bool = Field(
        description="True when the clause itself states requirements (a specific requirement an NC can cite); "
        "false for a heading whose requirements sit in its sub-clauses."
    )
    items: Letters = Field((), description="Letters of the clause's lettered list: [a, b, c] or 'a-c'.")
    subitems: dict[str, int] = Field(
        default_factory=dict, description="Numbered sub-items per lettered item: {c: 7} means c) 1) to c) 7)."
    )
    excludable: bool = Field(
        False,
        description="May be declared not applicable: ISO 9001 requirements (4.3), ISO/IEC 27001 Annex A controls (SoA).",
    )
    hs: str | None = Field(None, description="Harmonized-structure clause this one corresponds to.")
    references: tuple[str, ...] = Field((), description="Ids of other clauses of this edition it refers to.")
    aliases: tuple[str, ...] = Field((), description="Common variants of the title, accepted when parsing.")
    summary: str = Field(description="One line in our own words; never the standard's text.")
    keywords: tuple[str, ...] = Field((), description="Topic keywords in our own words, for subject matching.")
    synonyms: tuple[str, ...] = Field(
        (), description="Words and phrases auditors use for the clause's subject, for subject matching.")
    item_subjects: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Per lettered item whose subject differs from its siblings': the words and phrases that name "
        "that item's subject, for telling a cited item from the one a statement is about: {b: [root cause]}.")
    close: tuple[str, ...] = Field(
        (), description="Ids of clauses of the same edition whose subject lies next to this one's, so that a finding "
        "on one is often cited to the other (6.1.2 aspects and 6.1.3 compliance obligations; A.5.15 access control "
        "and A.5.18 access rights); read with `distinct`, both ways.")
    distinct: tuple[str, ...] = Field(
        (), description="The words and phrases that name this clause's subject and none of its close clauses': the "
        "act (determining, planning action, evaluating), the object (access rights, authentication), the event "
        "(incident, hazard).")
    anchors: tuple[str, ...] = Field(
        (), description="Words of which any finding about this clause names at least one, in its statement, quoted "
        "requirement or evidence: the subject's indispensable vocabulary (competence: train*, qualif*, skill*...). A "
        "word ending in * matches any ending; two or three words match in sequence. Leave empty for a clause whose "
        "subject can be written in any words (4.4, 8.1).")
    confidence: Literal["high", "medium", "low"] = Field(
        "high", description="How sure the public sources are of this entry's id, title and structure.")
    text: str | None = Field(None, description="Licensed full text, for users' own copies. Empty in the bundled catalogs.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not CLAUSE_ID.match(value):
            raise ValueError(f"clause id {value!r} is not of the form '8.5.1' or 'A.8.15'")
        return value

    @field_validator("anchors")
    @classmethod
    def _anchor_shape(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for anchor in value:
            if not ANCHOR.fullmatch(anchor):
                raise ValueError(f"anchor {anchor!r} must be one to three lowercase words, a word's stem of at least "
                                 f"three letters ending in * allowed (train*, back up, root cause)")
        return value

    @field_validator("items")
    @classmethod
    def _letters(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for letter in value:
            if not re.fullmatch(r"[a-z]", letter):
                raise ValueError(f"lettered item {letter!r} must be a single letter a-z")
        if len(set(value)) != len(value):
            raise ValueError("lettered items repeat")
        return value

    @model_validator(mode="after")
    def _subitems_on_items(self) -> ClauseEntry:
        for letter in self.subitems:
            if letter not in self.items:
                raise ValueError(f"subitems given for {letter}) which is not among the items")
        for letter, phrases in self.item_subjects.items():
            if letter not in self.items:
                raise ValueError(f"item_subjects given for {letter}) which is not among the items")
            if not phrases:
                raise ValueError(f"item_subjects for {letter}) names no phrase")
        return self

    @property
    def parent_id(self) -> str | None:
        """Containment is spelled by the id: 8.5.1 is in 8.5; A.8.15 in A.8; A.8 in A."""
        head, dot, _ = self.id.rpartition(".")
        return head if dot else None


class Amendment(_Strict):
    id: str = Field(description="'Amd 1:2024'.")
    published: _dt.date | None = None
    clauses: tuple[str, ...] = ()
    summary: str


class CatalogFile(_Strict):
    """A whole edition: its metadata and every clause."""

    format: Literal[1] = Field(1, description="Version of this file format.")
    standard: str = Field(description="Canonical name of the standard: 'ISO 9001', 'ISO/IEC 27001', 'OHSAS 18001'.")
    edition: int = Field(description="Edition year: 2015.")
    title: str
    status: Status
    published: _dt.date | None = None
    withdrawn: _dt.date | None = None
    transition_end: _dt.date | None = Field(
        None, description="For a superseded edition: the last day it may be audited (a configuration's "
        "'transition_ends' may set another)."
    )
    supersedes: str | None = Field(None, description="The edition this one replaces: 'ISO 9001:2008'.")
    aliases: tuple[str, ...] = Field((), description="Other names of the standard: 'BS EN ISO 9001', 'ISO 27001'.")
    harmonized_structure: bool = True
    items_known: bool = Field(
        True, description="False while the lettered items of this edition are not established: cited items "
        "are then accepted unchecked.")
    amendments: tuple[Amendment, ...] = ()
    clauses: tuple[ClauseEntry, ...]

    @property
    def key(self) -> str:
        return f"{self.standard}:{self.edition}"


class MapEntry(_Strict):
    source: str = Field(alias="from", description="Clause id in the old edition.")
    targets: tuple[str, ...] = Field(alias="to", description="Clause id(s) in the new edition; empty when removed.")
    relationship: Relationship
    confidence: Literal["high", "medium", "low"] = "high"
    note: str | None = None

    @model_validator(mode="after")
    def _removed_has_no_target(self) -> MapEntry:
        if (self.relationship is Relationship.REMOVED) != (not self.targets):
            raise ValueError("'removed' entries have no target and only they do")
        return self


class MapFile(_Strict):
    """Edition-to-edition correspondence: 'ISO 9001:2008' -> 'ISO 9001:2015'."""

    format: Literal[1] = 1
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    sources: tuple[str, ...] = Field((), description="Where the correspondence comes from.")
    entries: tuple[MapEntry, ...]


class GuidanceDocument(_Strict):
    standard: str = Field(description="'ISO 9004', 'ISO/IEC 27002', 'NIST CSF', 'COSHH': the name it is known by.")
    title: str
    summary: str = ""
    kind: Literal["guidance", "law", "scheme"] = Field(
        "guidance", description="guidance (standards of guidance, frameworks, codes of practice): never audit "
        "criteria; law (acts, regulations, directives): criteria only through the audited standard's clauses on "
        "legal requirements; scheme (another certification scheme): not among the audit criteria.")
    field: str = Field("", description="quality, environment, ohs, information_security, risk, auditing or general.")
    names: tuple[str, ...] = Field((), description="Regular expressions (case-insensitive, searched in the cited "
                                   "text) that recognise it when it is not written as an ISO standard number.")
    requirement: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Audited edition ('ISO/IEC 27001:2022') -> the clause ids its subject "
        "belongs to; '{clause}' stands for the id cited in the guidance ('ISO/IEC 27002 5.15' -> A.5.15).")
    source: str = ""


class GuidanceFile(_Strict):
    """Documents that are never audit criteria in themselves: guidance (ISO 9004, ISO 19011, ISO/IEC 27002, NIST CSF,
    HSE guidance...), laws and regulations, other certification schemes."""

    format: Literal[1] = 1
    documents: tuple[GuidanceDocument, ...]
    fields: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Field ('ohs') -> the families of the audited standards in it ('45001'): "
        "a law of one field is cited through the legal-requirements clauses of that field's standard.")
    legal_requirements: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Audited edition -> the clause ids through which laws and regulations "
        "become audit criteria (compliance obligations, legal requirements).")
    client_documents: tuple[str, ...] = Field(
        (), description="Regular expressions (case-insensitive, matching a whole part of a clause field) that "
        "recognise the client's own document named in words: 'the access control procedure', 'Quality Manual "
        "section 5'.")


class NotRequiredEntry(_Strict):
    """Something a clause (or, with no clause, the whole edition) does not require: a common misreading raised as
    a nonconformity, or a requirement an earlier edition made and this one dropped."""

    clause: str | None = Field(
        None, description="Clause id of the edition ('7.5.1', 'A.8.8'); the entry covers its sub-clauses too. "
        "Absent: the entry applies to every clause of the edition.", json_schema_extra={"pattern": CLAUSE_ID.pattern})
    what: str = Field(description="What is not required, as a noun phrase for messages: 'a quality manual'.")
    reason: str = Field(description="Why not, in one line of our own words (never the standard's text).")
    phrases: tuple[str, ...] = Field(
        min_length=1, description="How findings name the thing: phrases matched on whole words, case-insensitively; "
        "'*' inside a phrase is any one word; the last word, when it is a word of four letters or more, also "
        "matches its plural and its -ing and -ed forms.")
    removed: bool = Field(
        False, description="True when an earlier edition required it and this edition removed the requirement "
        "(quality manual, management representative, preventive action).")
    absence: bool = Field(
        True, description="True: a finding counts only where it says the thing is missing (a word of the rules' "
        "'absence' lexicon shortly before the phrase, in the same sentence, or inside the phrase; or one of its "
        "'absence_after' lexicon right after it). False: any mention "
        "counts (a result or trend, such as 'rose from').")
    source: str = Field(description="Where the reading comes from: an address or a public document's name.")

    @field_validator("clause")
    @classmethod
    def _clause_shape(cls, value: str | None) -> str | None:
        if value is not None and not CLAUSE_ID.match(value):
            raise ValueError(f"clause id {value!r} is not of the form '8.5.1' or 'A.8.15'")
        return value

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in value:
            if not phrase.strip() or phrase.strip().startswith("*"):
                raise ValueError(f"phrase {phrase!r} is empty or begins with '*'")
        return value


class NotRequiredFile(_Strict):
    """What the clauses of one standard's editions do not require (``clause_catalogs/not-required/``)."""

    format: Literal[1] = 1
    editions: tuple[str, ...] = Field(
        min_length=1, description="The editions the entries apply to, as the catalogs name them: "
        "['ISO 9001:2015', 'ISO 9001:2026']. An edition that is not loaded is skipped; a clause the entries name "
        "must exist in every listed edition that is loaded.")
    not_required: tuple[NotRequiredEntry, ...]
