"""Runs the buildspec's own shell steps with a stand-in `aws` and checks what they would upload."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

LAYER_DIR = Path(__file__).resolve().parents[1]
SPEC = yaml.safe_load((LAYER_DIR / "buildspec.yml").read_text())

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to run buildspec steps")


def phase(name):
    return SPEC["phases"][name]["commands"]


@pytest.fixture
def workdir(tmp_path):
    """A copy of the layer folder plus a fake `aws` that records its arguments and copies files."""
    work = tmp_path / "src"
    shutil.copytree(LAYER_DIR, work, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(
        "#!/bin/sh\n"
        f"echo \"$@\" >> {tmp_path}/aws.log\n"
        # `aws s3 cp <file> s3://bucket/key`: keep a copy of what was uploaded under uploads/<key>
        f"if [ \"$1 $2\" = 's3 cp' ]; then key=${{4#s3://*/}}; mkdir -p {tmp_path}/uploads/$(dirname $key); "
        f"cp \"$3\" {tmp_path}/uploads/$key; fi\n"
    )
    (bin_dir / "aws").chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    return tmp_path


def run(commands, workdir, **env):
    full_env = {
        "PATH": f"{workdir}/bin:{os.environ['PATH']}", "HOME": str(workdir),
        **SPEC["env"]["variables"], **env,
    }
    for command in commands:
        result = subprocess.run(["bash", "-c", command], cwd=workdir / "src", env=full_env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            return result
    return result


CONTRACT = {"ARTIFACT_BUCKET": "bucket", "ARTIFACT_PREFIX": "builds/layer/lambda-layer/fp1/", "FINGERPRINT": "fp1"}


def test_pre_build_names_every_missing_variable(workdir):
    result = run(phase("pre_build")[:1], workdir)
    assert result.returncode == 1
    assert "missing environment variables: ARTIFACT_BUCKET ARTIFACT_PREFIX FINGERPRINT" in result.stderr


def test_pre_build_refuses_a_prefix_without_trailing_slash(workdir):
    result = run(phase("pre_build")[:1], workdir, **{**CONTRACT, "ARTIFACT_PREFIX": "builds/x"})
    assert result.returncode == 1
    assert "ARTIFACT_PREFIX is 'builds/x'; expected it to end with '/'" in result.stderr


def test_post_build_writes_the_marker_only_when_the_build_succeeded(workdir):
    result = run(phase("post_build"), workdir, **CONTRACT, CODEBUILD_BUILD_SUCCEEDING="0")
    assert result.returncode == 0
    assert not (workdir / "uploads").exists()

    result = run(phase("post_build"), workdir, **CONTRACT, CODEBUILD_BUILD_SUCCEEDING="1", CODEBUILD_BUILD_ID="p:42")
    assert result.returncode == 0, result.stderr
    marker = json.loads((workdir / "uploads/builds/layer/lambda-layer/fp1/built.json").read_text())
    assert marker["package"] == "lambda-layer"
    assert marker["fingerprint"] == "fp1"
    assert marker["buildId"] == "p:42"
    assert marker["outputs"] == {"layer": "builds/layer/lambda-layer/fp1/layer.zip"}


def test_build_zips_python_folder_and_uploads_layer_zip(workdir):
    import zipfile
    # Stand in for the two pip installs (no network here): put the package where pip would.
    shutil.copytree(workdir / "src/src/portfolio_shared", workdir / "src/python/portfolio_shared")
    zip_and_upload = [c for c in phase("build") if "layer_build.py zip" in c or c.startswith("aws s3 cp")]
    assert len(zip_and_upload) == 2
    result = run(zip_and_upload, workdir, **CONTRACT)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(workdir / "uploads/builds/layer/lambda-layer/fp1/layer.zip") as zf:
        assert "python/portfolio_shared/__init__.py" in zf.namelist()


def test_tests_gate_the_build():
    assert phase("pre_build")[-1].startswith("python3 -m pytest")
