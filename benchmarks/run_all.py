"""Run every benchmark script in this folder (what `make bench` does), one process each, and sum up.

Each script prints its own ratios against its targets; this runner only reports which ran and how long.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    results = []
    for script in scripts:
        print(f"\n===== {script.name} =====", flush=True)
        t = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        results.append((script.name, rc, time.perf_counter() - t))
    print("\n===== summary =====")
    for name, rc, dt in results:
        print(f"{name:24s} {'ok' if rc == 0 else f'FAILED (exit {rc})':16s} {dt:6.1f} s")
    return 0 if all(rc == 0 for _, rc, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
