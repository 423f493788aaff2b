"""The training worker: `python -m trainkit.worker` on each instance of the training fleet.

It registers the instance, long-polls the jobs queue one message at a time, claims the job in the
jobs table, trains it with a registered trainer (resuming from the newest valid checkpoint),
keeps the message hidden and the workflow informed while it trains, reports the outcome once,
and on a spot notice or SIGTERM checkpoints and gives the job back. See the package README.

Modules: `settings` (environment), `imds` (IMDSv2), `aws` (queue, task reports, scale-in
protection), `claiming` (what to do with a message whose job is not free), `training` (the
step loop and checkpoints), `heartbeat`, `stopping` (stop reasons, the spot watch), `runner`
(one message end to end), `loop` (the worker's life), `trainers` and `softmax` (what jobs run),
`wiring` (clients), `__main__` (the process).
"""

from .trainers import (Diverged, InvalidInput, PermanentTrainingError, Trainer, register_trainer,
                       registered_trainers)

__all__ = ["Diverged", "InvalidInput", "PermanentTrainingError", "Trainer", "register_trainer",
           "registered_trainers"]
