"""Students' initializers as they are really written: the course's correct He and each typical mistake
(tests/test_check.py)."""

import numpy as np


def _course_style(name, scale, draw=np.random.randn, bias=0.0, reseed=False):
    """A course-style function written with one mistake: the loop, the global np.random and the dict as
    students write them."""

    def initialize(layers_dims):
        parameters = {}
        for l in range(1, len(layers_dims)):
            if reseed:
                np.random.seed(3)
            parameters["W" + str(l)] = draw(layers_dims[l], layers_dims[l - 1]) * scale(layers_dims, l)
            parameters["b" + str(l)] = np.zeros((layers_dims[l], 1)) + bias
        return parameters

    initialize.__name__ = name
    return initialize


he_scale = lambda dims, l: np.sqrt(2.0 / dims[l - 1])  # noqa: E731
initialize_parameters_he = _course_style("initialize_parameters_he", he_scale)  # right: the course's solution
he_wrong_index = _course_style("he_wrong_index", lambda dims, l: np.sqrt(2.0 / dims[l]))
he_no_sqrt = _course_style("he_no_sqrt", lambda dims, l: 2.0 / dims[l - 1])
he_rand = _course_style("he_rand", he_scale, draw=np.random.rand)
he_bias = _course_style("he_bias", he_scale, bias=0.1)
he_seed_in_loop = _course_style("he_seed_in_loop", he_scale, reseed=True)
xavier = _course_style("xavier", lambda dims, l: np.sqrt(1.0 / dims[l - 1]))


def transposed(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l - 1], layers_dims[l]) * np.sqrt(
            2.0 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def broken(layers_dims):
    return [1, 2]


def he_draw(shape, rng):
    return rng.randn(*shape) * np.sqrt(2.0 / shape[1])


def uniform_glorot(shape, rng):
    a = np.sqrt(6.0 / sum(shape))
    return rng.uniform(-a, a, size=shape)


# a notebook cell as a student types it, with the layers_dims[l] mistake (the e2e notebooks run it; numpy as np)
WRONG_INDEX_CELL = """def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters"""


def reseeding(shape, rng):
    """An f(shape, rng) that reseeds numpy's global stream, a student's habit: it must not reach the caller's."""
    np.random.seed(0)
    np.random.randn(3)
    return rng.randn(*shape) * 0.5


def course_style(seed=None, scale=0.3):
    """A course-style initialize_parameters(layers_dims) drawing randn × ``scale`` from numpy's global stream,
    seeding it first with ``seed`` when given (as the course's own functions do)."""

    def initialize_parameters_course(layers_dims):
        if seed is not None:
            np.random.seed(seed)
        parameters = {}
        for l in range(1, len(layers_dims)):
            parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
            parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
        return parameters

    return initialize_parameters_course
