#!/usr/bin/env python3
"""Copies the build tools of tools/ into ml-packages/buildspec.yml.

The build's source zip holds only the package folder, so the buildspec carries its tools itself,
each as a heredoc between `cat > /tmp/<tool> <<'<MARK>'` and `<MARK>`. Run this after editing a
tool; the tests fail while the two differ.

    sync_buildspec.py          rewrite the buildspec
    sync_buildspec.py --check  exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILDSPEC = HERE.parent / "buildspec.yml"
# Tool file -> the heredoc delimiter that embeds it.
TOOLS = {"install_version.py": "INSTALL_VERSION_PY", "gpu_check.py": "GPU_CHECK_PY", "mount_efs.sh": "MOUNT_EFS_SH"}


def start_line(tool: str) -> str:
    return f"cat > /tmp/{tool} <<'{TOOLS[tool]}'"


def render_one(buildspec: str, tool: str, text: str) -> str:
    lines = buildspec.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == start_line(tool)), None)
    if start is None:
        raise SystemExit(f"{BUILDSPEC} has no line `{start_line(tool)}`; expected the heredoc that embeds {tool}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == TOOLS[tool])
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    body = [(indent + line if line.strip() else "\n") for line in text.splitlines(keepends=True)]
    return "".join(lines[: start + 1] + body + lines[end:])


def render(buildspec: str) -> str:
    for tool in TOOLS:
        buildspec = render_one(buildspec, tool, (HERE / tool).read_text())
    return buildspec


def main(argv: list[str]) -> int:
    current = BUILDSPEC.read_text()
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{BUILDSPEC} does not embed the current {', '.join(TOOLS)}; run {Path(__file__).name}",
                  file=sys.stderr)
            return 1
        return 0
    BUILDSPEC.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
