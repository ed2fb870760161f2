"""A course hub: a real JupyterHub on 127.0.0.1, ten students training the course run at the same time.

The hub (tests/hub/jupyterhub_config.py: shared password, local process spawner, ipc kernel transport)
starts ten single-user servers at once; each student's kernel, reached only through the hub's proxy
with that student's own token, trains the course's three initializers through a TrainingWidget while
the nine others do too, and must reach the course's numbers. Then one student logs in with the login
form in Chromium, opens the course notebook at /user/NAME/lab and watches the widget train to the end.
Finally the hub stops and no process of its tree is left.
"""

from __future__ import annotations

import pytest
import requests
from e2e_dom import Widget, as_percent, decimals
from e2e_hub import Hub
from e2e_lab import REPO, VIEWPORT, NotebookPage, close_notebook
from hub_kernel import Classroom

USERS = [f"student{i:02d}" for i in range(10)]
NOTEBOOK = "01_course_initialization.ipynb"
COURSE_HE_COST_14000 = 0.07357895962677366


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub = Hub(tmp_path_factory.mktemp("hub"), name="jupyterhub-test")
    try:
        hub.start()
        hub.add_users(USERS, files=[REPO / "examples" / NOTEBOOK])
        hub.start_servers(USERS)
        yield hub
    finally:
        hub.stop()


def test_ten_students_train_the_course_at_once(hub):
    classroom = Classroom(hub, USERS)
    try:
        results, _ = classroom.course_runs(USERS)
    finally:
        classroom.close()
    assert sorted(results) == USERS
    for name, r in results.items():
        assert r["cost_14000"] == pytest.approx(COURSE_HE_COST_14000, rel=1e-9), (name, r)
        assert round(r["train_acc"], 4) == 0.9933 and r["test_acc"] == pytest.approx(0.96), (name, r)
        assert r["transport"] == "ipc", (name, r)  # no TCP ports for ten users' kernels to fight over
        assert r["comm_messages"] > 0 and r["comm_bytes"] > 0, (name, r)  # the run streamed to the front end


def test_a_students_token_opens_only_their_own_server(hub):
    own, other = USERS[0], USERS[1]
    headers = {"Authorization": f"token {hub.tokens[own]}"}
    assert requests.get(hub.user_url(own, "api/kernels"), headers=headers, timeout=60).status_code == 200
    r = requests.get(hub.user_url(other, "api/kernels"), headers=headers, timeout=60, allow_redirects=False)
    assert r.status_code == 403, (r.status_code, r.text[:300])


def _shown_precision(text: str) -> float:
    """Half a unit of the last shown digit, in percent (the readout may show a fraction or a percentage)."""
    return 0.5 * 10 ** -decimals(text) * (1 if "%" in text else 100) + 1e-9


class HubUserServer:
    """What NotebookPage needs of a server: URLs under the student's prefix (the login cookie authenticates)."""

    def __init__(self, hub: Hub, user: str):
        self.hub, self.user = hub, user

    def url(self, path: str) -> str:
        return self.hub.user_url(self.user, path)


def test_a_student_sees_the_widget_train_through_the_hub_prefix(hub, browser):
    student = USERS[3]
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{hub.base}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", student)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{student}/**", timeout=120_000)
    nb = NotebookPage(page, HubUserServer(hub, student), NOTEBOOK)
    nb.name = "hub-course"
    try:
        nb.open(timeout_ms=180_000)
        assert f"/user/{student}/lab" in page.url, page.url
        nb.run_all()
        nb.wait_widget(180_000)
        w = Widget(page)
        w.wait(lambda: w.status() == "done" and w.playhead() == 15000, 240, "status done and playhead at the end")
        r = w.readouts("he")
        assert abs(as_percent(r["train_acc"]) - 99.3333333) <= _shown_precision(r["train_acc"]), r
        assert abs(as_percent(r["test_acc"]) - 96.0) <= _shown_precision(r["test_acc"]), r
        assert w.frames_painted() > 0
        nb.wait_executed(120_000)
        out = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        assert "Cost after iteration 14000: 0.07357895962677" in out, out[:3000]
        assert nb.errors_in_outputs() == [], nb.errors_in_outputs()
    finally:
        close_notebook(nb)


def test_stopping_the_hub_leaves_no_process(hub):
    assert hub.processes("server"), "the students' servers should be running before the hub stops"
    survivors = hub.stop()
    assert survivors == [], f"processes left after the hub stopped: {survivors}"
