"""Every writer of a build record against the one schema: the layer's tool and buildspec, the ML
buildspec's marker and the install tool's installed record (the ML ones in test_buildspec.py)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

import layer_build
from record_schemas import check_installed_record, check_marker

LAYER_DIR = Path(__file__).resolve().parents[3] / "lambda-layer"
FP = "ab" * 32


def test_the_layer_tools_marker_fits_the_schema():
    check_marker(layer_build.marker("shared", FP, "portfolio-dev-lambda-layer:7",
                                    f"builds/lambda-layer/shared/{FP}/layer.zip"))


def test_the_layer_buildspecs_marker_fits_the_schema(tmp_path):
    spec = yaml.safe_load((LAYER_DIR / "buildspec.yml").read_text())
    (tmp_path / "src/tools").mkdir(parents=True)
    shutil.copy(LAYER_DIR / "tools/layer_build.py", tmp_path / "src/tools/layer_build.py")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(f"#!/bin/sh\n[ \"$1 $2\" = 's3 cp' ] && cp \"$3\" {tmp_path}/uploaded.json\n")
    (bin_dir / "aws").chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", **spec["env"]["variables"], "ARTIFACT_BUCKET": "b",
           "ARTIFACT_PREFIX": f"builds/lambda-layer/shared/{FP}/", "FINGERPRINT": FP, "PACKAGE_NAME": "shared",
           "CODEBUILD_BUILD_SUCCEEDING": "1", "CODEBUILD_BUILD_ID": "portfolio-dev-lambda-layer:7"}
    result = subprocess.run([shutil.which("bash"), "-c", spec["phases"]["post_build"]["commands"][0]],
                            cwd=tmp_path / "src", env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    check_marker(json.loads((tmp_path / "uploaded.json").read_text()))


@pytest.mark.parametrize("drift", [
    lambda m: m.pop("fingerprint"),
    lambda m: m.update(fingerprint="ABC"),
    lambda m: m.update(builtAt=m.pop("finishedAt")),
    lambda m: m.update(outputs={}),
    lambda m: m.update(finishedAt="2026-01-01 10:00:00"),
])
def test_a_marker_that_drifts_from_the_schema_is_refused(drift):
    marker = layer_build.marker("shared", FP, "b:1", "k")
    drift(marker)
    with pytest.raises(jsonschema.ValidationError):
        check_marker(marker)


def test_an_installed_record_that_drifts_from_the_schema_is_refused():
    record = {"package": "trainkit", "fileSystemId": "fs-0123abcd", "fingerprint": FP, "versionDir": f"{FP}-7",
              "buildId": "ml:7", "at": "2026-01-01T00:00:00Z"}
    check_installed_record(record)
    with pytest.raises(jsonschema.ValidationError):
        check_installed_record({**record, "fileSystemId": ""})
    with pytest.raises(jsonschema.ValidationError):
        check_installed_record({k: v for k, v in record.items() if k != "versionDir"})
