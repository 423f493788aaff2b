#!/usr/bin/env python3
"""Installs a built package version on EFS and switches `current` to it atomically.

Layout under the packages root (the EFS root's /packages, mounted by CodeBuild at $EFS_MOUNT):

    packages/<package>/<version>/            one installed version (version = fingerprint)
    packages/<package>/<version>/INSTALLED.json
    packages/<package>/current -> <version>  relative symlink: resolves on the build host and
                                             on instances that mount /packages via the access point

    install_version.py promote --root R --package P --version V --staging DIR --uid U --gid G --keep N
        DIR (inside R/P, filled by the build) becomes R/P/V; `current` is switched by renaming a
        fresh symlink over it (rename(2), what `mv -T` does): readers see the old or the new
        version, never a missing link. Then only the newest N versions are kept, plus whatever
        `current` points at. Everything is chowned to U:G, the POSIX user of the access point.

    install_version.py prune --root R --package P --keep N

Standard library only: it runs on any build image with Python 3.8+.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

CURRENT = "current"
MARKER = "INSTALLED.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
# Leftovers of interrupted builds are removed only once older than this: a build running in
# parallel may still be filling its staging directory.
STALE_SECONDS = 6 * 3600


class InstallError(Exception):
    pass


def check_name(kind: str, value: str) -> str:
    if not _NAME.match(value) or value == CURRENT:
        raise InstallError(
            f"{kind} is {value!r}; expected 1-128 letters, digits, '.', '_' or '-', not starting with "
            f"a dot and not {CURRENT!r}"
        )
    return value


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def chown_tree(path: Path, uid: int, gid: int) -> None:
    """chown without following symlinks (a link in a wheel must not chown its target)."""
    os.lchown(path, uid, gid)
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def ensure_dir(path: Path, uid: int, gid: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, 0o755)


@contextlib.contextmanager
def package_lock(package_dir: Path):
    """Serialises promote/prune of one package (EFS supports POSIX locks over NFSv4.1)."""
    with open(package_dir / ".lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def current_version(package_dir: Path) -> str | None:
    link = package_dir / CURRENT
    if not link.is_symlink():
        return None
    return os.readlink(link).rstrip("/").split("/")[-1]


def installed_versions(package_dir: Path) -> list[tuple[float, str]]:
    """(installedAt, version) of every installed version, newest first."""
    found = []
    for entry in package_dir.iterdir():
        if entry.name.startswith(".") or entry.name == CURRENT or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            installed_at = float(json.loads((entry / MARKER).read_text())["installedAt"])
        except (OSError, ValueError, KeyError, TypeError):
            installed_at = entry.stat().st_mtime  # installed by hand or marker lost: age by mtime
        found.append((installed_at, entry.name))
    return sorted(found, reverse=True)


def switch_current(package_dir: Path, version: str, uid: int, gid: int) -> None:
    tmp = package_dir / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(version, tmp)  # relative on purpose, see the module docstring
    try:
        os.lchown(tmp, uid, gid)
        os.replace(tmp, package_dir / CURRENT)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(package_dir)


def prune(package_dir: Path, keep: int, now: float | None = None) -> list[str]:
    """Remove all but the newest `keep` versions (never the one `current` points at) and stale
    leftovers of interrupted builds. Returns what was removed."""
    if keep < 1:
        raise InstallError(f"keep is {keep}; expected at least 1")
    now = time.time() if now is None else now
    current = current_version(package_dir)
    removed = []
    for index, (_, version) in enumerate(installed_versions(package_dir)):
        if index < keep or version == current:
            continue
        shutil.rmtree(package_dir / version)
        removed.append(version)
    for entry in package_dir.iterdir():
        if entry.name.startswith((".staging-", ".replaced-", f".{CURRENT}-")):
            with contextlib.suppress(FileNotFoundError):
                if now - entry.lstat().st_mtime > STALE_SECONDS:
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
                    removed.append(entry.name)
    return removed


def promote(root: Path, package: str, version: str, staging: Path, uid: int, gid: int, keep: int,
            build_id: str = "") -> dict:
    check_name("package", package)
    check_name("version", version)
    if keep < 1:
        raise InstallError(f"keep is {keep}; expected at least 1")
    package_dir = root / package
    staging = staging.resolve()
    if staging.parent != package_dir.resolve():
        raise InstallError(
            f"staging directory is {staging}; expected a directory directly inside {package_dir} "
            f"(the same file system, so the final rename is atomic)"
        )
    if not staging.is_dir():
        raise InstallError(f"staging directory {staging} does not exist; expected the build's install")
    ensure_dir(root, uid, gid)
    ensure_dir(package_dir, uid, gid)

    with package_lock(package_dir):
        (staging / MARKER).write_text(json.dumps(
            {"package": package, "version": version, "installedAt": time.time(), "buildId": build_id},
            indent=2) + "\n")
        chown_tree(staging, uid, gid)
        os.chmod(staging, 0o755)

        target = package_dir / version
        replaced = None
        if target.exists():
            # A forced rebuild of the same fingerprint: swap the new tree in, drop the old after.
            replaced = package_dir / f".replaced-{version}-{secrets.token_hex(4)}"
            os.rename(target, replaced)
        os.rename(staging, target)
        _fsync_dir(package_dir)
        switch_current(package_dir, version, uid, gid)
        if replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        os.lchown(package_dir / ".lock", uid, gid)
        removed = prune(package_dir, keep)
    return {"package": package, "current": version, "kept": [v for _, v in installed_versions(package_dir)],
            "removed": removed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("promote")
    p.add_argument("--root", type=Path, required=True, help="the packages root, e.g. $EFS_MOUNT/packages")
    p.add_argument("--package", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--staging", type=Path, required=True)
    p.add_argument("--uid", type=int, required=True)
    p.add_argument("--gid", type=int, required=True)
    p.add_argument("--keep", type=int, required=True)
    p.add_argument("--build-id", default="")
    q = sub.add_parser("prune")
    q.add_argument("--root", type=Path, required=True)
    q.add_argument("--package", required=True)
    q.add_argument("--keep", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "promote":
            result = promote(args.root, args.package, args.version, args.staging, args.uid, args.gid, args.keep,
                             args.build_id)
        else:
            package_dir = args.root / check_name("package", args.package)
            with package_lock(package_dir):
                result = {"package": args.package, "removed": prune(package_dir, args.keep)}
    except InstallError as exc:
        print(f"install_version: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
