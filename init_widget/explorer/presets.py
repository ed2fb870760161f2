"""Ready-made experiments for the Explorer and the lecture: each is a full set of control values.

``PRESETS`` are one click each in the dashboard; ``LECTURE_STEPS`` is the sequence an instructor
steps through in presentation mode (each a preset plus the sentence to say about it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..engine import datasets
from ..engine.course import COURSE
from ..engine.deep_rectifiers import he_2015


@dataclass(frozen=True)
class Preset:
    """Every control value of an experiment; ``noise=None`` means the dataset's default."""

    title: str
    initializers: tuple[str, ...]
    hidden: tuple[int, ...] = COURSE.hidden
    activation: str = COURSE.activation
    learning_rate: float = COURSE.learning_rate
    iterations: int = COURSE.iterations
    seed: int = COURSE.seed
    frame_every: int = 0  # 0: automatic (about 150 frames)
    random_scale: float = 10.0
    dataset: str = "circles"
    noise: float | None = None
    n_samples: int = 300
    data_seed: int = 1
    seeds: int = 1  # 1: train with `seed` only; N: every initializer with seeds 0…N-1 (median and band)
    note: str = ""
    why: str = ""  # a lecture step's "why" view shown under the run (explorer_why.VIEWS), "" for none


def default_noise(dataset: str) -> float:
    """The noise ``load_dataset(dataset)`` uses by default (0.05 for the course's circles)."""
    return float(datasets.DEFAULT_NOISE[dataset])


PRESETS: dict[str, Preset] = {
    "course": Preset(
        "Course: Initialization",
        ("zeros", "random", "he"),
        note="The course exercise: [2, 10, 5, 1] ReLU on circles, learning rate 0.01, 15000 iterations, seed 3.",
    ),
    "too_small": Preset(
        "Too small (×0.01) vs He",
        ("small", "he"),
        note="Tiny weights shrink the signal at every layer: the output hardly depends on the input.",
    ),
    "tanh": Preset(
        "Xavier vs He with tanh",
        ("xavier", "he"),
        hidden=(10, 10, 10, 10),
        activation="tanh",
        iterations=5000,
        note="Xavier (√(1/n)) is made for tanh; He (√(2/n)) is made for ReLU: both keep tanh out of saturation here.",
    ),
    "deep": Preset(
        "Deep and narrow (10 layers)",
        ("small", "xavier", "he"),
        hidden=(5,) * 9,
        iterations=10000,
        note="Ten layers of 5 ReLUs: small weights vanish, Xavier halves the variance per layer, He keeps it.",
    ),
}


def he_2015_preset() -> Preset:
    """He et al. 2015's Fig. 3 network (engine.deep_rectifiers.he_2015(30)) with He, Xavier and LSUV side by side."""
    config = he_2015(30)
    return Preset(
        "Papers: He 2015 (30 layers)",
        ("he", "xavier", "lsuv"),
        hidden=(config.width,) * (config.depth - 1),
        learning_rate=config.learning_rate,
        iterations=config.iterations,
        n_samples=config.n_samples,
        dataset=config.dataset,
        frame_every=100,
        note="He et al. 2015, Fig. 3: 30 plain ReLU layers of 32. Xavier's √(1/n) halves the signal's variance at "
        "every layer and stalls at cost 0.693 in 8 of seeds 0-9; He's √(2/n) trains in 10 of 10, LSUV in 7.",
    )


PRESETS["he_2015"] = he_2015_preset()

LECTURE_STEPS: tuple[tuple[Preset, str], ...] = (
    (
        replace(PRESETS["course"], initializers=("zeros",), title="1 · Zeros"),
        "All weights 0: every unit of a layer computes the same thing and gets the same update. "
        "Symmetry is never broken; the cost stays at ln 2 = 0.693.",
    ),
    (
        replace(PRESETS["course"], initializers=("random",), title="2 · Random × 10"),
        "Large random weights break the symmetry, but the activations explode "
        "(std 5.2 after layer 1, 150 after layer 2): the sigmoid output saturates, the first cost is infinite, "
        "and after 15,000 iterations the cost is still 0.38.",
    ),
    (
        replace(PRESETS["course"], initializers=("he",), title="3 · He"),
        "He initialization scales by √(2/n_prev): the first cost is 0.88, not infinite, and the network learns "
        "the circles: 99 % train and 96 % test accuracy, cost 0.065 after 15,000 iterations.",
    ),
    (
        replace(PRESETS["tanh"], title="4 · Xavier vs He with tanh"),
        "With tanh, Xavier's √(1/n_prev) keeps the activations smaller at the start (std ≤ 0.49 per layer; He's "
        "reach 0.59, nearer saturation). Both train here: 96 % and 95 % test accuracy.",
    ),
    (
        replace(PRESETS["deep"], title="5 · Deep and narrow"),
        "Ten layers of 5 ReLUs magnify the scale error: after 10,000 iterations ×0.01 has not left cost 0.693, "
        "Xavier barely moved (53 % test accuracy), only He learns (89 %).",
    ),
    (
        replace(PRESETS["course"], seeds=10, title="6 · Was it luck?"),
        "Ten seeds each (line: median cost, band: 80 % of the seeds, dots: each seed's accuracy). He beats random "
        "×10 at each of the 10 seeds (median test accuracy 94.5 % vs 69 %), yet seeds 0 and 7 stall near 70 %: "
        "the panels open on seed 0, ↑/↓ picks another.",
    ),
    (
        replace(PRESETS["deep"], why="propagation", title="7 · Signal through the layers"),
        "Why: one pass at initialization, before training (below). In theory (dashed) He keeps the activations' size "
        "through the ReLU layers, Xavier halves their variance per layer, ×0.01 makes them vanish. Measured (solid), "
        "5 units a layer lose more, in the same order: He 0.01, Xavier 0.0003 at layer 10. The gradients follow.",
    ),
)
