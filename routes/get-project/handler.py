"""GET /api/projects/{slug}: one published project, or 404."""

from portfolio_shared import NotFound, api_handler, ok
from portfolio_shared.data import ProjectsRepository
from portfolio_shared.validation import path_slug


@api_handler(method="GET")
def handler(event, context):
    slug = path_slug(event)
    project = ProjectsRepository().get_published(slug)
    if project is None:
        raise NotFound(f"project {slug!r} does not exist")
    return ok(project, cache_control="public, max-age=60")
