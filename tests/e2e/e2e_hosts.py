"""Front ends other than JupyterLab (Notebook 7, Voila, marimo) as test servers, and the console filter.

`HostServer` runs one front end from this interpreter on a free loopback port, in a scratch root
holding the notebooks it serves, with the same isolated Jupyter dirs as e2e_lab.LabServer, and
waits until it answers. `our_errors` keeps the browser console errors that are not a host's own
noise, matched by message only (never by source file, so an error of ours can never hide).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from e2e_lab import ARTIFACTS, REPO, free_port

# Messages the hosts log on their own, whatever the page shows (each seen here, without our widgets):
HOST_NOISE = [
    re.compile(r"Failed to load resource: net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED)"),
    re.compile(r"fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr\.net|unpkg\.com"),  # CDN requests (no network)
    re.compile(r"schema", re.I),  # Voila/Notebook: settings schemas of extensions the page does not load
]


def our_errors(console: list[str]) -> list[str]:
    """Console errors and page errors ("[error] ...", "[pageerror] ...") that are not host noise."""
    errors = [line for line in console if line.startswith(("[error]", "[pageerror]"))]
    return [line for line in errors if not any(p.search(line) for p in HOST_NOISE)]
