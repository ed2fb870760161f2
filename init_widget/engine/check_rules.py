"""The rules and mistakes the check knows, and how well a layer's weights fit each: exactly, or by their spread.

Every rule of the scale-rule table is a candidate, and so are the mistakes the check names for it:
layers_dims[l] where layers_dims[l-1] belongs and a missing np.sqrt (each derived from the row), and plain
randn. ``fits`` tests an exact factor; ``spread_agrees`` tests weights that are not the seed's draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .check_layers import RAND, RANDN, RESTARTED, TOL, UNIFORM, ZEROS, LayerCheck
from .scale_rules import SCALE_RULES, ScaleRule
from .validation import short_repr

KINDS = {"normal": (RANDN, RESTARTED, RAND), "uniform": (UNIFORM,), "zeros": (ZEROS,)}  # draws each rule allows
COURSE_NAME = "initialize_parameters_"  # initialize_parameters_he expects He, _xavier Xavier, …
P_REJECT = 1e-4  # a rule whose spread is less likely than this (in any layer, or overall) is not named


@dataclass(frozen=True)
class Candidate:
    """A rule, or a named mistake made while writing one, as a factor of (n_in, n_out)."""

    name: str
    draw: str  # the draw the rule needs: "normal", "uniform" or "zeros"
    value: Callable[[int, int], float]
    formula: Callable[[int, int], str]
    base: str | None  # the rule's key in SCALE_RULES (the one meant, for a mistake)
    mistake: str | None = None  # in words, when this is a mistake


def _candidates(rule: ScaleRule) -> list[Candidate]:
    """The rule itself, and the mistakes the check names for it: layers_dims[l] for layers_dims[l-1] and
    a missing np.sqrt."""
    out = [Candidate(rule.name, rule.draw, rule.factor, rule.text, rule.key)]
    if "{n_in}" in rule.formula and "{n_out}" not in rule.formula:
        out.append(
            Candidate(
                f"{rule.name} with layers_dims[l]",
                rule.draw,
                lambda i, o: rule.factor(o, i),
                lambda i, o: rule.text(o, i),
                rule.key,
                f"uses layers_dims[l] (this layer's size) where {rule.name} needs layers_dims[l-1] "
                "(the previous layer's)",
            )
        )
    if rule.root is not None:
        root_formula = rule.root_formula or ""
        out.append(
            Candidate(
                f"{rule.name} without np.sqrt",
                rule.draw,
                rule.root,
                lambda i, o: root_formula.format(n_in=i, n_out=o),
                rule.key,
                f"multiplies by {root_formula.format(n_in='n_prev', n_out='n')}: the np.sqrt is missing",
            )
        )
    return out


CANDIDATES: list[Candidate] = [c for rule in SCALE_RULES.values() for c in _candidates(rule)] + [
    Candidate(
        "plain randn (×1)",
        "normal",
        lambda i, o: 1.0,
        lambda i, o: "1",
        None,
        "draws plain np.random.randn (std 1) without multiplying by a scale",
    )
]
BY_NAME = {c.name: c for c in CANDIDATES}


def expected_rule(expect: Any, name: str) -> str | None:
    """The rule the exercise asks for: ``expect``, else the one in the name initialize_parameters_<rule>."""
    if expect is None:
        rest = name[len(COURSE_NAME) :] if name.startswith(COURSE_NAME) else ""
        keys = [k for k in SCALE_RULES if rest == k or rest.startswith(k + "_")]
        return max(keys, key=len) if keys else None
    if not isinstance(expect, str) or expect not in SCALE_RULES:
        raise ValueError(
            f"expect must be None (the function's name decides) or one of: {', '.join(SCALE_RULES)}; "
            f"got {short_repr(expect)}"
        )
    return expect


def fits(k: Candidate, c: LayerCheck) -> bool:
    """Does this layer's exact factor equal k's, drawn the way k draws?"""
    return (
        c.factor is not None
        and c.distribution in KINDS[k.draw]
        and bool(np.isclose(c.factor, k.value(c.n_in, c.n_out), rtol=TOL, atol=0))
    )


def rule_std(draw: str, factor: float) -> float:
    """The std of a rule's weights: its factor, or a uniform limit's 1/√3 of it."""
    return factor / np.sqrt(3.0) if draw == "uniform" else factor


def log_likelihood(k: Candidate, found: list[LayerCheck]) -> float:
    """How likely k makes these weights (normal or uniform density over every weight), to rank the rules."""
    total = 0.0
    for c in found:
        v = k.value(c.n_in, c.n_out)
        if not v > 0 or not np.isfinite(c.sum_squares):
            return -np.inf
        if k.draw == "uniform":
            if c.largest > v:
                return -np.inf
            total -= c.size * np.log(2 * v)
        else:
            total -= c.size * (np.log(v) + 0.5 * np.log(2 * np.pi)) + c.sum_squares / (2 * v * v)
    return total


def spread_agrees(k: Candidate, found: list[LayerCheck]) -> bool:
    """Each layer's and the whole function's sum of squares are plausible draws of k's (chi-squared, both tails).

    Under a normal rule a layer's Σw²/σ² is χ² with one degree per weight; under a uniform one w² varies
    less (variance 0.8 instead of 2, relative to its mean squared), counted as 2.5 degrees per weight."""
    per_weight = 2.5 if k.draw == "uniform" else 1.0
    ratios = [c.sum_squares / rule_std(k.draw, k.value(c.n_in, c.n_out)) ** 2 for c in found]
    tests = [(r * per_weight, c.size * per_weight) for r, c in zip(ratios, found)]
    tests.append((sum(x for x, _ in tests), sum(dof for _, dof in tests)))
    return all(two_sided_p(x, dof) >= P_REJECT for x, dof in tests)


def two_sided_p(x: float, dof: float) -> float:
    """P of a χ²(dof) at least as far out as x, either tail: exact (the series of the incomplete gamma
    function) up to 2000 degrees, beyond that from log(χ²/dof) being normal with variance 2/dof."""
    if not np.isfinite(x):
        return 0.0
    if dof > 2000:
        z = abs(np.log(max(x, 1e-300) / dof)) * np.sqrt(dof / 8.0)
        return float(math.erfc(z / np.sqrt(2.0)))
    a, y = dof / 2.0, x / 2.0
    if y <= 0 or y > a + 40.0 * np.sqrt(a) + 200.0:  # beyond 40 standard deviations: p is 0 to float64
        return 0.0
    n = int(y + 10.0 * np.sqrt(y) + 50)
    log_terms = np.cumsum(np.log(np.concatenate(([1.0 / a], y / (a + np.arange(1, n))))))
    top = log_terms.max()
    lower = min(1.0, math.exp(-y + a * math.log(y) - math.lgamma(a) + top + math.log(np.exp(log_terms - top).sum())))
    return 2.0 * min(lower, 1.0 - lower)
