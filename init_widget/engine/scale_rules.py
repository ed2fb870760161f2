"""The scale rules, in one table: each rule's name, its formula as a student writes it, and its factor.

``initializers`` draws with these factors, ``sweeps`` scales by them and ``check`` compares a student's
weights with them (and with the usual mistakes derived from them: the wrong layer size, the missing
np.sqrt). A new rule is one more row, e.g. Glorot & Bengio's (2010) "standard uniform" U(±1/√n_in) is
``ScaleRule("standard_uniform", "standard uniform", "uniform", lambda n_in, n_out: 1.0 / np.sqrt(n_in),
"1/√{n_in}")``. ``n_in`` is layers_dims[l-1] (fan-in), ``n_out`` layers_dims[l] (fan-out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Factor = Callable[[int, int], float]


@dataclass(frozen=True)
class ScaleRule:
    """One rule: weights are ``randn × factor`` ("normal"), ``U(-factor, factor)`` ("uniform") or 0 ("zeros")."""

    key: str  # the name in INITIALIZERS and the ``expect=`` of check_initializer
    name: str  # as a student reads it
    draw: str  # "normal", "uniform" or "zeros"
    factor: Factor  # (n_in, n_out) -> the std of a normal draw, or the limit of a uniform one
    formula: str  # the factor with {n_in} and {n_out} to fill in
    root: Factor | None = None  # the value under the square root, when the factor is one (a missing np.sqrt gives it)
    root_formula: str | None = None

    def text(self, n_in: int | str, n_out: int | str) -> str:
        """The factor written for these layer sizes, e.g. √(2/10)."""
        return self.formula.format(n_in=n_in, n_out=n_out)

    def description(self) -> str:
        """The rule in words for a tooltip, e.g. randn × √(2/n_prev)."""
        f = self.text("n_prev", "n")
        return {"normal": f"randn × {f}", "uniform": f"U(±{f})"}.get(self.draw, "all weights 0")


def _sqrt_rule(key: str, name: str, draw: str, root: Factor, root_formula: str) -> ScaleRule:
    """A rule whose factor is √(root): He, Xavier, Glorot and their uniform forms."""
    return ScaleRule(
        key, name, draw, lambda n_in, n_out: np.sqrt(root(n_in, n_out)), f"√({root_formula})", root, root_formula
    )


SCALE_RULES: dict[str, ScaleRule] = {
    rule.key: rule
    for rule in (
        ScaleRule("zeros", "zeros", "zeros", lambda n_in, n_out: 0.0, "0"),
        ScaleRule("random", "random ×10", "normal", lambda n_in, n_out: 10.0, "10"),
        ScaleRule("small", "small ×0.01", "normal", lambda n_in, n_out: 0.01, "0.01"),
        _sqrt_rule("he", "He", "normal", lambda n_in, n_out: 2.0 / n_in, "2/{n_in}"),
        _sqrt_rule("xavier", "Xavier", "normal", lambda n_in, n_out: 1.0 / n_in, "1/{n_in}"),
        _sqrt_rule("glorot", "Glorot", "normal", lambda n_in, n_out: 2.0 / (n_in + n_out), "2/({n_in}+{n_out})"),
        _sqrt_rule("he_uniform", "He uniform", "uniform", lambda n_in, n_out: 6.0 / n_in, "6/{n_in}"),
        _sqrt_rule("lecun_uniform", "LeCun uniform", "uniform", lambda n_in, n_out: 3.0 / n_in, "3/{n_in}"),
        ScaleRule(
            "standard_uniform", "standard uniform", "uniform", lambda n_in, n_out: 1.0 / np.sqrt(n_in), "1/√{n_in}"
        ),
        _sqrt_rule(
            "glorot_uniform",
            "normalized uniform",
            "uniform",
            lambda n_in, n_out: 6.0 / (n_in + n_out),
            "6/({n_in}+{n_out})",
        ),
    )
}
"""Every scale rule by key. ``xavier`` is the course's fan-in √(1/n_in) (LeCun's normal rule too);
``glorot`` is Glorot & Bengio's fan-average √(2/(n_in+n_out)), drawn normal here; their paper's own two rules
are the uniform ``standard_uniform`` (U(±1/√n_in), the then-common "standard" initialization) and ``glorot_uniform``
("normalized", U(±√(6/(n_in+n_out))), Keras' GlorotUniform and PyTorch's xavier_uniform_)."""


def rule_factor(key: str) -> Callable[[int, int], float]:
    """The factor of a rule as ``f(n_out, n_in)``, the order of a weight matrix's shape."""
    factor = SCALE_RULES[key].factor
    return lambda n_out, n_in: factor(n_in, n_out)
