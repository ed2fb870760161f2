"""Check a student's initializer: does it do what the exercise asks, and if not, what does it do instead?

The check knows the seed, so it knows the random numbers the function drew: a course-style function
calls ``np.random.seed(seed)`` once and ``randn`` once per layer, in order (an ``f(shape, rng)`` gets a
``RandomState(seed)`` and the same draws). Each layer's factor is then exact (``check_layers``), and a
rule or a named mistake (the wrong layer size, a missing np.sqrt, plain randn) is claimed only when it
gives every layer's factor exactly; one layer agreeing by coincidence is not evidence. Weights from
another stream (``np.random.default_rng``, torch) are judged from their spread (chi-squared per layer
and overall), approximately, and said to be; a mistake is never named from a spread. How often a correct
He drawn with ``default_rng`` on [2, 10, 5, 1] (75 weights) is named anything but He, seeds 0-99
(tests/test_check_properties.py): named initialize_parameters_he (He expected), at most 2% (measured 0 of
100; 2 of 1000); with no expectation, the likeliest rule is named, wrong in at most 6 of 100 (measured 4;
34 of 1000). On a network as small as [5, 4, 3, 1] (35 weights) the rules lie closer: 21 of 100 wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import numpy as np

from .budget import human_bytes
from .budget import memory_limit as limit_of
from .check_layers import RAND, RANDN, RESTARTED, TOL, UNIFORM, ZEROS, LayerCheck, layer_checks
from .check_rules import BY_NAME, CANDIDATES, KINDS, expected_rule, fits, log_likelihood, rule_std, spread_agrees
from .course import COURSE
from .initializers import initializer_name, raw_parameters, wants_data
from .scale_rules import SCALE_RULES, ScaleRule
from .validation import MAX_LAYER_SIZE, seed_value, short_repr

MISNAMED_RATE = 0.02  # a correct He from another stream, He expected: named otherwise at most this often
WORK_ARRAYS = 8  # float64 arrays of the largest layer's size held at once besides the weights
LIKELY = np.log(20.0)  # other rules as likely as the best to within this log-likelihood are named with it


@dataclass
class InitCheck:
    """The verdict: per-layer findings, the rule followed, the mistakes, and plain words.

    ``ok`` means one thing: the function does what the exercise asks, verified exactly. Every W[l] is
    the expected rule's factor × the seed's draws (randn for a normal rule, U(-1, 1) for a uniform one),
    every shape is the course's and every bias 0. The expected rule is ``expect``, else the function's
    name (initialize_parameters_he → He, _xavier, _zeros, _random), else any rule in SCALE_RULES.
    Weights that are not the seed's draws cannot be verified, so they are never ok."""

    name: str
    layers_dims: list[int]
    seed: int
    layers: list[LayerCheck]
    rule: str | None  # the rule (or named mistake) every layer follows; approximate when not ``exact``
    matches_course_he: bool  # equals the course's initialize_parameters_he for this seed (to 1e-12)
    mistakes: list[str]
    lines: list[str]  # plain words, one finding per line
    error: str | None = None  # the function raised or returned something that is not a dict
    expect: str | None = None  # the key of the expected rule, None: any named rule
    ok: bool = False
    exact: bool = False  # every layer's factor is exact (the seed's draws)
    factor: float | None = None  # the weights' scale over ``reference``'s, the same in every layer
    reference: str | None = None  # the rule ``factor`` and each layer's ratio are relative to
    candidates: list[str] = field(default_factory=list)  # every rule or mistake that gives every layer exactly
    drawn_with: int | None = None  # the seed whose numbers were drawn: ``seed``, or 3 for a function seeding itself
    data_dependent: bool = False  # it takes the training inputs X (LSUV): no scale rule to compare with

    DATA_DEPENDENT = (
        "data-dependent: it takes the training inputs X and scales its weights on them, so no "
        "scale rule applies; see it train, or its signal with signal_propagation(X=...)"
    )

    @property
    def verdict(self) -> str:
        """One line for a panel or a caption."""
        if self.error:
            return f"{self.name}: {self.error}"
        if self.data_dependent:
            return f"{self.name}: {self.DATA_DEPENDENT}"
        if self.ok:
            how = (
                f"matches the course's values for seed {self.drawn_with}"
                if self.matches_course_he
                else "all weights and biases 0"
                if self.rule == "zeros"
                else f"every layer exactly {self.rule}'s scale × the seed's draws"
            )
            return f"{self.name}: correct {self.rule} initialization ({how})"
        if self.mistakes:
            more = f" (+{len(self.mistakes) - 1} more)" if len(self.mistakes) > 1 else ""
            return f"{self.name}: {self.mistakes[0]}{more}"
        if not self.exact:
            n = sum(c.size for c in self.layers)
            also = [k for k in self.candidates if k != self.rule]
            fits = f" ({' and '.join(also)} {'fit' if len(also) > 1 else 'fits'} about as well)" if also else ""
            return (
                f"{self.name}: follows {self.rule} approximately{fits}, from the spread of {n} weights (they "
                "are not the seed's draws, so the check cannot know their factor)"
                if self.rule
                else f"{self.name}: follows no rule the check knows (judged approximately, from the spread of "
                f"{n} weights)"
            )
        if self.rule:
            return f"{self.name}: follows {self.rule} exactly"
        if len(self.candidates) > 1:
            return f"{self.name}: fits {' and '.join(self.candidates)} exactly: on these layer sizes they coincide"
        if self.factor is not None:
            return f"{self.name}: your weights are {self.factor:.3g} × {self.reference}'s scale in every layer"
        return f"{self.name}: follows no rule the check knows (each layer's exact factor below)"

    def __str__(self) -> str:
        return "\n".join([self.verdict, *self.lines])


def check_initializer(
    fn: Callable,
    layers: Sequence[int] = tuple(COURSE.layers()),
    seed: int = COURSE.seed,
    expect: str | None = None,
    memory_limit: Any = None,
) -> InitCheck:
    """Check ``initialize_parameters_x(layers_dims)`` (course style) or ``f(shape, rng)`` layer by layer.

    ``expect`` is the rule the exercise asks for (a key of SCALE_RULES: "he", "xavier", "zeros",
    "random", …); by default the function's name decides, else any named rule will do (see InitCheck.ok).
    Returns an InitCheck: ``str(result)`` says it in plain words, ``result.layers`` holds the data.
    A data-dependent function (one taking X, as "lsuv") is not run: ``data_dependent`` and the verdict say so.
    numpy's global random state is the same afterwards, whatever the function does with it. Layers whose
    check would need more than ``memory_limit`` bytes (train()'s cap, see budget.memory_limit) are refused
    before the function runs.
    """
    if not callable(fn):
        raise TypeError(
            f"fn must be a function, initialize_parameters_x(layers_dims) or f(shape, rng); got {type(fn).__name__}"
        )
    layers, seed = _layers(layers), seed_value(seed)
    name = initializer_name(fn)
    expect = expected_rule(expect, name)
    if wants_data(fn):
        return InitCheck(name, layers, seed, [], None, False, [], [], expect=expect, data_dependent=True)
    _check_memory(layers, memory_limit)
    try:
        params = raw_parameters(fn, layers, seed)
        if not isinstance(params, dict):
            raise TypeError(f"returned a {type(params).__name__}, not a dict like {{'W1': ..., 'b1': ...}}")
    except MemoryError:
        raise
    except Exception as exc:  # the student's code failing is a finding, not a crash of the check
        return InitCheck(
            name,
            layers,
            seed,
            [],
            None,
            False,
            [],
            [],
            error=_cut(f"raised {type(exc).__name__}: {exc}"),
            expect=expect,
        )
    found, drawn_with = layer_checks(params, layers, seed), seed
    if seed != COURSE.seed and not all(c.factor is not None for c in found):
        again = layer_checks(params, layers, COURSE.seed)  # a course-style function seeds numpy with 3 itself
        if all(c.factor is not None for c in again):
            found, drawn_with = again, COURSE.seed
    return _judge(name, layers, seed, expect, found, drawn_with)


def _layers(layers: Any) -> list[int]:
    example = "e.g. [2, 10, 5, 1]"
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or not hasattr(layers, "__iter__"):
        raise TypeError(f"layers must be a list of layer sizes, {example}; got {short_repr(layers)}")
    if not 2 <= len(layers) <= 10_000:
        raise ValueError(f"layers must hold 2 to 10,000 layer sizes, {example}; got {len(layers):,}")
    sizes = list(layers)
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= n <= MAX_LAYER_SIZE:
            raise ValueError(
                f"layers must hold whole numbers from 1 to {MAX_LAYER_SIZE:,}, {example}; "
                f"got {short_repr(n)} in {short_repr(sizes)}"
            )
    return [int(n) for n in sizes]


def check_bytes(layers: Sequence[int]) -> int:
    """Bytes a check of these layers holds at its peak: the function's weights and biases, and the check's
    draws and work arrays for the largest layer (tracemalloc measures 0.69-0.83 of this, tests check ≤ 1)."""
    sizes = [n * p for p, n in zip(layers, layers[1:])]
    return 8 * (sum(sizes) + sum(layers[1:]) + WORK_ARRAYS * max(sizes))


def _check_memory(layers: list[int], limit: Any) -> None:
    """Refuse before calling the function when its weights and the check's own arrays would pass the cap."""
    need, cap, weights = check_bytes(layers), limit_of(limit), sum(n * p for p, n in zip(layers, layers[1:]))
    if need > cap:
        raise ValueError(
            f"layers {short_repr(layers)} would need about {human_bytes(need)} to check "
            f"({weights:,} weights), over the memory limit of {human_bytes(cap)}; check a smaller "
            "network or raise memory_limit"
        )


def _cut(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _judge(
    name: str, layers: list[int], seed: int, expect: str | None, found: list[LayerCheck], drawn_with: int
) -> InitCheck:
    """The whole function's verdict from its layers: exact when every layer's factor is, else approximate."""
    for c in found:
        c.expected = {r.name: float(r.factor(c.n_in, c.n_out)) for r in SCALE_RULES.values() if r.draw != "zeros"}
        c.matches = [k.name for k in CANDIDATES if fits(k, c)]
    he = BY_NAME["He"]
    course = all(
        c.distribution == RANDN
        and c.shape_ok
        and c.bias_zero
        and np.isclose(c.factor, he.value(c.n_in, c.n_out), rtol=1e-12, atol=0)
        for c in found
    )
    result = InitCheck(name, layers, seed, found, None, course, [], [], expect=expect, drawn_with=drawn_with)
    usable = all(c.problem is None and c.size > 0 for c in found)
    result.exact = usable and all(c.factor is not None for c in found)
    if result.exact:
        _judge_exact(result)
    elif usable:
        _judge_approximately(result)
    result.mistakes = _mistakes(result) + result.mistakes
    ref = _reference(result)
    for c in found:
        if c.ratio is None and c.factor is not None and c.distribution in KINDS[ref.draw]:
            c.ratio = c.factor / ref.factor(c.n_in, c.n_out)
    base = BY_NAME[result.rule] if result.rule else None
    result.ok = result.exact and base is not None and base.mistake is None and not result.mistakes
    result.lines = [_layer_line(c, ref) for c in found] + _summary_lines(result)
    return result


def _reference(result: InitCheck) -> ScaleRule:
    """The rule scales are compared with: the expected one, else the one followed (or meant), else He."""
    base = BY_NAME[result.rule].base if result.rule else None
    key = next((k for k in (result.expect, base) if k is not None and k != "zeros"), "he")
    return SCALE_RULES[key]


def _judge_exact(result: InitCheck) -> None:
    found = result.layers
    result.candidates = [k.name for k in CANDIDATES if all(k.name in c.matches for c in found)]
    expected = SCALE_RULES[result.expect].name if result.expect else None
    rules = [name for name in result.candidates if BY_NAME[name].mistake is None]
    if expected in result.candidates:
        result.rule = expected
    elif expected is None and rules:  # a rule followed exactly is ok, whatever mistake coincides with it here
        result.rule = rules[0]
    elif len(result.candidates) == 1:
        result.rule = result.candidates[0]
    ref = _reference(result)
    for c in found:
        if c.distribution in KINDS[ref.draw]:
            c.ratio = c.factor / ref.factor(c.n_in, c.n_out)
        c.rule = result.rule if result.rule in c.matches else None
    ratios = [c.ratio for c in found]
    if None not in ratios and np.allclose(ratios, ratios[0], rtol=TOL, atol=0):
        result.factor, result.reference = float(ratios[0]), ref.name
    if expected is None or result.rule == expected or (result.rule and BY_NAME[result.rule].base == result.expect):
        return
    if result.rule:
        result.mistakes.append(f"follows {result.rule} exactly where {expected} was expected")
    elif result.factor is not None:
        result.mistakes.append(
            f"your weights are {result.factor:.3g} × {ref.name}'s scale in every layer, not {expected}'s"
        )
    elif len(result.candidates) < 2:
        result.mistakes.append(f"not {expected}: no rule the check knows gives every layer's factor (see below)")


def _judge_approximately(result: InitCheck) -> None:
    """The rule most likely to have drawn these weights, kept if their spread agrees with it. A mistake is
    never named from a spread: only exact factors in every layer show one."""
    found = result.layers
    scored = {k.name: log_likelihood(k, found) for k in CANDIDATES if k.draw != "zeros" and k.mistake is None}
    best = max(scored.values())
    fitting = [name for name, ll in scored.items() if np.isfinite(ll) and spread_agrees(BY_NAME[name], found)]
    expected = SCALE_RULES[result.expect].name if result.expect else None
    result.candidates = [name for name in fitting if scored[name] >= best - LIKELY or name == expected]
    if result.candidates:  # the expected rule when its spread agrees, else the likeliest
        result.candidates.sort(key=lambda name: (name != expected, -scored[name]))
        result.rule = result.candidates[0]
        for c in found:
            c.rule = result.rule
    ref = _reference(result)
    for c in found:
        c.ratio = c.std / rule_std(ref.draw, ref.factor(c.n_in, c.n_out))
    n = sum(c.size for c in found)
    overall = np.sqrt(sum(c.sum_squares / rule_std(ref.draw, ref.factor(c.n_in, c.n_out)) ** 2 for c in found) / n)
    if np.isfinite(overall):
        result.factor, result.reference = float(overall), ref.name


def _mistakes(result: InitCheck) -> list[str]:
    """What is wrong, as facts: unusable values, shapes, biases, the draw; the rule's mistake when exact."""
    found = result.layers
    out = [f"{c.problem} (train() refuses it)" for c in found if c.problem]
    if any(c.shape is not None and not c.shape_ok for c in found):
        out.append(
            "some shapes are wrong: W[l] must be (layers_dims[l], layers_dims[l-1]) and b[l] (layers_dims[l], 1)"
        )
    if any(c.bias_shape is not None and not c.bias_zero for c in found):
        out.append("biases are not zero: the course starts them at np.zeros((layers_dims[l], 1))")
    if any(c.distribution == RAND for c in found):
        out.append("draws with np.random.rand (uniform on [0, 1), all weights positive) instead of np.random.randn")
    if any(c.distribution == RESTARTED for c in found):
        out.append("calls np.random.seed inside the loop: every layer restarts the same random numbers")
    words = BY_NAME[result.rule].mistake if result.exact and result.rule else None
    return out + ([words] if words else [])


def _layer_line(c: LayerCheck, ref: ScaleRule) -> str:
    if c.problem:
        return f"layer {c.layer}: {c.problem}"
    notes = []
    if c.shape != c.expected_shape:
        notes.append(f"W{c.layer} has shape {c.shape}, expected {c.expected_shape}")
    if c.bias_shape != (c.n_out, 1):
        notes.append(f"b{c.layer} has shape {c.bias_shape}, expected {(c.n_out, 1)}")
    elif not c.bias_zero:
        notes.append("biases not zero")
    notes.append(_scale_words(c, ref))
    he = SCALE_RULES["he"]
    if c.rule != "He" and c.distribution != ZEROS and not (ref.key == "he" and c.ratio is not None):
        notes.append(f"He expects {he.text(c.n_in, c.n_out)} = {he.factor(c.n_in, c.n_out):.3g}")
    return f"layer {c.layer}: " + "; ".join(notes)


def _scale_words(c: LayerCheck, ref: ScaleRule) -> str:
    """The layer's scale, each equation true to the digits printed."""
    if c.distribution == ZEROS:
        return "all weights 0"
    if c.factor is None:
        k = BY_NAME.get(c.rule or "")
        if k is None:
            return f"std about {c.std:.3g} from {c.size} weights (not the seed's draws)"
        value = rule_std(k.draw, k.value(c.n_in, c.n_out))
        return (
            f"std about {c.std:.3g} from {c.size} weights (not the seed's draws), near {k.name}'s "
            f"{'std ' if k.draw == 'uniform' else ''}{value:.3g}"
        )
    f = f"{c.factor:.3g}"
    draw = {
        RANDN: f"randn × {f} exactly",
        UNIFORM: f"uniform on ±{f} exactly",
        RAND: f"np.random.rand × {f} exactly (all weights ≥ 0)",
        RESTARTED: f"randn × {f} exactly, on layer 1's numbers again (seed reset inside the loop)",
    }[c.distribution]
    if c.rule is not None:
        k = BY_NAME[c.rule]
        return f"{draw}; {f} = {k.formula(c.n_in, c.n_out)}, {k.name}"
    if c.ratio is not None:
        return f"{draw}; {f} = {c.ratio:.3g} × {ref.text(c.n_in, c.n_out)}, {c.ratio:.3g} × {ref.name}"
    return f"{draw}: no rule the check knows"


def _summary_lines(result: InitCheck) -> list[str]:
    how = "by its name" if expected_rule(None, result.name) == result.expect else "with expect"
    lines = [
        f"expected: {SCALE_RULES[result.expect].name} (asked {how})"
        if result.expect
        else "expected: any rule the check knows, followed exactly"
    ]
    factors = [c.factor for c in result.layers]
    n = sum(c.size for c in result.layers)
    if result.exact and result.factor is not None and result.rule != result.reference:
        lines.append(f"your weights are {result.factor:.3g} × {result.reference}'s scale in every layer")
    elif result.exact and result.rule is None and np.allclose(factors, factors[0], rtol=TOL, atol=0):
        lines.append(
            f"the same factor {factors[0]:.3g} in every layer: a fixed scale, where the rules' scales "
            "depend on the layer sizes"
        )
    if result.exact and len(result.candidates) > 1:
        lines.append(
            f"on these layer sizes {' and '.join(result.candidates)} give the same factors, so the check "
            "cannot tell which was written: try layers such as [5, 20, 7, 3, 1]"
        )
    if not result.exact and result.factor is not None:
        se = result.factor / np.sqrt(2 * n)
        lines.append(
            f"about {result.factor:.3g} × {result.reference}'s scale overall (give or take {se:.1g}), "
            f"approximately, from the spread of {n} weights"
        )
    if result.drawn_with != result.seed:
        lines.append(
            f"these are seed {result.drawn_with}'s numbers whatever the seed asked for ({result.seed}): "
            f"the function calls np.random.seed({result.drawn_with}) itself"
        )
    course = "yes" if result.matches_course_he else "no"
    lines.append(f"matches the course's He values for seed {result.drawn_with}: {course}")
    return lines
