"""The default trainer: it learns, its input is checked, and a resumed run equals an uninterrupted one."""

import numpy as np
import pytest

from trainkit.checkpoint import CheckpointManager
from trainkit.worker.trainers import InvalidInput, registered_trainers, trainer_for
from trainkit.worker.training import run_steps


def train(trainer, state=None, start=0, stop=None):
    state = trainer.initial_state() if state is None else state
    for step in range(start, stop if stop is not None else trainer.total_steps):
        state = trainer.step(state, step)
    return state


def test_it_learns_separable_classes(tmp_path):
    trainer = trainer_for({"steps": 60, "classes": 4, "features": 6, "seed": 1}, tmp_path)
    first = trainer.step(trainer.initial_state(), 0)
    result = trainer.result(train(trainer))
    assert result["loss"] < first["loss"] / 5
    assert result["accuracy"] > 0.95 and result["device"] == "cpu"
    assert "softmax-regression" in registered_trainers()


def test_a_dataset_on_the_training_data_mount_is_used(tmp_path):
    rng = np.random.default_rng(0)
    y = rng.integers(2, size=100)
    np.savez(tmp_path / "two-blobs.npz", x=np.c_[y * 4.0 + rng.normal(size=100), rng.normal(size=100)], y=y)
    result = trainer_for({"dataset": "two-blobs.npz", "steps": 50}, tmp_path).result(
        train(trainer_for({"dataset": "two-blobs.npz", "steps": 50}, tmp_path)))
    assert result["accuracy"] > 0.95


@pytest.mark.parametrize("job_input, message", [
    ({"steps": 0}, "input field 'steps' is 0; expected a whole number from 1 to 1000000"),
    ({"learningRate": "0.01"}, "input field 'learningRate' is '0.01'; expected a number above 0, at most 10"),
    ({"epochs": 3}, "input has unknown fields ['epochs']; expected only trainer and ['classes', 'dataset', "
                    "'features', 'learningRate', 'samples', 'seed', 'steps']"),
    ({"dataset": "../etc/passwd.npz"}, "input field 'dataset' is '../etc/passwd.npz'; expected a .npz file path "
                                       "relative to the training data mount, without '..'"),
    ({"trainer": "python -c 'import os'"}, "input field 'trainer' is \"python -c 'import os'\"; expected one of ["),
])
def test_wrong_input_is_refused_with_what_was_expected(tmp_path, job_input, message):
    with pytest.raises(InvalidInput) as caught:
        trainer_for(job_input, tmp_path)
    assert str(caught.value).startswith(message)


def test_a_run_resumed_from_a_checkpoint_ends_where_an_uninterrupted_one_does(tmp_path):
    job = {"steps": 40, "seed": 7}
    straight = train(trainer_for(job, tmp_path))

    checkpoints = CheckpointManager(tmp_path / "job")
    stops = iter([False] * 15 + [True])
    first = run_steps(trainer_for(job, tmp_path), checkpoints, should_stop=lambda: next(stops),
                      may_checkpoint=lambda: True, interval_seconds=3600)
    assert (first.finished, first.step, first.saved_step) == (False, 15, 15)
    second = run_steps(trainer_for(job, tmp_path), checkpoints, should_stop=lambda: False,
                       may_checkpoint=lambda: True, interval_seconds=3600)
    assert (second.finished, second.start_step, second.saved_step) == (True, 15, 40)
    np.testing.assert_allclose(checkpoints.load_latest().state["w"], straight["w"])
    assert second.result["loss"] == pytest.approx(float(straight["loss"]))


def test_no_checkpoint_is_written_once_the_job_is_not_this_instances(tmp_path):
    checkpoints = CheckpointManager(tmp_path / "job")
    run = run_steps(trainer_for({"steps": 5}, tmp_path), checkpoints, should_stop=lambda: False,
                    may_checkpoint=lambda: False, interval_seconds=0)
    assert run.finished and run.saved_step == 0
    assert checkpoints.list_checkpoints() == []
