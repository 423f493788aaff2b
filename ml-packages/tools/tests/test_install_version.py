import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import install_version as iv

SCRIPT = Path(iv.__file__)
UID, GID = os.getuid(), os.getgid()


def stage(root: Path, package: str, content: str) -> Path:
    staging = root / package / f".staging-{content}"
    (staging / "trainkit").mkdir(parents=True)
    (staging / "trainkit" / "__init__.py").write_text(f"VERSION = {content!r}\n")
    return staging


def promote(root, version, keep=3, package="trainkit", content=None, uid=UID, gid=GID):
    staging = stage(root, package, content or version)
    return iv.promote(root, package, version, staging, uid, gid, keep)


def current_content(root, package="trainkit"):
    return (root / package / "current" / "trainkit" / "__init__.py").read_text()


def test_first_install_creates_version_and_relative_current_link(tmp_path):
    result = promote(tmp_path, "aaa111")
    link = tmp_path / "trainkit" / "current"
    assert link.is_symlink() and os.readlink(link) == "aaa111"
    assert current_content(tmp_path) == "VERSION = 'aaa111'\n"
    marker = json.loads((tmp_path / "trainkit/aaa111/INSTALLED.json").read_text())
    assert (marker["package"], marker["version"]) == ("trainkit", "aaa111")
    assert result == {"package": "trainkit", "current": "aaa111", "kept": ["aaa111"], "removed": []}
    assert not [p for p in (tmp_path / "trainkit").iterdir() if p.name.startswith(".staging")]


def test_keeps_the_newest_n_versions(tmp_path):
    for version in ["v1", "v2", "v3", "v4"]:
        result = promote(tmp_path, version, keep=2)
        time.sleep(0.01)  # distinct installedAt
    assert result["removed"] == ["v2"]
    assert sorted(p.name for p in (tmp_path / "trainkit").iterdir() if not p.name.startswith(".")) == [
        "current", "v3", "v4"]
    assert os.readlink(tmp_path / "trainkit/current") == "v4"


def test_never_removes_the_version_current_points_at(tmp_path):
    for version in ["old", "mid", "new"]:
        promote(tmp_path, version, keep=3)
        time.sleep(0.01)
    # An operator rolled back by pointing current at the oldest version.
    iv.switch_current(tmp_path / "trainkit", "old", UID, GID)
    removed = iv.prune(tmp_path / "trainkit", keep=1)
    assert removed == ["mid"]
    assert current_content(tmp_path) == "VERSION = 'old'\n"
    assert (tmp_path / "trainkit/new").is_dir()


def test_rebuilding_the_same_version_replaces_its_contents(tmp_path):
    promote(tmp_path, "fp1", content="first")
    promote(tmp_path, "fp1", content="second")
    assert current_content(tmp_path) == "VERSION = 'second'\n"
    assert sorted(p.name for p in (tmp_path / "trainkit").iterdir()) == [".lock", "current", "fp1"]


def test_current_never_disappears_while_switching(tmp_path):
    promote(tmp_path, "a", keep=5)
    promote(tmp_path, "b", keep=5)
    stop, misses = threading.Event(), []

    def reader():
        while not stop.is_set():
            try:
                current_content(tmp_path)
            except OSError as exc:
                misses.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(200):
            iv.switch_current(tmp_path / "trainkit", "ab"[i % 2], UID, GID)
    finally:
        stop.set()
        thread.join()
    assert misses == []


def test_stale_leftovers_of_interrupted_builds_are_removed_young_ones_kept(tmp_path):
    promote(tmp_path, "v1")
    old = stage(tmp_path, "trainkit", "crashed")
    young = stage(tmp_path, "trainkit", "running")
    removed = iv.prune(tmp_path / "trainkit", keep=3, now=time.time() + iv.STALE_SECONDS + 60)
    assert ".staging-crashed" in removed and not old.exists()
    assert ".staging-running" in removed  # both are old relative to that `now`
    young = stage(tmp_path, "trainkit", "running2")
    iv.prune(tmp_path / "trainkit", keep=3)
    assert young.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root (CodeBuild runs as root)")
def test_everything_is_owned_by_the_access_point_user(tmp_path):
    promote(tmp_path, "v1", uid=1234, gid=2345)
    for path in [tmp_path, tmp_path / "trainkit", tmp_path / "trainkit/current", tmp_path / "trainkit/v1",
                 tmp_path / "trainkit/v1/trainkit/__init__.py", tmp_path / "trainkit/v1/INSTALLED.json"]:
        st = os.lstat(path)
        assert (st.st_uid, st.st_gid) == (1234, 2345), path


@pytest.mark.parametrize("args, message", [
    (["--version", "current"], "version is 'current'; expected 1-128 letters"),
    (["--version", "../etc"], "version is '../etc'; expected 1-128 letters"),
    (["--package", ".hidden"], "package is '.hidden'; expected 1-128 letters"),
    (["--keep", "0"], "keep is 0; expected at least 1"),
])
def test_cli_refuses_bad_arguments(tmp_path, args, message):
    base = {"--root": str(tmp_path), "--package": "trainkit", "--version": "v1",
            "--staging": str(stage(tmp_path, "trainkit", "x")), "--uid": str(UID), "--gid": str(GID), "--keep": "2"}
    base.update(dict(zip(args[::2], args[1::2])))
    result = subprocess.run([sys.executable, str(SCRIPT), "promote", *[x for kv in base.items() for x in kv]],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert message in result.stderr


def test_cli_refuses_staging_outside_the_package_dir(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, str(SCRIPT), "promote", "--root", str(tmp_path / "packages"),
                             "--package", "trainkit", "--version", "v1", "--staging", str(elsewhere),
                             "--uid", str(UID), "--gid", str(GID), "--keep", "2"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "expected a directory directly inside" in result.stderr


def test_cli_promote_prints_a_summary(tmp_path):
    staging = stage(tmp_path, "trainkit", "v9")
    result = subprocess.run([sys.executable, str(SCRIPT), "promote", "--root", str(tmp_path), "--package", "trainkit",
                             "--version", "v9", "--staging", str(staging), "--uid", str(UID), "--gid", str(GID),
                             "--keep", "2", "--build-id", "proj:7"], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["current"] == "v9"
    assert json.loads((tmp_path / "trainkit/v9/INSTALLED.json").read_text())["buildId"] == "proj:7"
