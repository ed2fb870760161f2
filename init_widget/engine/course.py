"""The course exercise's settings, in one place: every default that reproduces it reads them here.

A ``[n_x, 10, 5, 1]`` ReLU network with a sigmoid output, learning rate 0.01, 15,000 iterations, seed 3,
comparing zeros, random ×10 and He (the exercise's numbers: README, tests/test_course.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CourseSettings:
    """What ``train``, ``TrainingWidget``, the Explorer's course preset and ``check_initializer`` default to."""

    hidden: tuple[int, ...] = (10, 5)
    activation: str = "relu"
    learning_rate: float = 0.01
    iterations: int = 15000
    seed: int = 3
    initializers: tuple[str, ...] = ("zeros", "random", "he")

    def layers(self, n_x: int = 2) -> list[int]:
        """The course's layer sizes for ``n_x`` input features: [n_x, 10, 5, 1]."""
        return [n_x, *self.hidden, 1]


COURSE = CourseSettings()
