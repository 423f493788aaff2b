"""DynamoDB and Step Functions access. No HTTP here: repositories take and return plain dicts."""

from .contact_messages import ContactMessagesRepository
from .projects import PUBLISHED, ProjectsRepository
from .rate_counters import RateCountersRepository
from .training_jobs import TrainingJobsRepository
from .workflows import TrainingWorkflow

__all__ = ["ContactMessagesRepository", "ProjectsRepository", "PUBLISHED", "RateCountersRepository",
           "TrainingJobsRepository", "TrainingWorkflow"]
