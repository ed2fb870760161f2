"""JupyterHub configuration for the hub test and benchmark (started by tests/e2e/e2e_hub.py).

A course hub in miniature: one shared password, every user allowed, each user's single-user server
a local process with its own home directory. Values that differ per run (ports, directories,
tokens) come from IW_HUB_* environment variables set by the harness.

Kernel ports: with ten users starting kernels at once, TCP ports picked by each server on its own
can collide (`ZMQError: Address already in use`), so kernels talk over ipc sockets in a short
per-user runtime directory instead (a unix socket path must stay under ~100 characters).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)
env = os.environ
work = Path(env["IW_HUB_DIR"])

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(env["IW_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env["IW_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['IW_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [env["IW_HUB_PROXY"]]
c.ConfigurableHTTPProxy.auth_token = env["IW_HUB_PROXY_TOKEN"]
c.JupyterHub.db_url = f"sqlite:///{work / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(work / "cookie_secret")
c.JupyterHub.pid_file = str(work / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env["IW_HUB_PASSWORD"]
c.Authenticator.allow_all = True

# the test's service: creates users, starts their servers, issues their tokens
c.JupyterHub.services = [{"name": "iw-test", "api_token": env["IW_HUB_SERVICE_TOKEN"]}]
c.JupyterHub.load_roles = [
    {"name": "iw-test", "scopes": ["admin:users", "admin:servers", "tokens"], "services": ["iw-test"]}
]

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(work / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 240
c.Spawner.args = [
    "--KernelManager.transport=ipc",
    "--ServerApp.port_retries=0",
    "--ServerApp.allow_root=True",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.environment = {"JUPYTER_RUNTIME_DIR": lambda spawner: str(Path(env["IW_HUB_RUNTIME"]) / spawner.user.name)}
if env.get("IW_HUB_BLAS_THREADS"):
    c.Spawner.environment["OPENBLAS_NUM_THREADS"] = env["IW_HUB_BLAS_THREADS"]
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "IW_CHROMIUM"]
