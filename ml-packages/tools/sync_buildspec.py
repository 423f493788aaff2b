#!/usr/bin/env python3
"""Copies tools/install_version.py into ml-packages/buildspec.yml.

The build's source zip holds only the package folder, so the buildspec carries the install tool
itself (a heredoc between `<<'INSTALL_VERSION_PY'` and `INSTALL_VERSION_PY`). Run this after
editing install_version.py; the tests fail while the two differ.

    sync_buildspec.py          rewrite the buildspec
    sync_buildspec.py --check  exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILDSPEC = HERE.parent / "buildspec.yml"
TOOL = HERE / "install_version.py"
START = "cat > /tmp/install_version.py <<'INSTALL_VERSION_PY'"
END = "INSTALL_VERSION_PY"


def render(buildspec: str, tool: str) -> str:
    lines = buildspec.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == START)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == END)
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    body = [(indent + line if line.strip() else "\n") for line in tool.splitlines(keepends=True)]
    return "".join(lines[: start + 1] + body + lines[end:])


def main(argv: list[str]) -> int:
    current = BUILDSPEC.read_text()
    wanted = render(current, TOOL.read_text())
    if "--check" in argv:
        if current != wanted:
            print(f"{BUILDSPEC} does not embed the current {TOOL.name}; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    BUILDSPEC.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
