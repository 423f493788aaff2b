import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import install_version as iv
from record_schemas import check_installed_record

SCRIPT = Path(iv.__file__)
UID, GID = os.getuid(), os.getgid()
HOUR = 3600.0
F1, F2 = "1" * 64, "2" * 64


def stage(root: Path, package: str, content: str, tag: str = "x") -> Path:
    staging = root / package / f"{iv.STAGING_PREFIX}{content}-{tag}"
    (staging / "trainkit").mkdir(parents=True)
    (staging / "trainkit" / "__init__.py").write_text(f"VERSION = {content!r}\n")
    return staging


def promote(root, fingerprint, tag="1", keep=3, package="trainkit", content=None, uid=UID, gid=GID, max_age=HOUR):
    staging = stage(root, package, content or fingerprint, tag)
    return iv.promote(root, package, fingerprint, tag, staging, uid, gid, keep, max_age)


def current_content(root, package="trainkit"):
    return (root / package / "current" / "trainkit" / "__init__.py").read_text()


def entries(root, package="trainkit"):
    return sorted(p.name for p in (root / package).iterdir() if not p.name.startswith("."))


def test_first_install_creates_its_own_directory_and_a_relative_current_link(tmp_path):
    result = promote(tmp_path, "aaa111", tag="7")
    link = tmp_path / "trainkit" / "current"
    assert link.is_symlink() and os.readlink(link) == "aaa111-7"
    assert current_content(tmp_path) == "VERSION = 'aaa111'\n"
    marker = json.loads((tmp_path / "trainkit/aaa111-7/INSTALLED.json").read_text())
    assert (marker["package"], marker["fingerprint"], marker["versionDir"]) == ("trainkit", "aaa111", "aaa111-7")
    assert result == {"package": "trainkit", "current": "aaa111-7", "fingerprint": "aaa111", "kept": ["aaa111-7"],
                      "removed": []}
    assert not [p for p in (tmp_path / "trainkit").iterdir() if p.name.startswith(iv.STAGING_PREFIX)]


def test_keeps_the_newest_n_installed_directories(tmp_path):
    for tag, fingerprint in enumerate(["v1", "v2", "v3", "v4"]):
        result = promote(tmp_path, fingerprint, tag=str(tag), keep=2)
        time.sleep(0.01)  # distinct installedAt
    assert result["removed"] == ["v2-1"]
    assert entries(tmp_path) == ["current", "v3-2", "v4-3"]
    assert os.readlink(tmp_path / "trainkit/current") == "v4-3"


def test_never_removes_the_directory_current_points_at(tmp_path):
    for tag, fingerprint in enumerate(["old", "mid", "new"]):
        promote(tmp_path, fingerprint, tag=str(tag), keep=3)
        time.sleep(0.01)
    iv.activate(tmp_path, "trainkit", "old", UID, GID)  # a rollback
    removed = iv.prune(tmp_path / "trainkit", keep=1, staging_max_age_seconds=HOUR)
    assert removed == ["mid-1"]
    assert current_content(tmp_path) == "VERSION = 'old'\n"
    assert (tmp_path / "trainkit/new-2").is_dir()


def test_a_forced_rebuild_of_the_live_fingerprint_installs_beside_it_and_only_swaps_the_link(tmp_path):
    promote(tmp_path, F1, tag="1", content="first")
    live = tmp_path / "trainkit" / f"{F1}-1"
    inode = live.stat().st_ino
    promote(tmp_path, F1, tag="2", content="second")
    assert current_content(tmp_path) == "VERSION = 'second'\n"
    assert os.readlink(tmp_path / "trainkit/current") == f"{F1}-2"
    assert live.stat().st_ino == inode, "the directory running jobs read was replaced"
    assert (live / "trainkit/__init__.py").read_text() == "VERSION = 'first'\n"


def test_the_same_build_installed_twice_never_replaces_the_first_install(tmp_path):
    promote(tmp_path, F1, tag="5", content="first")
    result = promote(tmp_path, F1, tag="5", content="again")
    assert result["current"].startswith(f"{F1}-5-") and (tmp_path / "trainkit" / f"{F1}-5").is_dir()


READER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    path, stop = Path(sys.argv[1]), Path(sys.argv[2])
    ok = failed = 0
    while not stop.exists():
        try:
            path.read_text()
            ok += 1
        except OSError:
            failed += 1
    print(ok, failed)
""")


def test_readers_of_current_never_fail_while_the_live_fingerprint_is_rebuilt_again_and_again(tmp_path):
    promote(tmp_path, F1, tag="0")
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path / "trainkit/current/trainkit/__init__.py"),
                               str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        for tag in range(1, 60):
            promote(tmp_path, F1, tag=str(tag), keep=2)
    finally:
        stop.touch()
        ok, failed = map(int, reader.communicate(timeout=60)[0].split())
    assert ok > 0
    assert failed == 0, f"{failed} of {ok + failed} reads of current/ failed"


def test_staging_directories_younger_than_the_longest_build_are_kept_older_ones_removed(tmp_path):
    promote(tmp_path, "v1")
    crashed = stage(tmp_path, "trainkit", "crashed")
    running = stage(tmp_path, "trainkit", "running")
    now = time.time()
    os.utime(crashed, (now - 2 * HOUR, now - 2 * HOUR))
    os.utime(running, (now - 50 * 60, now - 50 * 60))
    removed = iv.prune(tmp_path / "trainkit", keep=3, staging_max_age_seconds=HOUR, now=now)
    assert removed == [crashed.name] and not crashed.exists() and running.exists()
    # The limit is the caller's: with a 30-minute build timeout the running one is stale too.
    assert iv.prune(tmp_path / "trainkit", keep=3, staging_max_age_seconds=30 * 60, now=now) == [running.name]


def test_activate_points_current_at_the_newest_install_of_a_fingerprint(tmp_path):
    promote(tmp_path, F1, tag="1", content="f1-first")
    time.sleep(0.01)
    promote(tmp_path, F1, tag="2", content="f1-second")
    time.sleep(0.01)
    promote(tmp_path, F2, tag="3")
    assert iv.activate(tmp_path, "trainkit", F1, UID, GID) == {"package": "trainkit", "current": f"{F1}-2",
                                                              "fingerprint": F1}
    assert current_content(tmp_path) == "VERSION = 'f1-second'\n"


def test_activate_finds_a_directory_installed_before_builds_had_their_own(tmp_path):
    legacy = tmp_path / "trainkit" / F1
    (legacy / "trainkit").mkdir(parents=True)
    (legacy / "trainkit/__init__.py").write_text("VERSION = 'legacy'\n")
    (legacy / "INSTALLED.json").write_text(json.dumps({"package": "trainkit", "version": F1, "installedAt": 1.0}))
    promote(tmp_path, F2)
    iv.activate(tmp_path, "trainkit", F1, UID, GID)
    assert current_content(tmp_path) == "VERSION = 'legacy'\n"


def test_activate_of_a_pruned_or_never_installed_fingerprint_says_so(tmp_path):
    with pytest.raises(iv.NotInstalled, match="the package has none"):
        iv.activate(tmp_path, "trainkit", F1, UID, GID)
    promote(tmp_path, F2)
    with pytest.raises(iv.NotInstalled, match=f"no installed directory of {F1}"):
        iv.activate(tmp_path, "trainkit", F1, UID, GID)
    assert os.readlink(tmp_path / "trainkit/current") == f"{F2}-1"


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root (CodeBuild runs as root)")
def test_everything_is_owned_by_the_access_point_user(tmp_path):
    promote(tmp_path, "v1", uid=1234, gid=2345)
    for path in [tmp_path, tmp_path / "trainkit", tmp_path / "trainkit/current", tmp_path / "trainkit/v1-1",
                 tmp_path / "trainkit/v1-1/trainkit/__init__.py", tmp_path / "trainkit/v1-1/INSTALLED.json"]:
        st = os.lstat(path)
        assert (st.st_uid, st.st_gid) == (1234, 2345), path


def cli(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def promote_args(tmp_path, **overrides):
    base = {"--root": str(tmp_path), "--package": "trainkit", "--fingerprint": F1, "--build-tag": "7",
            "--staging": str(stage(tmp_path, "trainkit", "x")), "--uid": str(UID), "--gid": str(GID), "--keep": "2",
            "--staging-max-age-minutes": "90"}
    base.update(overrides)
    return ["promote", *[x for kv in base.items() for x in kv]]


@pytest.mark.parametrize("overrides, message", [
    ({"--fingerprint": "current"}, "fingerprint is 'current'; expected 1-128 letters"),
    ({"--fingerprint": "../etc"}, "fingerprint is '../etc'; expected 1-128 letters"),
    ({"--package": ".hidden"}, "package is '.hidden'; expected 1-128 letters"),
    ({"--build-tag": "a/b"}, "build tag is 'a/b'; expected 1-128 letters"),
    ({"--keep": "0"}, "keep is 0; expected at least 1"),
    ({"--staging-max-age-minutes": "0"}, "staging max age (seconds) is 0.0; expected at least 1"),
    ({"--record": "r.json"}, "--record needs --file-system-id"),
])
def test_cli_refuses_bad_arguments(tmp_path, overrides, message):
    result = cli(*promote_args(tmp_path, **overrides))
    assert result.returncode == 2
    assert message in result.stderr


def test_cli_refuses_staging_outside_the_package_dir(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli(*promote_args(tmp_path, **{"--root": str(tmp_path / "packages"), "--staging": str(elsewhere)}))
    assert result.returncode == 2
    assert "expected a directory directly inside" in result.stderr


def test_cli_promote_and_activate_write_the_installed_record(tmp_path):
    record = tmp_path / "installed.json"
    result = cli(*promote_args(tmp_path, **{"--build-id": "proj:7", "--file-system-id": "fs-0123abcd",
                                            "--record": str(record)}))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["current"] == f"{F1}-7"
    written = json.loads(record.read_text())
    check_installed_record(written)
    assert {k: written[k] for k in ("package", "fileSystemId", "fingerprint", "versionDir", "buildId")} == {
        "package": "trainkit", "fileSystemId": "fs-0123abcd", "fingerprint": F1, "versionDir": f"{F1}-7",
        "buildId": "proj:7"}
    assert json.loads((tmp_path / f"trainkit/{F1}-7/INSTALLED.json").read_text())["buildId"] == "proj:7"

    record.unlink()
    missing = cli("activate", "--root", str(tmp_path), "--package", "trainkit", "--fingerprint", F2, "--uid", str(UID),
                  "--gid", str(GID), "--file-system-id", "fs-0123abcd", "--record", str(record))
    assert missing.returncode == iv.NOT_INSTALLED and f"no installed directory of {F2}" in missing.stderr
    assert not record.exists()
