"""Every lecture step's sentence is true of the run that step shows (issue 15).

Each test goes to its step in a lecture Explorer, lets the step's own run train to the end (and its why
view compute), and checks every number and comparison its sentence states against that run: the
histories it trained, their initial weights on the Explorer's data, the propagation view's result.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from init_widget.explorer import Explorer
from init_widget.explorer.lecture import WHY_IN_PLACE_CLASS
from init_widget.explorer.presets import LECTURE_STEPS


@pytest.fixture(scope="module")
def lecture():
    e = Explorer(lecture=True)
    yield e
    e.close()


def run_step(e: Explorer, index: int) -> dict:
    """Step ``index``'s histories by name (a list per name for a seeds= run), after training to the end."""
    e.go_to_step(index)
    histories = e.wait(600)
    assert all(h.costs.size == h.iterations for h in histories)
    out: dict = {}
    for h in histories:
        out.setdefault(h.name.split(" ")[0], []).append(h)
    return out


def sentence(index: int) -> str:
    return LECTURE_STEPS[index][1]


def accuracy_on_test(e: Explorer, h) -> float:
    _X, _Y, Xt, Yt = e.data
    return h.accuracy(Xt, Yt)


def train_accuracy(e: Explorer, h) -> float:
    X, Y, _Xt, _Yt = e.data
    return h.accuracy(X, Y)


def two_digits(x: float) -> str:
    """5.17 → '5.2', 146.6 → '150': a number as a sentence rounds it."""
    return f"{float(f'{x:.2g}'):g}"


def percent(x: float, digits: int = 0) -> str:
    """0.9933 → '99 %'; with digits=1 a median of 0.945 → '94.5 %' and 0.69 → '69 %'."""
    return f"{round(100 * x, digits):g} %"


def initial_activation_std(e: Explorer, h) -> list[float]:
    """The std of each hidden layer's activations at initialization, on the Explorer's training data."""
    a = e.data[0]
    p = h.initial_parameters
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}[h.activation]
    out = []
    for l in range(1, len(h.layers) - 1):
        a = f(p[f"W{l}"] @ a + p[f"b{l}"])
        out.append(float(a.std()))
    return out


def test_step_1_zeros_never_breaks_symmetry(lecture):
    (zeros,) = run_step(lecture, 0)["zeros"]
    assert WHY_IN_PLACE_CLASS not in lecture._dom_classes
    assert "ln 2 = 0.693" in sentence(0)
    assert np.allclose(zeros.costs, math.log(2), rtol=0, atol=1e-12)
    p = zeros.parameters
    for l in range(1, len(zeros.layers)):  # every unit of a layer ends the same as its neighbours
        assert np.all(p[f"W{l}"] == p[f"W{l}"][:1]) and np.all(p[f"b{l}"] == p[f"b{l}"][:1])


def test_step_2_random_saturates_and_crawls(lecture):
    (random,) = run_step(lecture, 1)["random"]
    stds = initial_activation_std(lecture, random)
    assert f"std {two_digits(stds[0])} after layer 1, {two_digits(stds[1])} after layer 2" in sentence(1), stds
    assert math.isinf(random.costs[0])  # the first cost is infinite
    assert "15,000 iterations" in sentence(1) and random.iterations == 15000
    assert f"still {random.costs[-1]:.2f}" in sentence(1)


def test_step_3_he_learns_the_circles(lecture):
    (he,) = run_step(lecture, 2)["he"]
    text = sentence(2)
    assert f"first cost is {he.costs[0]:.2f}" in text and np.isfinite(he.costs[0])
    assert f"{percent(train_accuracy(lecture, he))} train and {percent(accuracy_on_test(lecture, he))} test" in text
    assert f"cost {he.costs[-1]:.2g} after {he.iterations:,} iterations" in text


def test_step_4_xavier_keeps_tanh_smaller_both_train(lecture):
    runs = run_step(lecture, 3)
    (xavier,), (he,) = runs["xavier"], runs["he"]
    text = sentence(3)
    assert f"std ≤ {max(initial_activation_std(lecture, xavier)):.2f} per layer" in text
    assert f"reach {max(initial_activation_std(lecture, he)):.2f}" in text
    assert max(initial_activation_std(lecture, xavier)) < max(initial_activation_std(lecture, he))
    accuracies = [percent(accuracy_on_test(lecture, h)) for h in (xavier, he)]
    assert f"{accuracies[0]} and {accuracies[1]} test accuracy" in text


def test_step_5_only_he_learns_deep_and_narrow(lecture):
    runs = run_step(lecture, 4)
    (small,), (xavier,), (he,) = runs["small"], runs["xavier"], runs["he"]
    text = sentence(4)
    assert f"after {he.iterations:,} iterations" in text
    assert np.allclose(small.costs, math.log(2), atol=5e-4)  # has not left cost 0.693
    assert f"barely moved ({percent(accuracy_on_test(lecture, xavier))} test accuracy)" in text
    assert xavier.costs[-1] > 0.69 and accuracy_on_test(lecture, xavier) < 0.6
    assert f"only He learns ({percent(accuracy_on_test(lecture, he))})" in text and he.costs[-1] < 0.4


def test_step_6_he_beats_random_at_every_seed(lecture):
    runs = run_step(lecture, 5)
    he = {h.seed: accuracy_on_test(lecture, h) for h in runs["he"]}
    random = {h.seed: accuracy_on_test(lecture, h) for h in runs["random"]}
    assert sorted(he) == sorted(random) == list(range(10))
    text = sentence(5)
    assert all(he[s] > random[s] for s in he) and "at each of the 10 seeds" in text
    medians = [percent(float(np.median(list(acc.values()))), digits=1) for acc in (he, random)]
    assert f"median test accuracy {medians[0]} vs {medians[1]}" in text
    stalled = sorted(he, key=he.get)[:2]  # He's two worst seeds, named in the sentence
    assert (
        f"seeds {stalled[0]} and {stalled[1]} stall near 70 %" in text
        or f"seeds {stalled[1]} and {stalled[0]} stall near 70 %" in text
    )
    assert all(abs(he[s] - 0.7) < 0.05 for s in stalled) and min(he) in stalled  # the panels open on seed 0


def test_step_7_signal_through_the_layers(lecture):
    lecture.go_to_step(6)
    assert lecture.why.shown == "propagation" and WHY_IN_PLACE_CLASS in lecture._dom_classes  # in place of the run
    assert lecture.training_widget.status == "idle"  # nothing trains behind it
    r = lecture.why.view_box.children[0].redraw_state["result"]
    theory, measured = r.theory_activation_std, r.activation_std
    hidden = slice(0, len(r.layers) - 2)  # the ReLU layers (the last is the output's z)
    he = theory["he"][hidden]
    assert he.max() / he.min() < 1.3  # He keeps the size
    ratios = (theory["xavier"][1:] / theory["xavier"][:-1])[: len(he) - 1] ** 2
    assert 0.4 < float(np.exp(np.log(ratios).mean())) < 0.6  # Xavier halves the variance per layer
    assert theory["small"][-1] < 1e-15 and measured["small"][-1] < 1e-15  # ×0.01 vanishes
    text = sentence(6)
    assert measured["he"][-1] > measured["xavier"][-1] > measured["small"][-1]
    m = re.search(r"He ([\d.]+), Xavier ([\d.]+) at layer (\d+)", text)
    assert m and int(m.group(3)) == len(r.layers) - 1
    assert float(m.group(1)) == float(f"{measured['he'][-1]:.1g}")
    assert float(m.group(2)) == float(f"{measured['xavier'][-1]:.1g}")
    assert r.layers[1:-1] == [5] * 9 and "5 units a layer" in text
    grads = r.gradient_std  # the gradients follow: the same order at the first layer
    assert grads["he"][0] > grads["xavier"][0] > grads["small"][0]


def test_back_from_a_why_step_shows_the_run_again(lecture):
    lecture.go_to_step(6, train=False)
    lecture.go_to_step(5, train=False)
    assert WHY_IN_PLACE_CLASS not in lecture._dom_classes and lecture.why.shown == ""
