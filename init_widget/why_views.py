"""Compatibility path for the "why" views (``from init_widget.why_views import seeds_view``): they live in
``init_widget.charts.why_views``."""

from .charts.why_views import check_view, propagation_view, seeds_view, sweep_view

__all__ = ["check_view", "propagation_view", "seeds_view", "sweep_view"]
