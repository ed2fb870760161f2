"""Pure-numpy training engine: datasets, initializers, a stacked network, the trainer and its History.

Nothing here imports Jupyter, so it tests fast and runs anywhere numpy does.
"""

from .check import check_initializer
from .datasets import DATASETS, load_dataset
from .glorot import layer_statistics
from .history import History
from .initializers import INITIALIZERS, register_initializer
from .jacobian import jacobian_spectrum
from .network import ACTIVATIONS
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
    "jacobian_spectrum",
    "layer_statistics",
    "load_dataset",
    "register_initializer",
    "scale_sweep",
    "signal_propagation",
    "train",
]
