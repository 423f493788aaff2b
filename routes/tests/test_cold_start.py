"""The health route starts without pydantic and boto3 (about a second of imports on a loaded host)."""

import os
import subprocess
import sys

from routes_test_support import ROUTES_DIR


def test_health_imports_neither_pydantic_nor_boto3():
    folder = ROUTES_DIR / "health"
    env = {**os.environ, "PYTHONPATH": f"{ROUTES_DIR.parent / 'lambda-layer' / 'src'}{os.pathsep}{folder}"}
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, handler; print(sorted(m for m in ('pydantic', 'pydantic_core', 'boto3', "
                               "'botocore') if m in sys.modules))"],
        cwd=folder, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
