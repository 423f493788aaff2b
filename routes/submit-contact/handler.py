"""POST /api/contact: JSON only; 202 {"status": "received"}, also when the honeypot caught a bot."""

import datetime as dt

from portfolio_shared import api_handler, ok, parse_json_body
from portfolio_shared.config import retention_days
from portfolio_shared.contact import RECEIVED, receive_contact_message
from portfolio_shared.data import ContactMessagesRepository, RateCountersRepository
from portfolio_shared.validation import idempotency_key, source_ip


@api_handler(method="POST")
def handler(event, context):
    receive_contact_message(
        parse_json_body(event),
        client=source_ip(event),
        messages=ContactMessagesRepository(),
        counters=RateCountersRepository(),
        now=dt.datetime.now(dt.timezone.utc),
        retention_days=retention_days(),
        idempotency_key=idempotency_key(event),
    )
    return ok(RECEIVED, status=202)
