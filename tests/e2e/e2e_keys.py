"""Typing JupyterLab's / Notebook 7's command-mode keys into one of the widget's controls, and reading
the notebook's cells (their types, which one is active) to show that nothing reached the notebook."""

from __future__ import annotations

# the notebook's cells in order: "code" / "markdown" / "raw", "*" on the active one
CELLS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')].map(c =>
    (c.classList.contains('jp-MarkdownCell') ? 'markdown' : c.classList.contains('jp-RawCell') ? 'raw' : 'code')
    + (c.classList.contains('jp-mod-active') ? '*' : ''))"""

# to Markdown, cut, insert above / below, to code, delete (d d), undo, heading 1, merge, move the selection
COMMAND_MODE_KEYS = ("m", "x", "a", "b", "y", "d", "d", "z", "1", "Shift+M", "ArrowUp", "ArrowDown")


def type_command_keys(page, control) -> tuple[list[str], list[str]]:
    """Focus `control` (the notebook goes to command mode), type the keys; the cells before and after."""
    control.focus()
    page.wait_for_function("() => document.querySelector('.jp-Notebook.jp-mod-commandMode')")
    before = page.evaluate(CELLS_JS)
    for key in COMMAND_MODE_KEYS:
        page.keyboard.press(key)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return before, page.evaluate(CELLS_JS)
