"""The worker's tests import their support module by name; the build runs them with an empty
pythonpath (against the installed wheel), so this folder is put on the path here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from worker_support import (account, aws_credentials, fake_imds, interruption_handler, journal,  # noqa: E402,F401
                            serialized_moto, workers)
