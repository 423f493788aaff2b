#!/usr/bin/env python3
"""Installs built package versions on EFS and points `current` at one of them.

Layout under the packages root (the EFS root's /packages, mounted by CodeBuild at $EFS_MOUNT):

    packages/<package>/<fingerprint>-<build>/                one build's install, never modified after
    packages/<package>/<fingerprint>-<build>/INSTALLED.json  names its fingerprint and build
    packages/<package>/current -> <fingerprint>-<build>      relative symlink: resolves on the build host
                                                             and on instances that mount /packages via
                                                             the access point

Every build installs into a directory of its own, so a switch is only ever a swap of the `current`
symlink (a fresh link renamed over it, rename(2), what `mv -T` does): readers see the old or the new
version, never a missing one, also when the live fingerprint is rebuilt.

    install_version.py promote --root R --package P --fingerprint F --build-tag T --staging DIR
                               --uid U --gid G --keep N --staging-max-age-minutes M [--build-id B]
                               [--file-system-id FS --record FILE]
        DIR (inside R/P, filled by the build) becomes R/P/F-T; `current` is switched to it. Then only
        the newest N installed directories are kept, plus whatever `current` points at, plus staging
        directories younger than M minutes (a parallel build may still be filling one). Everything is
        chowned to U:G, the POSIX user of the access point.

    install_version.py activate --root R --package P --fingerprint F --uid U --gid G [--build-id B]
                                [--file-system-id FS --record FILE]
        Points `current` at the newest installed directory of F. Exit 3 when there is none (never
        installed on this file system, or pruned): the caller then builds F.

    install_version.py prune --root R --package P --keep N --staging-max-age-minutes M

With --record FILE, the "installed" record of the switch (which fingerprint `current` now points at,
on which file system) is written to FILE, for the build to store beside its marker.

Standard library only: it runs on any build image with Python 3.8+.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
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
# Prefixes of the package directory's own working entries, never installed versions.
STAGING_PREFIX = ".staging-"
LINK_PREFIX = f".{CURRENT}-"
LEGACY_PREFIX = ".replaced-"
NOT_INSTALLED = 3
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class InstallError(Exception):
    pass


class NotInstalled(InstallError):
    pass


def check_name(kind: str, value: str) -> str:
    if not _NAME.match(value) or value == CURRENT:
        raise InstallError(
            f"{kind} is {value!r}; expected 1-128 letters, digits, '.', '_' or '-', not starting with "
            f"a dot and not {CURRENT!r}"
        )
    return value


def check_positive(kind: str, value: float) -> float:
    if value < 1:
        raise InstallError(f"{kind} is {value}; expected at least 1")
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
    """Serialises the switches and prunes of one package (EFS supports POSIX locks over NFSv4.1)."""
    with open(package_dir / ".lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def current_target(package_dir: Path) -> str | None:
    link = package_dir / CURRENT
    if not link.is_symlink():
        return None
    return os.readlink(link).rstrip("/").split("/")[-1]


def read_installed(directory: Path) -> dict | None:
    """The INSTALLED.json of an installed directory, or None if it has none (or an unreadable one)."""
    try:
        data = json.loads((directory / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def fingerprint_of(directory: Path, installed: dict | None) -> str:
    # Directories installed before each build had its own were named after the fingerprint alone.
    if installed:
        return str(installed.get("fingerprint") or installed.get("version") or directory.name)
    return directory.name


def installed_dirs(package_dir: Path) -> list[tuple[float, str, str]]:
    """(installedAt, directory name, fingerprint) of every installed directory, newest first."""
    found = []
    for entry in package_dir.iterdir():
        if entry.name.startswith(".") or entry.name == CURRENT or entry.is_symlink() or not entry.is_dir():
            continue
        installed = read_installed(entry)
        try:
            installed_at = float(installed["installedAt"])  # type: ignore[index]
        except (KeyError, TypeError, ValueError):
            installed_at = entry.stat().st_mtime  # installed by hand or marker lost: age by mtime
        found.append((installed_at, entry.name, fingerprint_of(entry, installed)))
    return sorted(found, reverse=True)


def find_installed(package_dir: Path, fingerprint: str) -> str | None:
    """Name of the newest installed directory of `fingerprint`, or None."""
    if not package_dir.is_dir():
        return None
    for _, name, found in installed_dirs(package_dir):
        if found == fingerprint and (package_dir / name / MARKER).is_file():
            return name
    return None


def switch_current(package_dir: Path, target: str, uid: int, gid: int) -> None:
    tmp = package_dir / f"{LINK_PREFIX}{secrets.token_hex(4)}"
    os.symlink(target, tmp)  # relative on purpose, see the module docstring
    try:
        os.lchown(tmp, uid, gid)
        os.replace(tmp, package_dir / CURRENT)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(package_dir)


def prune(package_dir: Path, keep: int, staging_max_age_seconds: float, now: float | None = None) -> list[str]:
    """Remove all but the newest `keep` installed directories, never the one `current` points at,
    and working leftovers (staging directories, temporary links) older than the longest a build may
    run. Returns what was removed."""
    check_positive("keep", keep)
    check_positive("staging max age (seconds)", staging_max_age_seconds)
    now = time.time() if now is None else now
    live = current_target(package_dir)
    removed = []
    for index, (_, name, _) in enumerate(installed_dirs(package_dir)):
        if index < keep or name == live:
            continue
        shutil.rmtree(package_dir / name)
        removed.append(name)
    for entry in package_dir.iterdir():
        if entry.name.startswith((STAGING_PREFIX, LINK_PREFIX, LEGACY_PREFIX)):
            with contextlib.suppress(FileNotFoundError):
                if now - entry.lstat().st_mtime > staging_max_age_seconds:
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
                    removed.append(entry.name)
    return removed


def installed_record(package: str, fingerprint: str, version_dir: str, build_id: str, file_system_id: str) -> dict:
    """What the build stores as builds/<component>/<package>/installed.json after a switch."""
    return {
        "package": package,
        "fileSystemId": file_system_id,
        "fingerprint": fingerprint,
        "versionDir": version_dir,
        "buildId": build_id,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }


def promote(root: Path, package: str, fingerprint: str, build_tag: str, staging: Path, uid: int, gid: int,
            keep: int, staging_max_age_seconds: float, build_id: str = "") -> dict:
    check_name("package", package)
    check_name("fingerprint", fingerprint)
    check_name("build tag", build_tag)
    check_positive("keep", keep)
    check_positive("staging max age (seconds)", staging_max_age_seconds)
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
        name = f"{fingerprint}-{build_tag}"
        if (package_dir / name).exists():  # the same build run twice: never touch what is there
            name = f"{name}-{secrets.token_hex(3)}"
        (staging / MARKER).write_text(json.dumps(
            {"package": package, "fingerprint": fingerprint, "versionDir": name, "installedAt": time.time(),
             "buildId": build_id}, indent=2) + "\n")
        chown_tree(staging, uid, gid)
        os.chmod(staging, 0o755)
        os.rename(staging, package_dir / name)
        _fsync_dir(package_dir)
        switch_current(package_dir, name, uid, gid)
        os.lchown(package_dir / ".lock", uid, gid)
        removed = prune(package_dir, keep, staging_max_age_seconds)
    return {"package": package, "current": name, "fingerprint": fingerprint,
            "kept": [n for _, n, _ in installed_dirs(package_dir)], "removed": removed}


def activate(root: Path, package: str, fingerprint: str, uid: int, gid: int) -> dict:
    check_name("package", package)
    check_name("fingerprint", fingerprint)
    package_dir = root / package
    if not package_dir.is_dir():
        raise NotInstalled(f"no installed directory of {fingerprint} in {package_dir} (the package has none)")
    with package_lock(package_dir):
        name = find_installed(package_dir, fingerprint)
        if name is None:
            raise NotInstalled(f"no installed directory of {fingerprint} in {package_dir} (never installed "
                               f"on this file system, or pruned)")
        if current_target(package_dir) != name:
            switch_current(package_dir, name, uid, gid)
    return {"package": package, "current": name, "fingerprint": fingerprint}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("promote")
    p.add_argument("--root", type=Path, required=True, help="the packages root, e.g. $EFS_MOUNT/packages")
    p.add_argument("--package", required=True)
    p.add_argument("--fingerprint", required=True)
    p.add_argument("--build-tag", required=True, help="unique per build, e.g. $CODEBUILD_BUILD_NUMBER")
    p.add_argument("--staging", type=Path, required=True)
    p.add_argument("--uid", type=int, required=True)
    p.add_argument("--gid", type=int, required=True)
    p.add_argument("--keep", type=int, required=True)
    p.add_argument("--staging-max-age-minutes", type=float, required=True, help="the longest a build may run")
    a = sub.add_parser("activate")
    a.add_argument("--root", type=Path, required=True)
    a.add_argument("--package", required=True)
    a.add_argument("--fingerprint", required=True)
    a.add_argument("--uid", type=int, required=True)
    a.add_argument("--gid", type=int, required=True)
    for command in (p, a):
        command.add_argument("--build-id", default="")
        command.add_argument("--file-system-id", default="")
        command.add_argument("--record", type=Path, help="write the installed record here")
    q = sub.add_parser("prune")
    q.add_argument("--root", type=Path, required=True)
    q.add_argument("--package", required=True)
    q.add_argument("--keep", type=int, required=True)
    q.add_argument("--staging-max-age-minutes", type=float, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command in ("promote", "activate") and args.record and not args.file_system_id.strip():
            raise InstallError("--record needs --file-system-id; expected the id of the mounted file system")
        if args.command == "promote":
            result = promote(args.root, args.package, args.fingerprint, args.build_tag, args.staging, args.uid,
                             args.gid, args.keep, args.staging_max_age_minutes * 60, args.build_id)
        elif args.command == "activate":
            result = activate(args.root, args.package, args.fingerprint, args.uid, args.gid)
        else:
            package_dir = args.root / check_name("package", args.package)
            with package_lock(package_dir):
                result = {"package": args.package,
                          "removed": prune(package_dir, args.keep, args.staging_max_age_minutes * 60)}
        if args.command in ("promote", "activate") and args.record:
            args.record.write_text(json.dumps(installed_record(
                args.package, args.fingerprint, result["current"], args.build_id, args.file_system_id), indent=2) + "\n")
    except NotInstalled as exc:
        print(f"install_version: {exc}", file=sys.stderr)
        return NOT_INSTALLED
    except InstallError as exc:
        print(f"install_version: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
