"""Thin route handlers as the routes/ folder writes them, used to test the layer end to end."""

from __future__ import annotations

import datetime as dt

from portfolio_shared import NotFound, api_handler, ok, parse_json_body, validate_model
from portfolio_shared.config import retention_days
from portfolio_shared.contact import submit_contact_message
from portfolio_shared.data import ContactMessagesRepository, ProjectsRepository
from portfolio_shared.data.projects import CURSOR_KEYS, PUBLISHED
from portfolio_shared.models import ContactMessageInput
from portfolio_shared.pagination import decode_cursor, encode_cursor
from portfolio_shared.validation import idempotency_key, int_param, path_slug, query_params


@api_handler
def list_projects(event, context):
    params = query_params(event, allowed=["limit", "cursor"])
    limit = int_param(params, "limit", default=20, minimum=1, maximum=50)
    start = decode_cursor(params["cursor"], keys=CURSOR_KEYS, fixed={"status": PUBLISHED}) if params.get("cursor") else None
    page = ProjectsRepository().list_published(limit=limit, start_key=start)
    return ok({"items": page.items, "nextCursor": encode_cursor(page.last_key)},
              cache_control="public, max-age=60")


@api_handler
def get_project(event, context):
    slug = path_slug(event)
    project = ProjectsRepository().get_published(slug)
    if project is None:
        raise NotFound(f"project {slug!r} does not exist or is not published")
    return ok(project, cache_control="public, max-age=60")


@api_handler
def post_contact(event, context):
    message = validate_model(ContactMessageInput, parse_json_body(event))
    key = idempotency_key(event)
    result = submit_contact_message(
        ContactMessagesRepository(), message,
        now=dt.datetime.now(dt.timezone.utc), retention_days=retention_days(), idempotency_key=key,
    )
    headers = {} if result.created else {"idempotent-replayed": "true"}
    return ok({"messageId": result.message_id, "createdAt": result.created_at}, status=201, headers=headers)
