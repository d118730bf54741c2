"""mypy on the package: no file may have more errors than tests/mypy-baseline.txt allows.

The baseline can only shrink: when a file's count goes down, lower its line (or remove it at 0).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

from .conftest import REPO

_BASELINE = REPO / "tests" / "mypy-baseline.txt"


def _baseline() -> dict[str, int]:
    out = {}
    for line in _BASELINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            count, path = line.split()
            out[path] = int(count)
    return out


def test_mypy_errors_do_not_grow(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    errors = [line for line in proc.stdout.splitlines() if re.match(r"[^:]+:\d+: error:", line)]
    counts = Counter(line.split(":", 1)[0] for line in errors)
    allowed = _baseline()
    grown = {path: (n, allowed.get(path, 0)) for path, n in counts.items() if n > allowed.get(path, 0)}
    assert not grown, "mypy errors above the baseline (found, allowed):\n" + "\n".join(
        [f"  {p}: {v}" for p, v in sorted(grown.items())] + [line for line in errors if line.split(":", 1)[0] in grown]
    )
