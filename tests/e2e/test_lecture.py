"""The lecture (examples/03) stepped with the keyboard in a real JupyterLab, at 1920×1080, 1366×768 and 1280×720.

For every step: the key is answered within a second (the step's title changes, also while the previous
step's ten seeds train); the picture the step is about is on screen with the step bar, without scrolling
(the run's panels and cost chart, or the bqplot figures of its why view, which takes the run's place);
every text on screen, chart ticks included, is at least 18 px at 1080 lines (a lecture shrinks with the
screen as slides do); and through the whole step, until its animation has played, no boundary canvas
that was painted goes blank and no canvas keeps changing size (a layout loop). Full screen at 1280×720
opens at the top by itself. Screenshots of each step go to artifacts/lecture-WxH-stepK.png.
"""

from __future__ import annotations

import pytest
from e2e_lab import ARTIFACTS, close_notebook, open_notebook

from init_widget.explorer.presets import LECTURE_STEPS

LECTURE = "03_lecture.ipynb"
STEPS = len(LECTURE_STEPS)
VIEWPORTS = ((1920, 1080), (1366, 768), (1280, 720))
KEY_ANSWER_MS = 1000
# what each step is about: the run (panels and cost chart) or its why view's figures
PICTURES = {
    "": ".iwx-lecture .iw-root :is(.iw-panel, .iw-costchart)",
    "propagation": ".iwx-lecture .iw-why-propagation .bqplot",
}

# In the page, from the first step on: the time from a PageDown/PageUp to the step text changing, and per
# boundary canvas, whether it went blank after being painted and how often its size changed, per step.
WATCH_JS = """() => {
    const w = window.__lecture = {answers: [], steps: {}};
    let pressed = null, lastText = '';
    document.addEventListener('keydown', (e) => {
        if (e.key === 'PageDown' || e.key === 'PageUp') pressed = performance.now(); }, true);
    const blank = (c) => {
        if (!c.width || !c.height) return true;
        const x = document.createElement('canvas'); x.width = c.width; x.height = c.height;
        const ctx = x.getContext('2d'); ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 4; i < d.length; i += 4 * 7)
            if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) return false;
        return true;
    };
    const tick = () => {
        const text = document.querySelector('.iwx-step')?.textContent || '';
        const step = (text.match(/\\((\\d+)\\/\\d+\\)/) || [])[1] || '0';
        if (text !== lastText) {
            if (pressed !== null && lastText) w.answers.push({to: step, ms: performance.now() - pressed});
            pressed = null; lastText = text;
        }
        const s = w.steps[step] = w.steps[step] || {canvases: {}};
        document.querySelectorAll('.iwx-lecture .iw-panel').forEach((p) => {
            const c = p.querySelector('canvas.iw-heatmap');
            if (!c || !c.getClientRects().length) return;
            const k = s.canvases[p.dataset.model] = s.canvases[p.dataset.model]
                || {painted: false, blanked: 0, sizes: []};
            const size = c.width + 'x' + c.height;
            if (k.sizes[k.sizes.length - 1] !== size) k.sizes.push(size);
            const empty = blank(c);
            if (!empty) k.painted = true; else if (k.painted) k.blanked++;
        });
        setTimeout(() => requestAnimationFrame(tick), 150);
    };
    requestAnimationFrame(tick);
    // every status the run passes through, per step (a step's run is new once it has left 'done')
    const root = document.querySelector('.iwx-lecture .iw-root');
    const stepNow = () => ((document.querySelector('.iwx-step')?.textContent || '')
        .match(/\\((\\d+)\\/\\d+\\)/) || [])[1] || '0';
    new MutationObserver(() => {
        const s = w.steps[stepNow()] = w.steps[stepNow()] || {canvases: {}};
        (s.statuses = s.statuses || []).push(root.dataset.status);
    }).observe(root, {attributes: true, attributeFilter: ['data-status']});
}"""

# the step bar and the step's picture against the visible area (the notebook's scroller, or full screen)
ON_SCREEN_JS = """(picture) => {
    const ex = document.querySelector('.iwx-lecture');
    const fs = document.fullscreenElement;
    let view;
    if (fs) view = {top: 0, bottom: innerHeight, left: 0, right: innerWidth};
    else {
        let sc = ex.parentElement;
        while (sc && !/(auto|scroll)/.test(getComputedStyle(sc).overflowY)) sc = sc.parentElement;
        const r = sc.getBoundingClientRect();
        view = {top: Math.max(0, r.top), bottom: Math.min(innerHeight, r.bottom), left: r.left,
                right: Math.min(innerWidth, r.right)};
    }
    const box = (el) => { const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, w: r.width, h: r.height}; };
    const parts = {'step bar': box(ex.querySelector('.iwx-stepbar'))};
    [...document.querySelectorAll(picture)]
        .forEach((el, i) => { parts['picture ' + i + ' ' + el.className.split(' ')[0]] = box(el); });
    return {view, parts};
}"""

# the smallest font of any text drawn inside the visible area of the lecture, HTML and SVG alike
SMALLEST_TEXT_JS = """() => {
    const ex = document.querySelector('.iwx-lecture');
    let min = [Infinity, ''];
    const walk = document.createTreeWalker(ex, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el.getClientRects().length) continue;
        const r = el.getBoundingClientRect();
        if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
        if (!r.width || !r.height) continue;
        const s = getComputedStyle(el);
        if (s.visibility === 'hidden' || s.opacity === '0' || s.clipPath.startsWith('inset(50%')) continue;
        if (el.closest('select') && el.tagName === 'OPTION') continue;
        const px = parseFloat(s.fontSize);
        if (px < min[0]) min = [px, n.textContent.trim().slice(0, 40)];
    }
    return min;
}"""


def _outside(got: dict) -> dict:
    view = got["view"]
    return {
        k: b
        for k, b in got["parts"].items()
        if b["top"] < view["top"] - 1
        or b["bottom"] > view["bottom"] + 1
        or b["left"] < view["left"] - 1
        or b["right"] > view["right"] + 1
        or min(b["w"], b["h"]) < 40
    }


def _arrived(page, k: int) -> None:
    page.wait_for_function(
        f"() => document.querySelector('.iwx-step')?.textContent?.includes('({k}/{STEPS})')", timeout=30_000
    )


def _played(page, k: int, why: str) -> None:
    """The step's work is over: a run trained and its animation played to the end, or the why view drawn."""
    if why:
        page.wait_for_selector(f".iwx-lecture .iw-why-{why} .bqplot path.line", state="attached", timeout=60_000)
        wide = "(sel) => [...document.querySelectorAll(sel)].every(f => f.getBoundingClientRect().width > 50)"
        page.wait_for_function(wide, arg=PICTURES[why], timeout=30_000)
        return
    page.wait_for_function(
        """(k) => { const r = document.querySelector('.iwx-lecture .iw-root');
        const seen = (window.__lecture.steps[k] || {}).statuses || [];
        return (k === '1' || seen.includes('training')) && r.dataset.status === 'done'
               && r.dataset.playing === 'false' && Number(r.dataset.framesPainted || 0) > 0; }""",
        arg=str(k),
        timeout=240_000,
    )


def _check_step(page, name: str, k: int, height: int) -> None:
    preset, _text = LECTURE_STEPS[k - 1]
    _played(page, k, preset.why)
    got = page.evaluate(ON_SCREEN_JS, PICTURES[preset.why])
    page.screenshot(path=str(ARTIFACTS / f"lecture-{name}-step{k}.png"))
    assert len(got["parts"]) >= 3, f"{name} step {k}: the step's picture is missing: {got['parts']}"
    assert not _outside(got), f"{name} step {k}: outside the visible {got['view']}: {_outside(got)}"
    px, text = page.evaluate(SMALLEST_TEXT_JS)
    assert px >= 18 * height / 1080 - 0.05, f"{name} step {k}: text {text!r} is {px} px"
    canvases = page.evaluate(f"() => (window.__lecture.steps['{k}'] || {{}}).canvases || {{}}")
    if not preset.why:
        assert canvases, f"{name} step {k}: no boundary canvas seen"
    for model, c in canvases.items():
        assert c["blanked"] == 0, f"{name} step {k}: panel {model} went blank {c['blanked']} times after painting"
        assert len(c["sizes"]) <= 3, f"{name} step {k}: panel {model} kept resizing: {c['sizes']}"


def _step_through(page, name: str, height: int) -> None:
    """From step 1 (the notebook's own cell went there) to the last with PageDown, each step checked."""
    page.evaluate(WATCH_JS)
    for k in range(1, STEPS + 1):
        _arrived(page, k)
        _check_step(page, name, k, height)
        if k < STEPS:
            page.keyboard.press("PageDown")
    slow = [a for a in page.evaluate("() => window.__lecture.answers") if a["ms"] > KEY_ANSWER_MS]
    assert not slow, f"{name}: keys answered after more than {KEY_ANSWER_MS} ms: {slow}"


def _answer_while_seeds_train(page, name: str) -> None:
    """PageUp to step 6 (ten seeds each start training), PageDown while they train: answered within a second."""
    before = len(page.evaluate("() => window.__lecture.answers"))
    page.keyboard.press("PageUp")
    _arrived(page, STEPS - 1)
    page.wait_for_function(
        "() => document.querySelector('.iwx-lecture .iw-root')?.dataset.status === 'training'", timeout=30_000
    )
    page.keyboard.press("PageDown")
    _arrived(page, STEPS)
    answer = page.wait_for_function(
        f"""(n) => window.__lecture.answers.slice(n).find(a => a.to === '{STEPS}')""", arg=before, timeout=5_000
    ).json_value()
    assert answer["ms"] < KEY_ANSWER_MS, f"{name}: 6 → 7 while training: {answer}"


def _lecture(browser, lab):
    nb = open_notebook(browser, lab, LECTURE, "lecture")
    nb.run_all()
    nb.page.wait_for_selector(".iwx-lecture .iw-root", timeout=120_000)
    nb.wait_executed(240_000)  # the notebook's own go_to_step(0) cell has run: the lecture is ours
    return nb


@pytest.mark.parametrize("width,height", VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_lecture_steps_in_the_notebook(browser, lab_light, width, height):
    nb = _lecture(browser, lab_light)
    try:
        page = nb.page
        page.set_viewport_size({"width": width, "height": height})
        page.keyboard.press("Control+b")  # the sidebar folded away, as on a projector
        page.locator(".iwx-lecture").first.click(position={"x": 5, "y": 5})  # keys go to the lecture
        page.evaluate("() => document.querySelector('.iwx-lecture').scrollIntoView({block: 'start'})")
        _step_through(page, f"{width}x{height}", height)
        _answer_while_seeds_train(page, f"{width}x{height}")
        preset = page.locator(".iwx-lecture .iwx-section-title:has-text('Network and training')")
        assert not preset.is_visible()  # the controls are folded away, one click on the step bar opens them
        page.click(".iwx-stepbar button:has-text('Controls')")
        preset.wait_for(state="visible", timeout=10_000)
        page.click(".iwx-stepbar button:has-text('Controls')")
        preset.wait_for(state="hidden", timeout=10_000)
    finally:
        close_notebook(nb)


def test_lecture_full_screen_fits_1280x720(browser, lab_light):
    nb = _lecture(browser, lab_light)
    try:
        page = nb.page
        page.set_viewport_size({"width": 1280, "height": 720})
        page.click(".iwx-fullscreen")
        page.wait_for_function("() => !!document.fullscreenElement", timeout=10_000)
        _step_through(page, "1280x720-fullscreen", 720)
    finally:
        close_notebook(nb)
