"""`python -m trainkit.worker`: the training worker as systemd runs it (training-worker.service).

Exit codes: 0 after SIGTERM or a spot notice (the job checkpointed and given back), 2 for a
wrong environment (every problem is printed), 1 for anything else (systemd restarts it).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Mapping

from .imds import Imds, ImdsError
from .settings import SettingsError, from_environment
from .stopping import SIGTERM

logger = logging.getLogger("trainkit.worker")


def main(env: Mapping[str, str] = os.environ) -> int:
    # The journal adds the time; level and logger say the rest.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        settings = from_environment(env)
    except SettingsError as exc:
        print(f"trainkit.worker: {exc}", file=sys.stderr)
        return 2
    imds = Imds(settings.imds_endpoint)
    try:
        instance_id = imds.instance_id()
    except ImdsError as exc:
        logger.error("cannot start: %s", exc)
        return 1

    import boto3  # after the checks: a wrong environment is reported without the SDK's import time

    from .wiring import build_worker

    worker = build_worker(settings, instance_id, imds, boto3.session.Session())
    signal.signal(signal.SIGTERM, lambda signum, frame: worker.stop(SIGTERM))
    signal.signal(signal.SIGINT, lambda signum, frame: worker.stop("SIGINT"))
    return worker.run()


if __name__ == "__main__":
    sys.exit(main())
