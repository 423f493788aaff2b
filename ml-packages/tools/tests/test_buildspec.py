"""Runs the ML buildspec's own shell steps against a temp "EFS" with stand-ins for pip and aws."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import sync_buildspec

ML_DIR = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ML_DIR / "buildspec.yml").read_text())

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to run buildspec steps")


def phase(name):
    return SPEC["phases"][name]["commands"]


def step(name, contains):
    (found,) = [c for c in phase(name) if contains in c]
    return found


FAKE_PYTHON = f"""#!/bin/sh
# Stand-in for the build venv's python: `-m pip install ... --target DIR <wheel>` unpacks the
# wheel into DIR (what pip does for a pure wheel, offline); everything else runs the real python.
if [ "$1 $2 $3" = "-m pip install" ]; then
  exec {sys.executable} -c '
import sys, zipfile
args = sys.argv[1:]
target = args[args.index("--target") + 1]
for a in args:
    if a.endswith(".whl"):
        zipfile.ZipFile(a).extractall(target)
' "$@"
fi
exec {sys.executable} "$@"
"""


@pytest.fixture
def build(tmp_path):
    src = tmp_path / "src"
    (src / "dist").mkdir(parents=True)
    with zipfile.ZipFile(src / "dist" / "demo-0.1-py3-none-any.whl", "w") as wheel:
        wheel.writestr("demo/__init__.py", "NAME = 'demo'\n")
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text(FAKE_PYTHON)
    (venv_bin / "python").chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(
        "#!/bin/sh\n"
        f"if [ \"$1 $2\" = 's3 cp' ]; then key=${{4#s3://*/}}; mkdir -p {tmp_path}/uploads/$(dirname $key); "
        f"cp \"$3\" {tmp_path}/uploads/$key; fi\n"
    )
    (bin_dir / "aws").chmod(0o755)
    efs = tmp_path / "efs"
    efs.mkdir()
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path), "TMPDIR": str(tmp_path),
        **SPEC["env"]["variables"],
        "VENV": str(tmp_path / "venv"),
        "PACKAGE_NAME": "demo", "FINGERPRINT": "f00d", "ARTIFACT_BUCKET": "bucket",
        "ARTIFACT_PREFIX": "builds/ml/demo/f00d/", "EFS_MOUNT": str(efs),
        "PACKAGE_UID": str(os.getuid()), "PACKAGE_GID": str(os.getgid()), "VERSIONS_KEPT": "2",
        "TORCH_VERSION": "2.5.1", "CUDA_VERSION": "12.4", "CODEBUILD_BUILD_ID": "ml:7", "CODEBUILD_BUILD_NUMBER": "7",
    }
    return tmp_path, env


def run(command, tmp_path, env):
    # /tmp/install_version.py is where the buildspec writes the tool; keep the test's copy private.
    command = command.replace("/tmp/install_version.py", f"{tmp_path}/install_version.py")
    return subprocess.run(["bash", "-c", command], cwd=tmp_path / "src", env=env, capture_output=True, text=True)


def test_embedded_install_tool_is_the_tested_one():
    assert subprocess.run([sys.executable, sync_buildspec.__file__, "--check"]).returncode == 0


def test_embedded_tool_is_written_byte_for_byte(build):
    tmp_path, env = build
    assert run(step("build", "<<'INSTALL_VERSION_PY'"), tmp_path, env).returncode == 0
    assert (tmp_path / "install_version.py").read_text() == (ML_DIR / "tools/install_version.py").read_text()


def test_install_phase_names_missing_and_bad_variables(build):
    tmp_path, env = build
    check = phase("install")[0]
    result = run(check, tmp_path, {k: v for k, v in env.items() if k not in ("EFS_MOUNT", "FINGERPRINT")})
    assert result.returncode == 1
    assert "missing environment variables: FINGERPRINT EFS_MOUNT" in result.stderr
    for name, value, message in [
        ("ARTIFACT_PREFIX", "builds/x", "ARTIFACT_PREFIX is 'builds/x'; expected it to end with '/'"),
        ("VERSIONS_KEPT", "two", "VERSIONS_KEPT is 'two'; expected a whole number"),
        ("VERSIONS_KEPT", "0", "VERSIONS_KEPT is '0'; expected at least 1"),
        ("PACKAGE_UID", "-1", "PACKAGE_UID is '-1'; expected a whole number"),
        ("EFS_MOUNT", "/nonexistent/efs", "EFS_MOUNT is '/nonexistent/efs'; expected the mounted EFS root"),
    ]:
        result = run(check, tmp_path, {**env, name: value})
        assert result.returncode == 1 and message in result.stderr, (name, result.stderr)
    assert run(check, tmp_path, env).returncode == 0


def test_install_step_puts_the_version_on_efs_and_switches_current(build):
    tmp_path, env = build
    assert run(step("build", "<<'INSTALL_VERSION_PY'"), tmp_path, env).returncode == 0
    install = step("build", "/tmp/install_version.py promote")
    for fingerprint in ["aaa", "bbb", "f00d"]:
        result = run(install, tmp_path, {**env, "FINGERPRINT": fingerprint})
        assert result.returncode == 0, result.stderr
    package_dir = tmp_path / "efs/packages/demo"
    assert os.readlink(package_dir / "current") == "f00d"
    assert (package_dir / "current/site-packages/demo/__init__.py").read_text() == "NAME = 'demo'\n"
    assert json.loads((package_dir / "f00d/BUILD-ENV.json").read_text())["python"]
    assert json.loads((package_dir / "f00d/INSTALLED.json").read_text())["buildId"] == "ml:7"
    assert sorted(p.name for p in package_dir.iterdir() if not p.name.startswith(".")) == ["bbb", "current", "f00d"]


def test_marker_only_after_success(build):
    tmp_path, env = build
    marker_step = phase("post_build")[0]
    assert run(marker_step, tmp_path, {**env, "CODEBUILD_BUILD_SUCCEEDING": "0"}).returncode == 0
    assert not (tmp_path / "uploads").exists()
    result = run(marker_step, tmp_path, {**env, "CODEBUILD_BUILD_SUCCEEDING": "1"})
    assert result.returncode == 0, result.stderr
    marker = json.loads((tmp_path / "uploads/builds/ml/demo/f00d/built.json").read_text())
    assert {k: marker[k] for k in ("package", "fingerprint", "buildId")} == {
        "package": "demo", "fingerprint": "f00d", "buildId": "ml:7"}
    assert marker["outputs"] == {"efsPath": "/packages/demo/f00d", "current": "/packages/demo/current"}


def test_tests_run_against_the_installed_wheel_and_require_torch_and_the_extension():
    tests = step("build", "-m pytest")
    assert "ML_BUILD_REQUIRE_TORCH=1" in tests and "ML_BUILD_REQUIRE_EXTENSION=1" in tests
    assert "-o pythonpath=" in tests
    # The install step comes after the tests: a failing test never reaches EFS.
    commands = phase("build")
    assert commands.index(tests) < commands.index(step("build", "/tmp/install_version.py promote"))
