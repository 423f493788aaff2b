"""Trainers: what a job's input may ask the worker to run.

A job's input names a registered trainer (`"trainer": "softmax-regression"`), never a command or
a module path. Job input comes from whoever may call the API or send to the queue; running a
command or importing a module it names would hand them the instance role and everything on the
file systems. A name can only select code that was reviewed and shipped in this package.

A trainer is built from the job's input (which it validates: `InvalidInput` for anything wrong)
and is driven step by step by the worker, which checkpoints between steps and stops at a step
boundary when the instance is going away. Its state must be picklable (numpy arrays, dicts).
"""

from __future__ import annotations

import abc
from pathlib import Path
from typing import Any, Callable, Mapping

DEFAULT_TRAINER = "softmax-regression"


class PermanentTrainingError(Exception):
    """Running the job again cannot help: reported to the workflow as `error_name`, job `failed`."""

    error_name = "Training.Failed"


class InvalidInput(PermanentTrainingError):
    error_name = "Training.InvalidInput"


class Diverged(PermanentTrainingError):
    error_name = "Training.Diverged"


class Trainer(abc.ABC):
    """One job's training, in `total_steps` steps. The worker calls `begin` once with the step it
    resumes from (0 for a fresh start), then `step` for each remaining step, then `result`."""

    total_steps: int

    @abc.abstractmethod
    def initial_state(self) -> Any: ...

    def begin(self, start_step: int) -> None:
        """Called before the first step of this run (a resumed job starts after step 0)."""

    @abc.abstractmethod
    def step(self, state: Any, step: int) -> Any:
        """Step number `step` (0-based); returns the new state. Raises Diverged if it cannot go on."""

    @abc.abstractmethod
    def result(self, state: Any) -> dict:
        """The job's outcome as JSON-compatible values (reported to the workflow, stored in the jobs table)."""


TrainerFactory = Callable[[Mapping[str, Any], Path], Trainer]
_registry: dict[str, TrainerFactory] = {}


def register_trainer(name: str, factory: TrainerFactory) -> None:
    """Makes `factory(job_input, training_data_root)` available to jobs as `"trainer": name`."""
    if not name or not isinstance(name, str):
        raise ValueError(f"trainer name is {name!r}; expected a non-empty string")
    _registry[name] = factory


def registered_trainers() -> list[str]:
    return sorted(_registry)


def trainer_for(job_input: Mapping[str, Any], data_root: Path) -> Trainer:
    name = job_input.get("trainer", DEFAULT_TRAINER)
    factory = _registry.get(name) if isinstance(name, str) else None
    if factory is None:
        raise InvalidInput(f"input field 'trainer' is {name!r}; expected one of {registered_trainers()}")
    options = {k: v for k, v in job_input.items() if k != "trainer"}
    return factory(options, data_root)


def _register_defaults() -> None:
    from .softmax import SoftmaxRegression

    register_trainer(DEFAULT_TRAINER, SoftmaxRegression.from_input)


_register_defaults()
