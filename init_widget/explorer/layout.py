"""The Explorer's widget tree: how its parts are arranged on screen, and closing the whole tree at once.

``arrange(ex)`` lays out an Explorer's controls, TrainingWidget and diagnostics (lecture mode folds
the controls away and shows the step bar). ``close_tree`` closes a widget and every widget it holds:
ipywidgets' ``close()`` closes one model only, and each control, layout, figure, mark and scale left
open stays in the kernel's registry for good.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ..charts.a11y import KEEP_KEYS_CLASS


def _label(text: str, width: str = "auto") -> W.HTML:
    return W.HTML(f"<span class='iwx-muted'>{text}</span>", layout=W.Layout(width=width))


def arrange(ex: Any) -> None:
    """Put an Explorer's parts (its form, step bar, TrainingWidget, diagnostics, why section) into its children."""

    def section(title: str, *children, width: str = "auto") -> W.VBox:
        box = W.VBox([W.HTML(f"<div class='iwx-section-title'>{title}</div>"), *children], layout=W.Layout(width=width))
        box.add_class("iwx-section")
        return box

    form, steps = ex.form, ex.steps
    inits = W.GridBox(
        list(form.init_checks.values()), layout=W.Layout(grid_template_columns="repeat(5, auto)", grid_gap="0 8px")
    )
    presets = W.HBox(
        [_label("Presets:"), *form.preset_buttons.values()]
        + ([] if ex.lecture else [W.Box(layout=W.Layout(flex="1 1 auto")), steps.key_bridge]),
        layout=W.Layout(flex_flow="row wrap", align_items="center", width="100%"),
    )
    data = section(
        "Data",
        form.dataset,
        *(f.widget for f in (form.noise, form.n_samples, form.data_seed)),
        form.regenerate_button,
        form.data_info,
        width=ex.px(290),
    )
    net = section(
        "Network and training",
        W.HBox(
            [
                W.VBox([form.hidden, form.hidden_error, form.activation, form.learning_rate.widget]),
                W.VBox([f.widget for f in (form.iterations, form.frame_every, form.seed, form.seeds)]),
            ]
        ),
        W.HTML("<div class='iwx-section-title'>Initializers</div>"),
        inits,
        form.random_scale.widget,
        W.HBox([form.train_button, form.status_line, form.run_notice], layout=W.Layout(align_items="center")),
    )
    controls = W.HBox([data, net], layout=W.Layout(flex_flow="row wrap", width="100%"))
    top = [ex.style_html, presets, controls]
    if ex.lecture:
        top = [ex.style_html, *_step_bar(steps, W.VBox([presets, controls], layout=W.Layout(display="none")))]
    diagnostics = W.VBox(
        [W.HTML("<div class='iwx-section-title'>Inside the networks, at the playhead</div>"), ex.diagnostics.widget]
    )
    diagnostics.add_class("iwx-section")
    diagnostics.add_class("iwx-diagnostics-section")
    ex.training_widget.add_class("iwx-run")
    ex.children = [*top, ex.training_widget, diagnostics, ex.why.widget]
    ex.add_class("iwx-explorer")
    ex.add_class(ex.css_class)
    ex.add_class(KEEP_KEYS_CLASS)  # m, x, a, arrows typed in a control never reach JupyterLab's shortcuts
    if ex.lecture:
        ex.add_class("iwx-lecture")


def _step_bar(steps: Any, folded: W.VBox) -> list[W.Widget]:
    """The lecture's bar (buttons two by two beside the step text: as tall as the text, no taller) above the
    folded controls, which the audience does not need; the Controls toggle opens them with one click."""
    steps.key_bridge.layout = W.Layout(flex="0 0 auto")
    steps.controls_button.observe(
        lambda change: setattr(folded.layout, "display", "flex" if change["new"] else "none"), "value"
    )
    buttons = W.GridBox(
        [steps.prev_button, steps.next_button, steps.key_bridge, steps.controls_button],
        layout=W.Layout(grid_template_columns="auto auto", grid_gap="6px 6px", flex="0 0 auto", align_items="center"),
    )
    bar = W.HBox([buttons, steps.caption], layout=W.Layout(align_items="center"))
    bar.add_class("iwx-stepbar")
    return [bar, folded]


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
