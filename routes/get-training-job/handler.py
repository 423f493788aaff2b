"""GET /api/training/jobs/{id} (IAM-signed): the job's record as the API shows it, or 404."""

from portfolio_shared import api_handler, ok
from portfolio_shared.data import TrainingJobsRepository
from portfolio_shared.training_jobs import get_job
from portfolio_shared.validation import path_job_id


@api_handler(method="GET")
def handler(event, context):
    return ok(get_job(TrainingJobsRepository(), path_job_id(event)))
