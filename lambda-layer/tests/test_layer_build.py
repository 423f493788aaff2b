import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import layer_build

TOOL = Path(layer_build.__file__)


def make_tree(root: Path):
    (root / "pkg" / "__pycache__").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("x = 1\n")
    (root / "pkg" / "b.py").write_text("y = 2\n")
    (root / "pkg" / "__pycache__" / "b.cpython-312.pyc").write_bytes(b"\0bytecode")
    (root / "pkg-1.0.dist-info").mkdir()
    (root / "pkg-1.0.dist-info" / "direct_url.json").write_text('{"url": "file:///codebuild/output/src1"}')
    (root / "pkg-1.0.dist-info" / "METADATA").write_text("Name: pkg\n")
    (root / "bin").mkdir()
    (root / "bin" / "tool").write_text("#!/bin/sh\n")
    os.chmod(root / "bin" / "tool", 0o750)


def test_zip_is_reproducible_and_sorted_and_skips_build_host_state(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_tree(a)
    make_tree(b)
    os.utime(b / "pkg" / "b.py", (1_000_000, 1_000_000))  # different mtimes must not matter
    os.chmod(b / "pkg" / "b.py", 0o600)  # nor a different umask
    layer_build.write_zip(a, tmp_path / "a.zip")
    layer_build.write_zip(b, tmp_path / "b.zip")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()
    assert digest(tmp_path / "a.zip") == digest(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert zf.namelist() == [
            "python/bin/tool", "python/pkg-1.0.dist-info/METADATA", "python/pkg/__init__.py", "python/pkg/b.py",
        ]
        assert zf.getinfo("python/bin/tool").external_attr >> 16 == 0o100755
        assert zf.getinfo("python/pkg/b.py").external_attr >> 16 == 0o100644
        assert zf.getinfo("python/pkg/b.py").date_time == (1980, 1, 1, 0, 0, 0)
        assert zf.read("python/pkg/b.py") == b"y = 2\n"


def test_zip_of_empty_dir_fails_loudly(tmp_path):
    with pytest.raises(SystemExit, match="nothing to zip"):
        layer_build.write_zip(tmp_path, tmp_path / "out.zip")


def test_marker_cli(tmp_path):
    out = subprocess.run(
        [sys.executable, str(TOOL), "marker", "--package", "lambda-layer", "--fingerprint", "abc",
         "--build-id", "proj:1", "--layer-key", "builds/lambda-layer/x/abc/layer.zip"],
        check=True, capture_output=True, text=True,
    ).stdout
    data = json.loads(out)
    assert data["outputs"] == {"layer": "builds/lambda-layer/x/abc/layer.zip"}
    assert (data["package"], data["fingerprint"], data["buildId"]) == ("lambda-layer", "abc", "proj:1")
    assert dt.datetime.fromisoformat(data["finishedAt"].replace("Z", "+00:00")).tzinfo is not None


def test_marker_cli_refuses_empty_values():
    result = subprocess.run(
        [sys.executable, str(TOOL), "marker", "--package", "p", "--fingerprint", " ",
         "--build-id", "b", "--layer-key", "k"], capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "--fingerprint is empty; expected a value" in result.stderr
