"""Contact messages: the logic between a request body and the table.

Order of checks (``receive_contact_message``): the honeypot first, so a bot that fills it is
told "received" whatever else it sent and nothing is stored or counted; then the fields (422);
then the client's rate limit (429); then the message is stored with a TTL.

Idempotency: a client may send an ``idempotency-key`` header and retry freely. The item id is
derived from the key, and the item is written only if no item with that id exists (a DynamoDB
condition expression), so a retry never stores a second copy. A retry with the same key but a
different message is refused (409) rather than silently answered with the first message.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Mapping

from .errors import Conflict
from .models import ContactMessageInput
from .rate_limit import Counters, RateLimit
from .validation import validate_model

# Fixed namespace so the same idempotency key always maps to the same message id.
_IDEMPOTENCY_NAMESPACE = uuid.UUID("8f0c6b1e-2f7a-4c53-9d0e-6a1b2c3d4e5f")
SECONDS_PER_DAY = 86_400
HONEYPOT_FIELD = "website"
RECEIVED = {"status": "received"}
MESSAGE_KIND = "message"


@dataclass(frozen=True)
class SubmitResult:
    message_id: str
    created_at: str
    created: bool  # False when this was a retry of an already stored message


def honeypot_filled(body: Mapping[str, Any]) -> bool:
    """True when the hidden field holds anything but blanks: people never see it, bots fill it."""
    value = body.get(HONEYPOT_FIELD)
    if value is None:
        return False
    return not (isinstance(value, str) and not value.strip())


def message_id_for(idempotency_key: str | None) -> str:
    if idempotency_key is None:
        return str(uuid.uuid4())
    return str(uuid.uuid5(_IDEMPOTENCY_NAMESPACE, idempotency_key))


def _stored_fields(message: ContactMessageInput) -> dict[str, Any]:
    return message.model_dump(exclude={HONEYPOT_FIELD})


def payload_hash(message: ContactMessageInput) -> str:
    canonical = json.dumps(_stored_fields(message), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_record(
    message: ContactMessageInput,
    *,
    now: _dt.datetime,
    retention_days: int,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """The item to store. `expiresAt` is epoch seconds, the unit DynamoDB TTL requires."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    now = now.astimezone(_dt.timezone.utc)
    record: dict[str, Any] = {
        "messageId": message_id_for(idempotency_key),
        "kind": MESSAGE_KIND,
        "createdAt": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "expiresAt": int(now.timestamp()) + retention_days * SECONDS_PER_DAY,
        "payloadHash": payload_hash(message),
        **{k: v for k, v in _stored_fields(message).items() if v is not None},
    }
    if idempotency_key is not None:
        record["idempotencyKey"] = idempotency_key
    return record


def submit_contact_message(
    repository: Any,
    message: ContactMessageInput,
    *,
    now: _dt.datetime,
    retention_days: int,
    idempotency_key: str | None = None,
) -> SubmitResult:
    record = build_record(message, now=now, retention_days=retention_days, idempotency_key=idempotency_key)
    if repository.put_new(record):
        return SubmitResult(record["messageId"], record["createdAt"], created=True)
    existing = repository.get(record["messageId"])
    if idempotency_key is not None and existing and existing.get("payloadHash") == record["payloadHash"]:
        return SubmitResult(existing["messageId"], existing["createdAt"], created=False)
    if idempotency_key is None:
        # A random UUID collided: practically impossible, so treat it as a bug, not a client error.
        raise RuntimeError(f"message id {record['messageId']} already exists")
    raise Conflict(
        "idempotency_key_reused",
        f"header 'idempotency-key' {idempotency_key!r} was already used for a different message; "
        f"expected a new key for a new message",
    )


def receive_contact_message(
    body: Mapping[str, Any],
    *,
    client: str | None,
    messages: Any,
    counters: Counters,
    now: _dt.datetime,
    retention_days: int,
    idempotency_key: str | None = None,
    rate_limit: RateLimit = RateLimit(),
) -> SubmitResult | None:
    """Store the message in `body`; None when the honeypot caught it (nothing stored)."""
    if honeypot_filled(body):
        return None
    message = validate_model(ContactMessageInput, body)
    rate_limit.admit(counters, client, now_epoch=int(now.timestamp()))
    return submit_contact_message(messages, message, now=now, retention_days=retention_days,
                                  idempotency_key=idempotency_key)
