#!/usr/bin/env python3
"""Each route's deployment zip size and its handler's cold import time.

The zip holds the route folder's files (not __pycache__), sorted, with fixed dates and modes, so
the same folder always gives the same bytes. The import time is `python3 -X importtime -c
"import handler"` with the layer's source and the route folder on PYTHONPATH (the layer's
dependencies come from this interpreter's site-packages), the median of 5 fresh interpreters.
Usage: python3 benchmarks/route-figures.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER_SRC = ROOT / "lambda-layer" / "src"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def route_zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def import_microseconds(folder: Path) -> int:
    env = {**os.environ, "PYTHONPATH": f"{LAYER_SRC}{os.pathsep}{folder}", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import handler"], cwd=folder, env=env,
                            capture_output=True, text=True, check=True)
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \| handler$", line)
        if found:
            return int(found.group(1))
    raise RuntimeError(f"no import time for handler in {folder}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'route':22} {'zip bytes':>9} {'import ms (median of ' + str(args.runs) + ')':>26}")
    for folder in sorted(p.parent for p in (ROOT / "routes").glob("*/route.json")):
        size = len(route_zip(folder))
        times = [import_microseconds(folder) / 1000 for _ in range(args.runs)]
        print(f"{folder.name:22} {size:9d} {statistics.median(times):26.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
