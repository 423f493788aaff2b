import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import given, settings, strategies as st

from trainkit import checkpoint as ck
from trainkit.checkpoint import CheckpointManager


def files(directory):
    return sorted(p.name for p in directory.iterdir())


def age(path, seconds):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_round_trip_of_bytes_and_objects(tmp_path):
    m = CheckpointManager(tmp_path)
    m.save(1, b"\x00raw weights", metadata={"epoch": 0})
    m.save(2, {"weights": [1.5, 2.5], "optimizer": {"lr": 0.1}})
    loaded = m.load_latest()
    assert loaded.step == 2
    assert loaded.state == {"weights": [1.5, 2.5], "optimizer": {"lr": 0.1}}
    assert loaded.info.serializer == "pickle"
    first = m.list_checkpoints()[0]
    assert (first.serializer, first.metadata, m.load(first)) == ("bytes", {"epoch": 0}, b"\x00raw weights")


def test_manifest_records_step_size_and_checksum(tmp_path):
    import hashlib

    info = CheckpointManager(tmp_path).save(7, b"abc")
    manifest = json.loads((tmp_path / "step-000000000007.json").read_text())
    assert manifest["step"] == 7
    assert manifest["size"] == 3
    assert manifest["sha256"] == hashlib.sha256(b"abc").hexdigest()
    assert manifest["payload"] == info.payload_path.name
    assert files(tmp_path) == sorted(["step-000000000007.json", info.payload_path.name])


def test_empty_directory_has_nothing_to_resume(tmp_path):
    assert CheckpointManager(tmp_path / "new").load_latest() is None


@pytest.mark.parametrize("step", [-1, 1.5, True, 10**12, "3"])
def test_bad_steps_are_refused(tmp_path, step):
    with pytest.raises(ValueError, match=f"step is {step!r}; expected a whole number from 0 to 999999999999"):
        CheckpointManager(tmp_path).save(step, b"x")


def test_keep_last_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="keep_last is 0; expected at least 1"):
        CheckpointManager(tmp_path, keep_last=0)


# --- crashes ----------------------------------------------------------------------------------

def test_failure_while_writing_the_payload_leaves_no_trace(tmp_path):
    m = CheckpointManager(tmp_path)
    m.save(1, b"good")

    class Exploding:
        def __reduce__(self):
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        m.save(2, {"a": b"x" * 100_000, "b": Exploding()})
    assert len(files(tmp_path)) == 2  # only step 1's manifest and payload
    assert m.load_latest().step == 1


def test_failure_between_payload_and_manifest_is_invisible(tmp_path, monkeypatch):
    m = CheckpointManager(tmp_path)
    m.save(1, b"good")

    def crash(*args):
        raise OSError("killed")

    monkeypatch.setattr(m, "_write_manifest", crash)
    with pytest.raises(OSError):
        m.save(2, b"newer")
    assert [i.step for i in m.list_checkpoints()] == [1]
    assert m.load_latest().state == b"good"


CHILD = textwrap.dedent("""
    import os, sys
    from trainkit.checkpoint import CheckpointManager

    class DieMidWrite:
        def __reduce__(self):
            os._exit(9)  # the process vanishes like a reclaimed spot instance: no cleanup runs

    m = CheckpointManager(sys.argv[1])
    m.save(1, {"w": b"first"})
    m.save(2, {"w": os.urandom(1 << 20), "then": DieMidWrite()})
""")


def test_process_killed_mid_write_leaves_only_complete_checkpoints(tmp_path):
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)],
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert result.returncode == 9
    leftovers = [n for n in files(tmp_path) if ".tmp-" in n]
    assert len(leftovers) == 1  # the half-written temp file is there...
    assert (tmp_path / leftovers[0]).stat().st_size > 0
    m = CheckpointManager(tmp_path)
    loaded = m.load_latest()  # ...but invisible: resume picks step 1
    assert loaded.step == 1 and loaded.state == {"w": b"first"}
    # A young temp file may belong to a live writer and is kept; once stale, pruning removes it.
    m.save(3, b"next")
    assert (tmp_path / leftovers[0]).exists()
    age(tmp_path / leftovers[0], 7200)
    m.prune()
    assert not (tmp_path / leftovers[0]).exists()


# --- corruption -------------------------------------------------------------------------------

def test_resume_skips_a_corrupt_newest_checkpoint(tmp_path):
    m = CheckpointManager(tmp_path, keep_last=5)
    m.save(1, b"one")
    newest = m.save(2, b"two")
    newest.payload_path.write_bytes(b"tw0")  # same size, flipped content
    assert m.latest().step == 1
    assert m.load_latest().state == b"one"


def test_resume_skips_truncated_payloads_and_broken_manifests(tmp_path):
    m = CheckpointManager(tmp_path, keep_last=5)
    m.save(1, b"one")
    m.save(2, b"two-two").payload_path.write_bytes(b"tw")
    m.save(3, b"three")
    (tmp_path / "step-000000000003.json").write_text('{"step": 3, "payl')
    wrong_step = json.loads((tmp_path / "step-000000000001.json").read_text())
    (tmp_path / "step-000000000004.json").write_text(json.dumps(wrong_step))  # says step 1
    escaping = {**wrong_step, "step": 5, "payload": "../elsewhere.ckpt"}
    (tmp_path / "step-000000000005.json").write_text(json.dumps(escaping))
    assert [i.step for i in m.list_checkpoints()] == [1]
    assert m.load_latest().state == b"one"


def test_payload_that_verifies_but_does_not_unpickle_is_skipped(tmp_path):
    import hashlib

    m = CheckpointManager(tmp_path)
    m.save(1, {"ok": True})
    info = m.save(2, {"ok": False})
    junk = b"not a pickle"
    info.payload_path.write_bytes(junk)
    manifest = json.loads(info.manifest_path.read_text())
    manifest.update(size=len(junk), sha256=hashlib.sha256(junk).hexdigest())
    info.manifest_path.write_text(json.dumps(manifest))
    assert m.load_latest().state == {"ok": True}


# --- retention --------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.integers(0, 10_000), min_size=1, max_size=12, unique=True), keep=st.integers(1, 4))
def test_keeps_exactly_the_newest_n_by_step(tmp_path_factory, steps, keep):
    directory = tmp_path_factory.mktemp("ckpt")
    m = CheckpointManager(directory, keep_last=keep)
    for step in steps:
        m.save(step, str(step).encode())
    # Every save prunes, so what is left is the newest `keep` among steps seen up to the last save.
    expected = []
    for step in steps:
        expected = sorted(expected + [step])[-keep:]
    assert [i.step for i in m.list_checkpoints()] == expected
    assert len(files(directory)) == 2 * len(expected)  # no orphaned payloads
    assert m.load_latest().state == str(max(expected)).encode()


def test_resaving_a_step_replaces_it_atomically_and_drops_the_old_payload(tmp_path):
    m = CheckpointManager(tmp_path)
    first = m.save(5, b"v1")
    second = m.save(5, b"v2")
    assert first.payload_path != second.payload_path
    assert m.load_latest().state == b"v2"
    age(first.payload_path, 7200)
    m.prune()
    assert files(tmp_path) == sorted(["step-000000000005.json", second.payload_path.name])


def test_pickle_is_used_when_torch_is_not_imported(tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    assert CheckpointManager(tmp_path).save(1, {"a": 1}).serializer == "pickle"


def test_torch_save_is_used_when_the_trainer_imported_torch(tmp_path, monkeypatch):
    import pickle
    import types

    calls = []
    fake = types.SimpleNamespace(save=lambda obj, f: (calls.append(obj), pickle.dump(obj, f)))
    monkeypatch.setitem(sys.modules, "torch", fake)
    info = CheckpointManager(tmp_path).save(1, {"tensor": [1, 2]})
    assert info.serializer == "torch"
    assert calls == [{"tensor": [1, 2]}]
