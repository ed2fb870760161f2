"""The live widget: ``TrainingWidget``, the lifecycle that owns its training thread, the stream of deltas
to the front end, and the offline HTML export. Builds on ``engine`` and ``wire``; no bqplot."""

from .export import export_html
from .training_widget import TrainingWidget

__all__ = ["TrainingWidget", "export_html"]
