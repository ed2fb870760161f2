"""init-widget: watch weight initialization shape a neural network's training, live in Jupyter.

``Explorer`` is imported on first use (module ``__getattr__``): its charts need bqplot and pandas,
about 40 MB a kernel that only shows a ``TrainingWidget`` should not carry.
"""

from typing import Any

from .engine import (
    DATASETS,
    INITIALIZERS,
    History,
    Trainer,
    check_initializer,
    jacobian_spectrum,
    layer_statistics,
    load_dataset,
    register_initializer,
    scale_sweep,
    signal_propagation,
    train,
)
from .widget import TrainingWidget, export_html

__all__ = [
    "DATASETS",
    "INITIALIZERS",
    "Explorer",
    "History",
    "Trainer",
    "TrainingWidget",
    "check_initializer",
    "export_html",
    "jacobian_spectrum",
    "layer_statistics",
    "load_dataset",
    "register_initializer",
    "scale_sweep",
    "signal_propagation",
    "train",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Explorer":
        from .explorer import Explorer

        return Explorer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"Explorer"})
