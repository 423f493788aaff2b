"""trainkit ships the control plane's records and writes; the copy must be the layer's, byte for byte."""

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"
LAYER = Path(__file__).resolve().parents[4] / "lambda-layer" / "src" / "training_control"


@pytest.mark.skipif(not LAYER.is_dir(), reason="needs the repository's lambda-layer/ (not in the package's own build)")
def test_the_copy_of_training_control_is_the_layers():
    sys.path.insert(0, str(TOOLS))
    try:
        import sync_training_control
    finally:
        sys.path.remove(str(TOOLS))
    assert sync_training_control.differences() == [], (
        "trainkit's copy of training_control is stale: run python3 ml-packages/trainkit/tools/sync_training_control.py")


def test_the_differences_are_named(tmp_path):
    sys.path.insert(0, str(TOOLS))
    try:
        import sync_training_control
    finally:
        sys.path.remove(str(TOOLS))
    source, copy = tmp_path / "source", tmp_path / "copy"
    source.mkdir()
    (source / "jobs.py").write_text("a = 1\n")
    (source / "records.py").write_text("b = 1\n")
    copy.mkdir()
    (copy / "jobs.py").write_text("a = 2\n")
    (copy / "old.py").write_text("")
    assert sync_training_control.differences(source, copy) == [
        "records.py: missing from the copy", f"old.py: not in {source} any more", "jobs.py: differs"]
    sync_training_control.sync(source, copy)
    assert sync_training_control.differences(source, copy) == []
