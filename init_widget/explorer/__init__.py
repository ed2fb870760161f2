"""The dashboard: ``Explorer`` (controls, presets, lecture mode and the "why it works" section) around a
``TrainingWidget`` and the diagnostics charts. Loaded on first use of ``init_widget.Explorer``."""

from .dashboard import Explorer

__all__ = ["Explorer"]
