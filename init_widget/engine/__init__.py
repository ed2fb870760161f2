"""Pure-numpy training engine: datasets, initializers, a stacked network, the trainer and its History.

Nothing here imports Jupyter, so it tests fast and runs anywhere numpy does.
"""

from .datasets import DATASETS, load_dataset
from .history import History
from .initializers import INITIALIZERS, register_initializer
from .network import ACTIVATIONS
from .check import check_initializer
from .propagation import signal_propagation
from .sweeps import scale_sweep
from .trainer import Trainer, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "History",
    "Trainer",
    "check_initializer",
    "load_dataset",
    "register_initializer",
    "scale_sweep",
    "signal_propagation",
    "train",
]
