"""`pip install init-widget` needs pip alone: the wheel and the sdist carry the built front end.

`python -m build` makes the sdist and then the wheel from that sdist, with an `npm` on PATH that
fails loudly if anything calls it (the bundle built by `make test`'s js target must travel inside
the sdist, so building from it needs no npm). The wheel then goes into a fresh virtualenv with plain
pip, its dependencies from the package index, and that interpreter imports init_widget from the
venv, not from this checkout, and finds its bundle.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and an sdist, installs into a fresh venv: make test only

REPO = Path(__file__).resolve().parents[1]
BUNDLE = "init_widget/static/widget.js"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    if not (REPO / BUNDLE).is_file():
        pytest.fail(f"{BUNDLE} is missing: build the front end first (npm run build, or make test)")
    tmp = tmp_path_factory.mktemp("install")
    shim = tmp / "no-npm"
    shim.mkdir()
    called = tmp / "npm-was-called"
    (shim / "npm").write_text(f'#!/bin/sh\necho "$@" >> {called}\nexit 1\n')
    (shim / "npm").chmod(0o755)
    env = dict(os.environ, PATH=f"{shim}{os.pathsep}{os.environ['PATH']}")
    out = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=900,
    )
    assert not called.exists(), f"the build called npm: {called.read_text()}"
    return out


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {folder}, found {found}"
    return found[0]


def test_sdist_carries_the_built_front_end(dist):
    with tarfile.open(_only(dist, "init_widget-*.tar.gz")) as sdist:
        names = sdist.getnames()
    assert any(n.endswith("/" + BUNDLE) for n in names), [n for n in names if "static" in n]
    assert not any("/node_modules/" in n for n in names), "the sdist must not carry node_modules"


def test_wheel_installs_with_pip_alone_and_finds_its_bundle(dist, tmp_path):
    wheel = _only(dist, "init_widget-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        assert BUNDLE in zf.namelist()
        bundle_size = zf.getinfo(BUNDLE).file_size
    assert bundle_size > 1000, f"the wheel's {BUNDLE} is only {bundle_size} bytes"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)], env=env, check=True, timeout=900, stdin=subprocess.DEVNULL
    )
    check = (
        "import pathlib, init_widget; from init_widget import TrainingWidget; "
        "p = pathlib.Path(init_widget.__file__).parent; "
        "print(p); print((p / 'static' / 'widget.js').stat().st_size)"
    )
    where, size = subprocess.run(
        [str(py), "-c", check], env=env, cwd=tmp_path, check=True, capture_output=True, text=True, timeout=300
    ).stdout.split()
    assert Path(where).is_relative_to(venv), f"imported from {where}, not from the fresh venv"
    assert int(size) == bundle_size
