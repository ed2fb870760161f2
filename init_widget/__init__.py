"""init-widget: watch weight initialization shape a neural network's training, live in Jupyter."""

from .engine import DATASETS, INITIALIZERS, History, Trainer, load_dataset, register_initializer, train
from .export import export_html
from .widget import TrainingWidget

__all__ = ["DATASETS", "INITIALIZERS", "History", "Trainer", "load_dataset", "register_initializer", "train", "TrainingWidget", "export_html"]
__version__ = "0.1.0"
