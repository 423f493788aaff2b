"""POST /api/training/jobs (IAM-signed): 202 {"jobId", "status"}; 503 while the stack has no workflow."""

import datetime as dt

from portfolio_shared import api_handler, ok, parse_json_body, validate_model
from portfolio_shared.config import TRAINING_STATE_MACHINE_ARN_ENV, optional_env
from portfolio_shared.data import TrainingJobsRepository, TrainingWorkflow
from portfolio_shared.models import TrainingJobRequest
from portfolio_shared.training_jobs import start_job


@api_handler(method="POST")
def handler(event, context):
    request = validate_model(TrainingJobRequest, parse_json_body(event))
    arn = optional_env(TRAINING_STATE_MACHINE_ARN_ENV)
    job = start_job(request, jobs=TrainingJobsRepository(), workflow=TrainingWorkflow(arn) if arn else None,
                    now=dt.datetime.now(dt.timezone.utc))
    return ok(job, status=202, headers={"location": f"/api/training/jobs/{job['jobId']}"})
