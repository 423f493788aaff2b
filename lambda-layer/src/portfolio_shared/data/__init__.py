"""DynamoDB access. No HTTP here: repositories take and return plain dicts."""

from .contact_messages import ContactMessagesRepository
from .projects import ProjectsRepository, PUBLISHED

__all__ = ["ContactMessagesRepository", "ProjectsRepository", "PUBLISHED"]
