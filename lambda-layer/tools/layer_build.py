#!/usr/bin/env python3
"""Build steps of the layer that must be exact, kept out of the buildspec so they are tested.

    layer_build.py zip <dir> <out.zip>
        Zip <dir> (the `python/` folder; Lambda expects it at the zip root) reproducibly: entries in
        sorted order, fixed timestamps and permissions, no bytecode and no pip `direct_url.json`
        (it holds the build host's absolute path). Same files in, same bytes out.

    layer_build.py marker --package P --fingerprint F --build-id B --layer-key K
        Print the `built.json` marker that says this fingerprint was built successfully.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import zipfile
from pathlib import Path

# The earliest time a zip entry can hold; any fixed value works, this one is conventional.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
EXCLUDED_DIRS = {"__pycache__"}
EXCLUDED_NAMES = {"direct_url.json"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo")


def layer_files(root: Path) -> list[str]:
    """Relative POSIX paths of the files to ship, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in EXCLUDED_DIRS]
        for name in filenames:
            if name in EXCLUDED_NAMES or name.endswith(EXCLUDED_SUFFIXES):
                continue
            found.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(found)


def write_zip(root: Path, out: Path, prefix: str = "python/") -> int:
    files = layer_files(root)
    if not files:
        raise SystemExit(f"nothing to zip in {root}; expected the installed layer packages")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in files:
            path = root / rel
            info = zipfile.ZipInfo(prefix + rel, date_time=FIXED_TIME)
            # Keep only the executable bit; owner/group/umask of the build host must not leak in.
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode above is honoured
            zf.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return len(files)


def marker(package: str, fingerprint: str, build_id: str, layer_key: str, now: dt.datetime | None = None) -> dict:
    now = now or dt.datetime.now(dt.timezone.utc)
    return {
        "package": package,
        "fingerprint": fingerprint,
        "buildId": build_id,
        "finishedAt": now.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "outputs": {"layer": layer_key},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    z = sub.add_parser("zip")
    z.add_argument("root", type=Path)
    z.add_argument("out", type=Path)
    m = sub.add_parser("marker")
    for name in ("--package", "--fingerprint", "--build-id", "--layer-key"):
        m.add_argument(name, required=True)
    args = parser.parse_args(argv)
    if args.command == "zip":
        count = write_zip(args.root, args.out)
        print(f"wrote {args.out} with {count} files", file=sys.stderr)
    else:
        for name in ("package", "fingerprint", "build_id", "layer_key"):
            if not getattr(args, name).strip():
                parser.error(f"--{name.replace('_', '-')} is empty; expected a value")
        json.dump(marker(args.package, args.fingerprint, args.build_id, args.layer_key), sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
