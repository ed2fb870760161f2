"""init-widget: watch weight initialization shape a neural network's training, live in Jupyter."""

from .engine import DATASETS, INITIALIZERS, History, Trainer, load_dataset, register_initializer, train
from .explorer import Explorer
from .export import export_html
from .widget import TrainingWidget

__all__ = [
    "DATASETS",
    "INITIALIZERS",
    "Explorer",
    "History",
    "Trainer",
    "TrainingWidget",
    "export_html",
    "load_dataset",
    "register_initializer",
    "train",
]
__version__ = "0.1.0"
