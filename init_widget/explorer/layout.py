"""The Explorer's widget tree: how its parts are arranged on screen, and closing the whole tree at once.

``arrange(ex)`` lays out an Explorer's controls, TrainingWidget and diagnostics (lecture mode folds
the controls away and shows the step bar). ``close_tree`` closes a widget and every widget it holds:
ipywidgets' ``close()`` closes one model only, and each control, layout, figure, mark and scale left
open stays in the kernel's registry for good.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from .lecture import explorer_style


def _label(text: str, width: str = "auto") -> W.HTML:
    return W.HTML(f"<span class='iwx-muted'>{text}</span>", layout=W.Layout(width=width))


def arrange(ex: Any) -> None:
    """Put an Explorer's parts into its children (and create the lecture bar's widgets)."""

    def section(title: str, *children, width: str = "auto") -> W.VBox:
        box = W.VBox([W.HTML(f"<div class='iwx-section-title'>{title}</div>"), *children],
                     layout=W.Layout(width=width))
        box.add_class("iwx-section")
        return box

    checks = list(ex.init_checks.values())
    inits = W.GridBox(checks, layout=W.Layout(grid_template_columns="repeat(5, auto)", grid_gap="0 8px"))
    presets = W.HBox([_label("Presets:"), *ex.preset_buttons.values()]
                     + ([] if ex.lecture else [W.Box(layout=W.Layout(flex="1 1 auto")), ex.key_bridge]),
                     layout=W.Layout(flex_flow="row wrap", align_items="center", width="100%"))
    data = section("Data", ex.dataset, *(f.widget for f in (ex.noise, ex.n_samples, ex.data_seed)),
                   ex.regenerate_button, ex.data_info, width=ex.px(290))
    net = section("Network and training",
                  W.HBox([W.VBox([ex.hidden, ex.hidden_error, ex.activation, ex.learning_rate.widget]),
                          W.VBox([f.widget for f in (ex.iterations, ex.frame_every, ex.seed, ex.seeds)])]),
                  W.HTML("<div class='iwx-section-title'>Initializers</div>"),
                  inits, ex.random_scale.widget,
                  W.HBox([ex.train_button, ex.status_line, ex.run_notice], layout=W.Layout(align_items="center")))
    controls = W.HBox([data, net], layout=W.Layout(flex_flow="row wrap", width="100%"))
    ex.style_html = W.HTML(explorer_style(ex.css_class, ex.font_scale, ex.lecture))
    top = [ex.style_html, presets, controls]
    ex.step_caption = W.HTML()
    ex.step_caption.add_class("iwx-step")
    ex.prev_button = W.Button(description="Prev", icon="arrow-left",
                              layout=W.Layout(width="auto", flex="0 0 auto", padding="0 14px"))
    ex.next_button = W.Button(description="Next", icon="arrow-right", button_style="info",
                              layout=W.Layout(width="auto", flex="0 0 auto", padding="0 14px"))
    ex.prev_button.on_click(lambda _b: ex.prev_step())
    ex.next_button.on_click(lambda _b: ex.next_step())
    if ex.lecture:
        ex.key_bridge.layout = W.Layout(flex="0 0 auto")
        # the audience watches the run: the controls fold away, opened from the step bar (one click)
        folded = W.VBox([presets, controls], layout=W.Layout(display="none"))
        ex.controls_button = W.ToggleButton(description="Controls", icon="sliders", tooltip="Presets and controls",
                                            layout=W.Layout(width="auto", padding="0 14px"))
        ex.controls_button.observe(
            lambda change: setattr(folded.layout, "display", "flex" if change["new"] else "none"), "value")
        # buttons two by two beside the step text: the bar is as tall as the text, no taller
        buttons = W.GridBox([ex.prev_button, ex.next_button, ex.key_bridge, ex.controls_button],
                            layout=W.Layout(grid_template_columns="auto auto", grid_gap="6px 6px",
                                            flex="0 0 auto", align_items="center"))
        bar = W.HBox([buttons, ex.step_caption], layout=W.Layout(align_items="center"))
        bar.add_class("iwx-stepbar")
        top = [ex.style_html, bar, folded]
    diagnostics = W.VBox([W.HTML("<div class='iwx-section-title'>Inside the networks, at the playhead</div>"),
                          ex.diagnostics.widget])
    diagnostics.add_class("iwx-section")
    ex.children = [*top, ex.training_widget, diagnostics, ex.why.widget]
    ex.add_class("iwx-explorer")
    ex.add_class(ex.css_class)
    if ex.lecture:
        ex.add_class("iwx-lecture")
        ex.step_caption.value = ("<span class='iwx-muted'>Press <b>Next</b> (or PageDown / →) to start the "
                                 "lecture; <b>Full screen</b> for the projector.</span>")


def close_tree(*roots: Any) -> None:
    """Close every widget in ``roots`` (widgets or lists of them) and every widget reachable through their
    synced traits (children, layouts, marks, axes, scales…)."""
    seen: dict[int, W.Widget] = {}
    stack = list(roots)
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, W.Widget) and id(item) not in seen:
            seen[id(item)] = item
            stack.extend(getattr(item, name, None) for name in item.keys)
    for w in seen.values():
        w.close()
