"""The training loop: resume from the newest valid checkpoint, step, checkpoint every interval and
at the end, stop at a step boundary when asked. No AWS here: whether a checkpoint may be written
(the job is still this instance's) is asked of `may_checkpoint`."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from trainkit.checkpoint import CheckpointManager

from .trainers import Trainer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    finished: bool
    start_step: int
    step: int             # steps completed when the run ended
    saved_step: int       # step of the newest checkpoint this run wrote (start_step if none)
    result: dict | None   # the trainer's result when finished


def run_steps(trainer: Trainer, checkpoints: CheckpointManager, *, should_stop: Callable[[], bool],
              may_checkpoint: Callable[[], bool], interval_seconds: float,
              clock: Callable[[], float] = time.monotonic) -> RunResult:
    loaded = checkpoints.load_latest()
    if loaded is not None:
        step, state = loaded.step, loaded.state
        logger.info("resuming from the checkpoint of step %d in %s", step, checkpoints.directory)
    else:
        step, state = 0, trainer.initial_state()
    start = saved = step
    trainer.begin(start)
    last_save = clock()

    def save() -> None:
        nonlocal saved, last_save
        last_save = clock()
        if may_checkpoint():
            checkpoints.save(step, state, metadata={"totalSteps": trainer.total_steps})
            saved = step
        else:
            logger.warning("not writing the checkpoint of step %d: the job is no longer this instance's", step)

    while step < trainer.total_steps:
        if should_stop():
            break
        state = trainer.step(state, step)
        step += 1
        if step < trainer.total_steps and clock() - last_save >= interval_seconds:
            save()
    finished = step >= trainer.total_steps
    if step > saved:
        # At the end too: a job whose report is lost resumes from here and finishes at once.
        save()
    return RunResult(finished, start, step, saved, trainer.result(state) if finished else None)
