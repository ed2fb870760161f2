"""Pure-numpy training engine: datasets, initializers, a stacked network, the trainer and its History.

Nothing here imports Jupyter, so it tests fast and runs anywhere numpy does.
"""

from .datasets import DATASETS, load_dataset
from .history import History
from .initializers import INITIALIZERS, register_initializer
from .network import ACTIVATIONS
from .trainer import Trainer, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "History",
    "Trainer",
    "load_dataset",
    "register_initializer",
    "train",
]
