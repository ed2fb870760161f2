"""``python -m init_widget.wire [REPO]``: regenerate js/src/contract.ts from the Python side of the contract."""

import sys
from pathlib import Path

from .document import write_typescript

if __name__ == "__main__":
    repo = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    print(f"wrote {write_typescript(repo)}")
