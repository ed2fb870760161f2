"""Reading the widget's DOM hooks from a Playwright page: readouts, canvas pixels, controls.

The hooks (js/src): root `.iw-root` (data-playhead, data-iteration = the iteration the picture
shows, data-playing, data-status, data-frames-painted), panels
`.iw-panel[data-model=NAME]` with canvas `.iw-heatmap` and readouts `.iw-iteration .iw-cost
.iw-train-acc .iw-test-acc`; buttons `.iw-train .iw-pause .iw-stop .iw-reset`; player `.iw-play`,
`input.iw-timeline`, `.iw-loop`, `.iw-follow`, `.iw-show-test`, `.iw-log`, `.iw-duration`, `.iw-replay`; the cost chart
`.iw-costchart`; `.iw-progress`, `.iw-status`, `.iw-error`.
"""

from __future__ import annotations

import re
import time

NUMBER = re.compile(r"[-+]?(?:\d[\d,\u202f\u2009 ]*\d|\d)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+|inf|∞|NaN", re.I)

# statistics of a canvas's pixels, whatever its context type (copied through a 2d canvas)
CANVAS_STATS_JS = """(canvas) => {
    const w = canvas.width, h = canvas.height;
    if (!w || !h) return {w, h, n: 0, mean: 0, var: 0, distinct: 0, hash: 0};
    const c = document.createElement('canvas'); c.width = w; c.height = h;
    const ctx = c.getContext('2d'); ctx.drawImage(canvas, 0, 0);
    const d = ctx.getImageData(0, 0, w, h).data;
    let s = 0, s2 = 0, hash = 0, opaque = 0; const seen = new Set();
    for (let i = 0; i < d.length; i += 4) {
        const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        s += y; s2 += y * y; if (d[i + 3] > 0) opaque++;
        hash = (hash * 31 + d[i] * 7 + d[i + 1] * 13 + d[i + 2] * 17 + d[i + 3]) % 1000000007;
        if (seen.size < 4096) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
    }
    const n = w * h, mean = s / n;
    return {w, h, n, mean, var: s2 / n - mean * mean, distinct: seen.size, hash, opaque};
}"""


# In-page recorder, installed before Run All: from the moment `.iw-root` appears, on every animation
# frame, note the playhead, frames painted and a hash of the named panel's canvas whenever it changed.
# Dense and cheap, so a run that trains in a second still shows how its pixels moved.
RECORDER_JS = """(model) => {
    const rec = window.__iwRecord = {samples: [], done: false};
    const hashOf = (canvas) => {
        const w = canvas.width, h = canvas.height; if (!w || !h) return 0;
        const c = document.createElement('canvas'); c.width = w; c.height = h;
        const ctx = c.getContext('2d'); ctx.drawImage(canvas, 0, 0);
        const d = ctx.getImageData(0, 0, w, h).data; let hash = 0;
        for (let i = 0; i < d.length; i += 4)
            hash = (hash * 31 + d[i] * 7 + d[i + 1] * 13 + d[i + 2] * 17) % 1000000007;
        return hash;
    };
    const t0 = performance.now(); let last = null;
    const tick = () => {
        const root = document.querySelector('.iw-root');
        const canvas = root && root.querySelector(`.iw-panel[data-model="${model}"] canvas.iw-heatmap`);
        if (canvas) {
            const painted = Number(root.dataset.framesPainted || 0);
            const status = (root.querySelector('.iw-status') || {}).dataset?.status || '';
            const key = painted + '|' + root.dataset.playhead + '|' + status;
            if (key !== last) {
                last = key;
                rec.samples.push({t: Math.round(performance.now() - t0), playhead: Number(root.dataset.playhead),
                                  painted, status, hash: hashOf(canvas)});
            }
        }
        if (!rec.done && rec.samples.length < 5000 && performance.now() - t0 < 300000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""


# resolves once the page has painted n animation frames (playback advances once per frame)
FRAMES_JS = """n => new Promise(r => { let k = 0; const f = () => (++k >= n ? r(k) : requestAnimationFrame(f));
                                  requestAnimationFrame(f); })"""


def parse_number(text: str) -> float | None:
    """First number in a readout ('cost 0.0736', '99.33 %', '14 000', 'iteration 1,200')."""
    m = NUMBER.search(text or "")
    if not m:
        return None
    s = m.group(0)
    if s.lower() in ("inf", "∞"):
        return float("inf")
    if s.lower() == "nan":
        return float("nan")
    return float(re.sub(r"[,\u202f\u2009 ]", "", s))


def decimals(text: str) -> int:
    """Digits after the decimal point of the first number in text (the readout's precision)."""
    m = NUMBER.search(text or "")
    if not m or "." not in m.group(0):
        return 0
    frac = m.group(0).split(".")[1]
    return len(re.match(r"\d*", frac).group(0))


def as_percent(text: str) -> float | None:
    v = parse_number(text)
    if v is None:
        return None
    return v if ("%" in text or v > 1.0) else v * 100.0


class Widget:
    """The first `.iw-root` on the page (or the one inside `scope`)."""

    def __init__(self, page, scope: str = ""):
        self.page = page
        self.root_sel = f"{scope} .iw-root".strip()

    @property
    def root(self):
        return self.page.locator(self.root_sel).first

    def q(self, sel: str):
        return self.root.locator(sel).first

    def panel(self, model: str):
        return self.root.locator(f".iw-panel[data-model='{model}']").first

    def text(self, sel: str, model: str | None = None) -> str:
        loc = (self.panel(model) if model else self.root).locator(sel).first
        return loc.inner_text(timeout=5000)

    def readouts(self, model: str) -> dict:
        p = self.panel(model)
        out = {}
        for key, sel in (
            ("iteration", ".iw-iteration"),
            ("cost", ".iw-cost"),
            ("train_acc", ".iw-train-acc"),
            ("test_acc", ".iw-test-acc"),
        ):
            loc = p.locator(sel)
            out[key] = loc.first.inner_text(timeout=5000) if loc.count() else None
        return out

    def panel_iteration(self, model: str) -> int | None:
        v = parse_number(self.text(".iw-iteration", model))
        return None if v is None else int(v)

    def playhead(self) -> int | None:
        v = self.root.get_attribute("data-playhead")
        return None if v in (None, "") else int(float(v))

    def attr(self, name: str) -> str:
        return self.root.get_attribute(name) or ""

    def playing(self) -> bool:
        """The picture is playing (the player's ▶ / ⏸)."""
        return self.attr("data-playing") == "true"

    def iteration(self) -> int:
        """The iteration the picture shows (its frame's)."""
        return int(self.attr("data-iteration") or -1)

    def frames(self, n: int = 30) -> None:
        """Let the page paint n animation frames: the unit the widget's state changes by."""
        self.page.evaluate(FRAMES_JS, n)

    def settled(self, read, timeout: float, what: str, frames: int = 40):
        """read() once it no longer changes over `frames` animation frames (e.g. the last update after a pause)."""

        def same():
            before = read()
            self.frames(frames)
            return (before,) if read() == before else None

        return self.wait(same, timeout, f"{what} to settle")[0]

    def frames_painted(self) -> int:
        v = self.root.get_attribute("data-frames-painted")
        return 0 if v in (None, "") else int(float(v))

    def status(self) -> str:
        el = self.q(".iw-status")
        attr = el.get_attribute("data-status")
        return (attr or el.inner_text(timeout=5000) or "").strip().lower()

    def progress_iteration(self) -> int | None:
        """Training progress: <progress value>, a data-iteration attribute, or the first number of its text."""
        v = self.q(".iw-progress").evaluate("""el => {
            if (el.dataset && el.dataset.iteration !== undefined) return String(el.dataset.iteration);
            if (el.tagName === 'PROGRESS') return String(el.value);
            const inner = el.querySelector('progress');
            if (inner && !el.textContent.trim()) return String(inner.value);
            return el.textContent;
        }""")
        n = parse_number(v)
        return None if n is None else int(n)

    def canvas_stats(self, model: str) -> dict:
        return self.panel(model).locator("canvas.iw-heatmap").first.evaluate(CANVAS_STATS_JS)

    def chart_stats(self) -> dict:
        return self.q("canvas.iw-costchart, .iw-costchart canvas").evaluate(CANVAS_STATS_JS)

    def timeline_bounds(self) -> tuple[int, int]:
        b = self.q("input.iw-timeline").evaluate("el => [Number(el.min || 0), Number(el.max)]")
        return int(b[0]), int(b[1])

    def scrub(self, iteration: int) -> None:
        """Set the timeline like a user dragging it: value, then input and change events."""
        self.q("input.iw-timeline").evaluate(
            """(el, v) => {
            el.value = String(v);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
            iteration,
        )

    def wait(self, predicate, timeout: float, what: str, interval: float = 0.1):
        """Poll predicate() until truthy (returned) or fail with what it last saw."""
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            try:
                last = predicate()
            except Exception as exc:  # element re-rendered mid-read, etc.
                last = exc
            if last and not isinstance(last, Exception):
                return last
            self.page.wait_for_timeout(int(interval * 1000))
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last saw {last!r}")


# Geometry of the text inside `root` (a selector): every visible piece of text (an HTML element's own text,
# an SVG <text>) as boxes, then what a reader would see as broken: text cut by a box that clips it (an
# ancestor with overflow other than visible, or its SVG), and two texts of different elements drawn over
# each other. Hidden text (display none, visibility hidden, opacity 0, screen-reader-only clips) is left out.
TEXT_GEOMETRY_JS = """(rootSel) => {
    const roots = [...document.querySelectorAll(rootSel)];
    const hidden = (el) => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0'
                || s.clipPath.startsWith('inset(50%')) return true;
        }
        return false;
    };
    const name = (el) => el.tagName.toLowerCase()
        + (el.getAttribute('class') ? '.' + String(el.getAttribute('class')).trim().split(/\\s+/).join('.') : '');
    const texts = [];
    for (const root of roots) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el || hidden(el) || el.closest('option, style, script, title')) continue;
            const range = document.createRange(); range.selectNodeContents(n);
            const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
            const svgText = el.closest('svg text');
            const boxes = svgText ? [svgText.getBoundingClientRect()] : rects;
            for (const r of boxes) texts.push({el: svgText || el, text: n.textContent.trim().slice(0, 40),
                                               box: {l: r.left, t: r.top, r: r.right, b: r.bottom}});
        }
    }
    const cut = [];
    for (const t of texts) {
        for (let e = t.el.parentElement; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            const clips = e.tagName.toLowerCase() === 'svg' || s.overflowX !== 'visible' || s.overflowY !== 'visible';
            if (!clips) continue;
            const c = e.getBoundingClientRect();
            const over = Math.max(c.left - t.box.l, t.box.r - c.right, c.top - t.box.t, t.box.b - c.bottom);
            if (over > 1.5 && !(s.overflowY === 'auto' || s.overflowY === 'scroll') ) {
                cut.push(`'${t.text}' (${name(t.el)}) cut by ${over.toFixed(0)} px at ${name(e)}`);
                break;
            }
        }
    }
    const overlaps = [];
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
        const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
        if (w > 2 && h > 2 && overlaps.length < 20)
            overlaps.push(`'${a.text}' (${name(a.el)}) over '${b.text}' (${name(b.el)})`
                          + ` by ${w.toFixed(0)}x${h.toFixed(0)} px`);
    }
    return {texts: texts.length, cut, overlaps};
}"""


def text_problems(page, root_selector: str) -> list[str]:
    """What a reader sees broken in the text under ``root_selector``: cut text and texts drawn over each other.
    Raises if there is no text at all there (a check of nothing would pass)."""
    got = page.evaluate(TEXT_GEOMETRY_JS, root_selector)
    assert got["texts"] > 0, f"no visible text under {root_selector!r}"
    return [f"cut: {c}" for c in got["cut"]] + [f"overlap: {o}" for o in got["overlaps"]]


# true once the figures under a selector kept the same size and text positions over three polls (bqplot laid out)
SETTLED_JS = """(sel) => {
    const figs = [...document.querySelectorAll(sel + ' svg, ' + sel + ' canvas')];
    const sig = figs.map(f => { const r = f.getBoundingClientRect(); return [r.width, r.height].join('x'); }).join(';')
        + [...document.querySelectorAll(sel + ' text')].map(t => t.textContent + t.getBoundingClientRect().x).join('|');
    const seen = window.__settled = window.__settled || {};
    seen[sel] = seen[sel]?.sig === sig ? {sig, polls: seen[sel].polls + 1} : {sig, polls: 0};
    // bqplot lays a figure out again after a resize only once it is visible: its drawing must fit its box
    const fits = figs.every(f => { const box = f.closest('.bqplot'); if (!box || f.tagName !== 'svg') return true;
        const a = f.getBoundingClientRect(), b = box.getBoundingClientRect(); return a.right <= b.right + 1; });
    return seen[sel].polls >= 2 && fits && figs.length > 0;
}"""


def wait_settled(page, selector: str, timeout_ms: int = 20_000) -> None:
    """Wait until the figures under ``selector`` hold still (bqplot lays out its axes after the marks arrive)."""
    page.evaluate("() => { window.__settled = {}; }")
    page.wait_for_function(SETTLED_JS, arg=selector, polling=250, timeout=timeout_ms)
