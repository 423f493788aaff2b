#!/usr/bin/env python3
"""Copies the control plane's records and writes (lambda-layer/src/training_control) into trainkit.

The worker runs on the training instances from trainkit's install on EFS, where the Lambda layer
is not: the ML build zips only this package's folder. So trainkit ships a byte-identical copy as
`trainkit._vendor.training_control`, and the worker makes exactly the writes the handlers expect.

    python3 ml-packages/trainkit/tools/sync_training_control.py          # copy
    python3 ml-packages/trainkit/tools/sync_training_control.py --check  # exit 1 if the copy is stale

tests/worker/test_vendored_control_plane.py fails until the copy is synced after an edit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SOURCE = PACKAGE.parents[1] / "lambda-layer" / "src" / "training_control"
COPY = PACKAGE / "src" / "trainkit" / "_vendor" / "training_control"


def differences(source: Path = SOURCE, copy: Path = COPY) -> list[str]:
    """What differs between the layer's modules and the copy, one line each (empty: in sync)."""
    wanted = {p.name: p.read_bytes() for p in source.glob("*.py")}
    present = {p.name: p.read_bytes() for p in copy.glob("*.py")} if copy.is_dir() else {}
    found = [f"{name}: missing from the copy" for name in sorted(set(wanted) - set(present))]
    found += [f"{name}: not in {source} any more" for name in sorted(set(present) - set(wanted))]
    found += [f"{name}: differs" for name in sorted(set(wanted) & set(present)) if wanted[name] != present[name]]
    return found


def sync(source: Path = SOURCE, copy: Path = COPY) -> None:
    copy.mkdir(parents=True, exist_ok=True)
    for stale in copy.glob("*.py"):
        if not (source / stale.name).exists():
            stale.unlink()
    for module in source.glob("*.py"):
        (copy / module.name).write_bytes(module.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the copy is stale")
    args = parser.parse_args(argv)
    if not SOURCE.is_dir():
        print(f"sync_training_control: {SOURCE} is not there; expected a checkout of the whole repository",
              file=sys.stderr)
        return 2
    if args.check:
        stale = differences()
        for line in stale:
            print(f"sync_training_control: {line}", file=sys.stderr)
        return 1 if stale else 0
    sync()
    return 0


if __name__ == "__main__":
    sys.exit(main())
