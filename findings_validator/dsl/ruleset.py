"""Rule files → a ``RuleSet``: lexicons merged, every rule statically checked and compiled, ids registered.

The built-in ISO/IEC 17021-1 rules are simply the first pack (entry point group ``findings_validator.rules``);
users' files are loaded after it and may extend or replace its lexicons.
"""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, is_dataclass, replace
from functools import lru_cache
from pathlib import Path

from .. import __version__, regular
from ..catalog import cache
from ..catalog.paths import grammar_file
from ..errors import ConfigError, Location, RuleSyntaxError
from ..models import Diagnostic, Effect, RuleInfo, Severity
from ..reasons import reason_codes, unknown_code_hint
from . import conditions as named
from . import nodes as A
from .compiler import CompileError, ExprCompiler, Fn, Scope, compile_template, recording, to_error
from .evidence import Labels
from .bounds import MAX_LEXICON_PHRASES
from .parser import parse_rules
from .text import LexiconMatcher, TextScan

OUTCOMES: dict[str, tuple[Effect, Severity]] = {
    "reject": (Effect.REJECT, Severity.ERROR),
    "downgrade": (Effect.DOWNGRADE, Severity.ERROR),
    "reclassify": (Effect.RECLASSIFY, Severity.ERROR),
    "upgrade": (Effect.UPGRADE, Severity.ERROR),
    "warn": (Effect.NONE, Severity.WARNING),
    "inform": (Effect.NONE, Severity.INFO),
}
ALL_GRADES = frozenset({"major", "minor", "ofi", "observation", "positive"})
TARGETS: dict[str, frozenset[str]] = {
    **{g: frozenset({g}) for g in ALL_GRADES},
    "nonconformities": frozenset({"major", "minor"}),
    "findings": ALL_GRADES,
}
_REACHABLE = {  # grades on which an effect can change anything
    Effect.DOWNGRADE: frozenset({"major", "minor"}),
    Effect.RECLASSIFY: frozenset({"ofi", "observation"}),
    Effect.UPGRADE: frozenset({"minor"}),
}


@dataclass
class CompiledRule:
    """A rule ready to run: its metadata, its grades (None for report rules) and its closures."""

    info: RuleInfo
    name: str
    grades: frozenset[str] | None
    condition: Fn | None
    message: Fn
    suggestion: Fn | None
    group_where: Fn | None = None
    group_key: Fn | None = None
    leaves: tuple[tuple[str, Fn], ...] = ()
    focus: str | None = None                 # the finding field the rule is about, for positions
    rationale: str = ""
    aliases: tuple[str, ...] = ()
    examples: list[A.Example] = field(default_factory=list)
    pos: A.Pos | None = None
    when: A.Expr | None = None               # the condition's syntax tree (docs, property tests)
    needs_status: frozenset[str] | None = None  # a finding rule fires only with a citation of one of these
    cite: Fn | None = None                   # the clause to cite instead (the rule's 'cite' template)
    reads: frozenset[tuple[str, str]] = frozenset()  # (type, attribute) pairs its expressions read
    unless_downgraded: bool = False          # not reported when another rule downgrades the finding to an OFI
    only_if_reclassified: bool = False       # reported only when another rule reclassifies the finding as an NC

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def effect(self) -> Effect:
        return self.info.effect

    @property
    def detects(self) -> tuple[str, ...]:
        """The reason codes the rule declares it detects (empty when it declares none)."""
        return self.info.detects

    @property
    def severity(self) -> Severity:
        return self.info.severity

    @property
    def is_report_rule(self) -> bool:
        return self.grades is None


CHECKS_FILE = Path(__file__).resolve().parent.parent / "rulesets" / "checks.toml"


@lru_cache(maxsize=1)
def builtin_checks() -> tuple[tuple[RuleInfo, str, str], ...]:
    """The checks built into the readers and the engine (FV000–FV015), as (info, name, description), from
    ``rulesets/checks.toml``: selected, ignored, re-graded and explained like the rules."""
    data = tomllib.loads(CHECKS_FILE.read_text(encoding="utf-8"))
    return tuple((RuleInfo(rid, entry["title"], None, Severity(entry["severity"]), Effect.NONE, entry["description"],
                           "input", str(CHECKS_FILE)), entry["name"], entry["description"])
                 for rid, entry in sorted(data.items()))


def split_ids(entries: Iterable[str]) -> list[str]:
    """Rule selectors as given on a command line or in configuration: each entry may be a comma-separated list."""
    return [part.strip() for entry in entries for part in str(entry).split(",") if part.strip()]


@lru_cache(maxsize=16)
def lexicon_matcher(lexicons: tuple[tuple[str, tuple[str, ...]], ...]) -> LexiconMatcher:
    """One automaton per set of lexicons (name, phrases): a rule set and the selections made from it share theirs
    (building it takes ~20 ms at start-up; it is not changed once built)."""
    return LexiconMatcher(dict(lexicons))


class RuleSet:
    """Compiled rules and lexicons. Immutable once built; ``select`` returns a narrowed copy."""

    def __init__(self, rules: list[CompiledRule], lexicons: dict[str, tuple[str, tuple[str, ...]]],
                 checks: dict[str, RuleInfo] | None = None, left_out: tuple[str, ...] = (),
                 language: str = "en") -> None:
        self.rules = rules
        self.checks: dict[str, RuleInfo] = checks if checks is not None else {
            info.id: info for info, _, _ in builtin_checks()}
        """The built-in input and waiver checks that run (FV000–FV015), with their severity."""
        self.left_out = left_out
        """Ids of the rules and checks that a selection left out (empty when everything runs)."""
        self.lexicons = lexicons
        self.language = language
        """The language of the lexicons: 'en' for the built-in ones, else the language pack applied."""
        self._languages: dict[str, RuleSet] = {}
        self.matcher = lexicon_matcher(tuple((name, tuple(phrases)) for name, (_, phrases) in lexicons.items()))
        self.finding_rules = [r for r in rules if not r.is_report_rule]
        self.report_rules = [r for r in rules if r.is_report_rule]
        grades = sorted(set().union(*(r.grades for r in self.finding_rules)))  # type: ignore[arg-type]
        self.rules_for_grade: dict[str, tuple[CompiledRule, ...]] = {
            g: tuple(r for r in self.finding_rules if g in r.grades) for g in grades}  # type: ignore[operator]
        """The finding rules that apply to each grade, in rule order."""
        self._by_id = {r.id: r for r in rules}
        self._aliases = {alias: r.id for r in rules for alias in r.aliases}
        self.scan: Callable[[str], TextScan] = lru_cache(maxsize=256)(self.matcher.scan)  # a finding's few texts
        self.labels = Labels({name: phrases for name, (_, phrases) in lexicons.items()})
        """The patterns of a finding's structure: labels that separate statement and evidence, named places."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def canonical(self, rule_id: str) -> str:
        """The current id of ``rule_id`` (aliases of renamed rules map to it); ConfigError when unknown."""
        if rule_id in self._by_id or rule_id in self.left_out:
            return rule_id
        if rule_id in self._aliases:
            return self._aliases[rule_id]
        checks = {name: info.id for info, name, _ in builtin_checks()}
        if rule_id in checks.values():
            return rule_id
        names = {r.name: r.id for r in self.rules} | checks
        if rule_id in names:
            return names[rule_id]
        close = difflib.get_close_matches(rule_id, [*self._by_id, *names], n=1)
        hint = f"did you mean {close[0]}?" if close else "run 'findings-validator rules list' to see the rule ids"
        raise ConfigError(f"no such rule: {rule_id}", hint=hint)

    def matching(self, selector: str) -> list[str]:
        """The rule ids a selector names: ``ALL``, an id, alias or name, or a prefix of ids; ConfigError when none."""
        if selector.upper() == "ALL":
            return self.all_ids()
        if selector in self._by_id or selector in self._aliases:
            return [self.canonical(selector)]
        prefixed = [i for i in self.all_ids() if i.startswith(selector.upper())]
        return prefixed or [self.canonical(selector)]

    def all_ids(self) -> list[str]:
        """Every rule id and built-in check id this set could run (before any selection)."""
        return list(dict.fromkeys([*(info.id for info, _, _ in builtin_checks()), *(r.id for r in self.rules),
                                   *self.left_out]))

    def keep(self, diagnostic: Diagnostic) -> Diagnostic | None:
        """A built-in check's diagnostic as the selection wants it: None when the check is left out, re-graded
        when its severity was changed; any other diagnostic unchanged."""
        info = self.checks.get(diagnostic.rule)
        if info is None:
            return None if diagnostic.rule in self.left_out else diagnostic
        default = next(i.severity for i, _, _ in builtin_checks() if i.id == info.id)
        if info.severity is default or info.severity is diagnostic.severity:  # not re-graded (FV006 is per strict)
            return diagnostic
        return replace(diagnostic, severity=info.severity)

    def get(self, rule_id: str) -> CompiledRule:
        return self._by_id[self.canonical(rule_id)]

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = (),
               severities: dict[str, str] | None = None, extend_select: Iterable[str] = ()) -> RuleSet:
        """Keep ``select``ed rules (all when empty) and ``extend_select``ed ones, drop ``ignore``d ones, re-grade
        by ``severities``.

        Each entry may hold several, separated by commas; each is ``ALL``, a rule id, alias or name, or a prefix of
        rule ids (``FV``, ``FV1``, ``ACME``). ``ignore`` wins over both selections. The built-in input and waiver
        checks (FV000–FV015) stay unless ignored or unless the selection names some of them. A rule re-graded to
        warning or info loses its verdict effect: warnings never change a verdict.
        """
        def expand(ids: Iterable[str]) -> set[str]:
            out: set[str] = set()
            for rid in split_ids(ids):
                out.update(self.matching(rid))
            return out

        every = [r.id for r in self.rules] + list(self.checks)
        chosen = expand(select) if split_ids(select) else set(every)
        if chosen.isdisjoint(self.checks):  # a selection of rules (FV1) does not hide unreadable input: the input
            chosen |= set(self.checks)      # checks go only when ignored, or when the selection names some of them
        chosen |= expand(extend_select)
        chosen -= expand(ignore)
        checks = {}
        for rid, info in self.checks.items():
            if rid in chosen:
                level = (severities or {}).get(rid)
                checks[rid] = replace(info, severity=Severity(level)) if level else info
        rules = []
        for rule in self.rules:
            if rule.id not in chosen:
                continue
            level = (severities or {}).get(rule.id) or (severities or {}).get(rule.name)
            if level is not None:
                severity = Severity(level)
                effect = rule.effect if severity is Severity.ERROR else Effect.NONE
                rule = replace(rule, info=replace(rule.info, severity=severity, effect=effect))
            rules.append(rule)
        for rid in (severities or {}):
            self.canonical(rid)
        left_out = tuple(sorted({*self.left_out, *(i for i in every if i not in chosen)}))
        return RuleSet(rules, self.lexicons, checks, left_out)

    def for_language(self, language: str) -> RuleSet:
        """The same rules with a shipped language pack's lexicons in place of the built-in ones ('' or 'en': these
        rules); ConfigError for a language with no pack."""
        from ..languages import BUILTIN, available, pack_file, primary

        code = primary(language) if language.strip() else BUILTIN
        if code == self.language:
            return self
        if code not in self._languages:
            path = pack_file(code)
            if path is None:
                raise ConfigError(f"no language pack for {language!r}", hint=f"shipped: {', '.join(available())}")
            pack = _parsed(path.read_text(encoding="utf-8"), str(path))
            if pack.rules or pack.conditions:
                first = pack.rules[0].pos if pack.rules else pack.conditions[0].pos
                raise to_error([CompileError(first, "a language pack holds lexicons and examples, not rules or "
                                                    "conditions")])
            lexicons = dict(self.lexicons)
            for lex in pack.lexicons:  # replacing (or defining) a lexicon, or extending one
                desc, phrases = lexicons.get(lex.name, ("", ()))
                if lex.mode == "extend":
                    phrases += tuple(p for p in lex.phrases if p not in phrases)
                else:
                    phrases = lex.phrases
                lexicons[lex.name] = (lex.description or desc, phrases)
            self._languages[code] = RuleSet(self.rules, lexicons, self.checks, self.left_out, language=code)
        return self._languages[code]

    def infos(self) -> list[RuleInfo]:
        return [r.info for r in self.rules]


# ---- building ------------------------------------------------------------------------------------------------
def _merge_lexicons(files: list[A.RuleFile]) -> tuple[dict[str, tuple[str, tuple[str, ...]]], list[CompileError]]:
    lexicons: dict[str, tuple[str, tuple[str, ...]]] = {}
    where: dict[str, A.Pos] = {}
    errors: list[CompileError] = []
    for rule_file in files:
        for lex in rule_file.lexicons:
            if lex.mode == "define":
                if lex.name in lexicons:
                    errors.append(CompileError(lex.pos, f"lexicon '{lex.name}' is already defined at {where[lex.name]};"
                                                        " write 'extend lexicon' or 'replace lexicon'"))
                    continue
                lexicons[lex.name] = (lex.description, lex.phrases)
                where[lex.name] = lex.pos
            elif lex.name not in lexicons:
                errors.append(CompileError(lex.pos, f"cannot {lex.mode} lexicon '{lex.name}': it is not defined"))
            elif lex.mode == "extend":
                desc, phrases = lexicons[lex.name]
                lexicons[lex.name] = (lex.description or desc, tuple(dict.fromkeys(phrases + lex.phrases)))
                if len(lexicons[lex.name][1]) > MAX_LEXICON_PHRASES:
                    errors.append(CompileError(lex.pos, f"extending lexicon '{lex.name}' makes it "
                                                        f"{len(lexicons[lex.name][1]):,} phrases, more than "
                                                        f"{MAX_LEXICON_PHRASES:,} (docs/dsl.md#limits)"))
            else:
                lexicons[lex.name] = (lex.description or lexicons[lex.name][0], lex.phrases)
    return lexicons, errors


def _leaves(node: A.Expr) -> list[A.Expr]:
    """The tests and values a condition is made of, outside quantifiers (what --explain shows)."""
    if isinstance(node, A.BoolOp):
        return [leaf for o in node.operands for leaf in _leaves(o)]
    if isinstance(node, A.Not):
        return _leaves(node.operand)
    if isinstance(node, A.Compare):
        return [n for n in (node.left, node.right) if isinstance(n, A.Path | A.Call)]
    if isinstance(node, A.Test):
        return [node.operand] if isinstance(node.operand, A.Path | A.Call) else []
    if isinstance(node, A.Mentions | A.Quantified):
        return [node]
    return []


def _explainers(compiler: ExprCompiler, when: A.Expr | None, scope: Scope) -> list[tuple[str, Fn]]:
    """(label, closure) for each leaf of the condition; enum values (``exact``) are not leaves."""
    out = []
    for node in _leaves(when) if when is not None else []:
        try:
            out.append((_label(node), compiler.compile(node, scope)[0]))
        except CompileError:
            continue
    return out


def _label(node: A.Expr) -> str:
    if isinstance(node, A.Path):
        return node.dotted
    if isinstance(node, A.Call):
        return f"{node.name}(…)"
    if isinstance(node, A.Mentions):
        return f"{_label(node.text)} mentions {'cited ' if node.cited else ''}{node.lexicon}"
    if isinstance(node, A.Quantified):
        return f"{node.quantifier} {node.var} (…)"
    return type(node).__name__


def _focus(node: A.Expr | None) -> str | None:
    """The first finding field a condition reads: where its diagnostic points."""
    if node is None:
        return None
    for leaf in _leaves(node):
        target = leaf.text if isinstance(leaf, A.Mentions) else leaf
        if isinstance(leaf, A.Quantified) and leaf.var == "citation":
            return "clause"
        if isinstance(target, A.Path):
            name = target.names[0]
            return "clause" if name in ("citations", "citation_error") else name
    return None


def _compile_rule(rule: A.Rule, lexicons: frozenset[str], file: str) -> CompiledRule:
    with recording() as (reads, binders):
        compiled = _compile_rule_reading(rule, lexicons, file)
    compiled.reads = frozenset(reads)
    if ("bound", "match") not in reads:  # no message shows {match}: whether a lexicon occurs is enough
        for bind in binders:
            bind[0] = False
    return compiled


def _compile_rule_reading(rule: A.Rule, lexicons: frozenset[str], file: str) -> CompiledRule:
    compiler = ExprCompiler()
    if rule.outcome is None:
        raise CompileError(rule.pos, f"rule {rule.id} has no outcome (reject, downgrade to ofi, reclassify as nc, "
                                     "upgrade to major, warn or inform)")
    effect, severity = OUTCOMES[rule.outcome.effect]
    if rule.severity is not None:
        name, pos = rule.severity
        if name not in {s.value for s in Severity}:
            raise CompileError(pos, f"unknown severity '{name}' (error, warning or info)")
        severity = Severity(name)
        if severity is not Severity.ERROR and effect is not Effect.NONE:
            raise CompileError(pos, f"severity {name} makes '{rule.outcome.effect}' unreachable: "
                                    "only errors change a verdict")
    targets = [t for t, _ in rule.targets] or ["nonconformities"]
    is_report = "report" in targets
    if is_report and len(targets) > 1:
        raise CompileError(rule.targets[0][1], "a rule applies either to the report or to grades, not both")
    for name, pos in rule.targets:
        if name != "report" and name not in TARGETS:
            raise CompileError(pos, f"unknown target '{name}' (a grade, 'nonconformities', 'findings' or 'report')")
    grades = None if is_report else frozenset().union(*(TARGETS[t] for t in targets))
    if grades is not None and effect in _REACHABLE and not grades & _REACHABLE[effect]:
        raise CompileError(rule.outcome.pos, f"'{rule.outcome.effect}' can never apply to "
                                             f"{', '.join(sorted(grades))}: the outcome is unreachable")
    if rule.group is not None and not is_report:
        raise CompileError(rule.group.pos, "'group findings' needs 'applies to report'")
    for clause in ("unless downgraded", "only if reclassified"):  # about another rule's verdict on one finding
        if is_report and clause in rule.clause_positions:
            raise CompileError(rule.clause_positions[clause], f"'{clause}' is about a finding's verdict and does "
                                                              "nothing in a rule that applies to the report")
    codes = reason_codes()
    for code, pos in rule.detects:
        if code not in codes:
            raise CompileError(pos, f"unknown reason code '{code}' in 'detects'; {unknown_code_hint(code)}")
    detects = tuple(dict.fromkeys(code for code, _ in rule.detects))
    if rule.when is None and rule.group is None:
        raise CompileError(rule.pos, f"rule {rule.id} has no 'when' condition")
    if isinstance(rule.when, A.Literal) and rule.when.value is False:
        raise CompileError(rule.when.pos, "the condition is always false: the outcome is unreachable")

    lex = frozenset(lexicons)
    group_where = group_key = None
    if rule.group is not None:
        finding_scope = Scope("finding", lexicons=lex)
        group_where = compiler.condition(rule.group.where, finding_scope) if rule.group.where else None
        group_key, key_type = compiler.compile(rule.group.key, finding_scope)
        if key_type not in ("text", "list[text]", "enum:grade"):
            raise CompileError(rule.group.pos, f"findings are grouped by text, not {key_type}")
        scope = Scope("group", lexicons=lex)
    else:
        scope = Scope("report" if is_report else "finding", lexicons=lex)
    condition = compiler.condition(rule.when, scope) if rule.when is not None else (lambda env: True)
    leaves = tuple(_explainers(compiler, rule.when, Scope(scope.root, lexicons=lex)))
    message = compile_template(rule.outcome.message, scope, rule.outcome.pos, compiler)
    suggestion = (compile_template(rule.suggestion, scope, rule.clause_positions.get("suggest", rule.pos), compiler)
                  if rule.suggestion else None)
    cite = (compile_template(rule.cite, scope, rule.clause_positions.get("cite", rule.pos), compiler)
            if rule.cite else None)
    info = RuleInfo(id=rule.id, title=rule.title, source=rule.source, severity=severity, effect=effect,
                    description=rule.rationale, scope="report" if is_report else "finding", file=file,
                    detects=detects)
    return CompiledRule(info=info, name=rule.name, grades=grades, condition=condition, message=message,
                        suggestion=suggestion, group_where=group_where, group_key=group_key, leaves=leaves,
                        focus=_focus(rule.when), rationale=rule.rationale, aliases=rule.aliases, pos=rule.pos,
                        when=rule.when, cite=cite, unless_downgraded=rule.unless_downgraded,
                        only_if_reclassified=rule.only_if_reclassified,
                        needs_status=None if is_report else compiler.required_statuses(rule.when, scope))


def _expanded(rule: A.Rule, conditions: dict[str, A.Condition]) -> A.Rule:
    """The rule with the named conditions it uses written out (``conditions.expand``), held to the limits of a rule
    written by hand."""
    if not conditions:
        return rule
    when = named.expand(rule.when, conditions) if rule.when is not None else None
    if when is not None and when != rule.when:
        named.check_size(when, rule.pos, f"rule {rule.id} with its named conditions written out")
    group = rule.group
    if group is not None:
        where = named.expand(group.where, conditions) if group.where is not None else None
        key = named.expand(group.key, conditions)
        for done, before in ((where, group.where), (key, group.key)):
            if done is not None and done != before:
                named.check_size(done, group.pos, f"rule {rule.id}'s grouping with its named conditions written out")
        group = replace(group, where=where, key=key)
    return replace(rule, when=when, group=group)


def build(files: list[A.RuleFile]) -> RuleSet:
    """Check and compile parsed rule files together; raise one RuleSyntaxError listing every problem."""
    lexicons, errors = _merge_lexicons(files)
    conditions, condition_errors = named.collect(files)
    errors.extend(condition_errors)
    errors.extend(named.unused(conditions, [rule for rule_file in files for rule in rule_file.rules]))
    in_condition = named.body_positions(conditions)
    compiled: list[CompiledRule] = []
    seen: dict[str, A.Pos] = {}
    names: dict[str, A.Pos] = {}
    for rule_file in files:
        for rule in rule_file.rules:
            if rule.id in seen or rule.name in names:
                first = seen.get(rule.id) or names[rule.name]
                errors.append(CompileError(rule.pos, f"rule {rule.id} ({rule.name}) is already defined at {first}"))
                continue
            seen[rule.id] = rule.pos
            names[rule.name] = rule.pos
            try:
                compiled.append(_compile_rule(_expanded(rule, conditions), frozenset(lexicons), rule_file.path))
            except CompileError as exc:
                if exc.pos in in_condition:  # found in a named condition's body, as this rule uses it
                    exc = CompileError(exc.pos, f"{exc.message} (in condition '{in_condition[exc.pos]}', as rule "
                                                f"{rule.id} at {rule.pos} uses it)")
                errors.append(exc)
    by_id = {r.id: r for r in compiled}
    aliases = {a: r.id for r in compiled for a in r.aliases}
    for rule_file in files:
        for example in rule_file.examples:
            target = by_id.get(example.rule) or by_id.get(aliases.get(example.rule, ""))
            if target is None:
                if example.rule not in seen:
                    errors.append(CompileError(example.pos, f"example for unknown rule {example.rule}"))
                continue
            target.examples.append(example)
    if errors:
        raise to_error(errors)
    for done in compiled:
        done.info = replace(done.info, examples=len(done.examples))
    return RuleSet(compiled, lexicons)


def builtin_rule_files() -> list[Path]:
    from ..rulesets import core_pack

    return core_pack()


def load_rules(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """The built-in rules (unless ``builtin=False``) followed by the rule files ``paths``."""
    files = [*(builtin_rule_files() if builtin else []), *(Path(p) for p in paths)]
    return _load(tuple(files))


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> RuleSet:
    parsed = []
    for path in files:
        try:
            text = regular.read_text(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleSyntaxError(f"cannot read rule file: {exc}", Location(str(path))) from None
        parsed.append(_parsed(text, str(path)))
    return build(parsed)


@lru_cache(maxsize=1)
def _syntax_version() -> str:
    """What a cached syntax tree depends on besides its file: the grammar, and the code that builds the tree from
    it (an edited source checkout must not read trees of the previous grammar)."""
    here = Path(__file__).parent
    try:
        parts = [grammar_file("rules.lark").read_bytes(), (here / "parser.py").read_bytes(), (here / "nodes.py").read_bytes(),
                 (here / "bounds.py").read_bytes()]
    except OSError:  # an install without sources: its version alone names it
        return ""
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


_NODE_TYPES = {name: cls for name, cls in vars(A).items() if isinstance(cls, type) and is_dataclass(cls)}
"""The syntax-tree classes a cached rule file is rebuilt from: nothing else is ever built from the cache."""


def _parsed(text: str, path: str) -> A.RuleFile:
    """Parse a rule file, reusing the syntax tree cached for the same content (compiling is cheap; parsing not)."""
    key = hashlib.sha256(f"{__version__}/{cache.FORMAT}/{_syntax_version()}\0{path}\0{text}".encode()).hexdigest()[:32]
    found = cache.read(key, kind="rules", types=_NODE_TYPES)
    if isinstance(found, A.RuleFile):
        return found
    rule_file = parse_rules(text, path)
    cache.write(key, rule_file, kind="rules")
    return rule_file


def rules_from_text(text: str, *, builtin: bool = False, path: str = "<rules>") -> RuleSet:
    """Compile rule text (tests, examples); with ``builtin=True`` after the built-in files."""
    files = [parse_rules(p.read_text(encoding="utf-8"), str(p)) for p in (builtin_rule_files() if builtin else [])]
    return build([*files, parse_rules(text, path)])
