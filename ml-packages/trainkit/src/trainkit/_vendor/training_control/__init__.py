"""Shared logic of the training control plane: the records of functions/README.md and their writes.

Used by the event handlers in functions/ (from the Lambda layer) and by the training worker on the
instances (trainkit ships a copy: ml-packages/trainkit/tools/sync_training_control.py). boto3 is the
only dependency.

Modules: `records` (statuses, timestamps, the job message), `events` (EventBridge events parsed
or rejected), `instances` (the instance registry's lifecycle), `jobs` (claims, attempts counted by
cause), `fleet` (which instances are the fleet's), `messaging` (jobs queue, ops topic),
`interruption` and `registry` (what the two handlers do), `config` (environment), `handling`
(malformed events become a logged rejection).
"""
