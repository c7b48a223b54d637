"""The rules language: parse (``grammar/rules.lark``), check, compile to closures, run examples."""

from .ruleset import CompiledRule, RuleSet, load_rules, rules_from_text

__all__ = ["CompiledRule", "RuleSet", "load_rules", "rules_from_text"]
