"""Request models. Strict: no type coercion, unknown fields rejected, surrounding spaces trimmed."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from .validation import check_email

_STRICT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class ContactMessageInput(BaseModel):
    """Body of ``POST /contact``."""

    model_config = _STRICT

    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    email: Annotated[str, StringConstraints(min_length=3, max_length=254), AfterValidator(check_email)]
    message: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    subject: Optional[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = None
