"""The lecture's step bar: Prev / Next (also PageDown / PageUp / arrows through ``KeyBridge``), the step's
title and sentence, and the toggle that unfolds the controls. Going to a step hands its preset to the Explorer."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from .lecture import KeyBridge
from .presets import LECTURE_STEPS, Preset

WELCOME = (
    "<span class='iwx-muted'>Press <b>Next</b> (or PageDown / →) to start the lecture; "
    "<b>Full screen</b> for the projector.</span>"
)


class LectureSteps:
    """Where the lecture is (``index``, -1 before the first step) and the widgets that move it."""

    def __init__(self, root_selector: str, lecture: bool, show: Callable[[Preset, bool], None]):
        self.index = -1
        self._show = show
        self.caption = W.HTML(WELCOME if lecture else "")
        self.caption.add_class("iwx-step")
        self.prev_button = W.Button(
            description="Prev", icon="arrow-left", layout=W.Layout(width="auto", flex="0 0 auto", padding="0 14px")
        )
        self.next_button = W.Button(
            description="Next",
            icon="arrow-right",
            button_style="info",
            layout=W.Layout(width="auto", flex="0 0 auto", padding="0 14px"),
        )
        self.controls_button = W.ToggleButton(
            description="Controls",
            icon="sliders",
            tooltip="Presets and controls",
            layout=W.Layout(width="auto", padding="0 14px"),
        )
        self.key_bridge = KeyBridge(target=root_selector, enabled=lecture)
        self.prev_button.on_click(lambda _b: self.prev())
        self.next_button.on_click(lambda _b: self.next())
        self.key_bridge.on_action(lambda a: self.next() if a == "next" else self.prev())

    def go_to(self, index: int, train: bool = True) -> None:
        """Show step ``index`` (0-based, clamped): its title and sentence, then its preset (trained if asked)."""
        index = max(0, min(index, len(LECTURE_STEPS) - 1))
        preset, text = LECTURE_STEPS[index]
        self.index = index
        self.caption.value = (
            f"<b>{preset.title}</b> <span class='iwx-muted'>({index + 1}/{len(LECTURE_STEPS)})</span><br>{text}"
        )
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index == len(LECTURE_STEPS) - 1
        self._show(preset, train)

    def next(self) -> None:
        if self.index < len(LECTURE_STEPS) - 1:
            self.go_to(self.index + 1)

    def prev(self) -> None:
        if self.index > 0:
            self.go_to(self.index - 1)
