"""Request models. Strict: no type coercion, unknown fields rejected, surrounding spaces trimmed."""

from __future__ import annotations

import math
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from .validation import check_email, is_job_id

_STRICT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class ContactMessageInput(BaseModel):
    """Body of ``POST /api/contact``. ``website`` is the honeypot: people leave it empty."""

    model_config = _STRICT

    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    email: Annotated[str, StringConstraints(min_length=3, max_length=254), AfterValidator(check_email)]
    message: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    website: Optional[Annotated[str, StringConstraints(max_length=200)]] = None


# A job's input is stored as a DynamoDB map, which bounds what it may hold: nesting depth 32,
# non-empty attribute names, numbers of at most 38 significant digits between 1e-130 and 1e126
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
# The limits below stay well inside those.
MAX_INPUT_DEPTH = 8
MAX_INPUT_KEY_CHARS = 64
MAX_INPUT_MAGNITUDE = 1e15
MIN_INPUT_MAGNITUDE = 1e-30


def _check_json_value(value: Any, path: str, depth: int) -> None:
    if depth > MAX_INPUT_DEPTH:
        raise PydanticCustomError("input_depth", f"nests deeper than {MAX_INPUT_DEPTH} levels at '{path}'")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not 1 <= len(key) <= MAX_INPUT_KEY_CHARS:
                raise PydanticCustomError(
                    "input_key", f"has a key at '{path}' that is empty or longer than {MAX_INPUT_KEY_CHARS} characters")
            _check_json_value(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_value(item, f"{path}[{index}]", depth + 1)
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        return
    elif isinstance(value, (int, float)):
        magnitude = abs(value)
        if (isinstance(value, float) and not math.isfinite(value)) or magnitude > MAX_INPUT_MAGNITUDE or (
                0 < magnitude < MIN_INPUT_MAGNITUDE):
            raise PydanticCustomError(
                "input_number",
                f"has a number at '{path}' outside what is stored; expected 0 or a magnitude between "
                f"{MIN_INPUT_MAGNITUDE:g} and {MAX_INPUT_MAGNITUDE:g}")
    else:
        raise PydanticCustomError("input_type", f"holds a value at '{path}' that is not JSON")


def check_job_input(value: dict[str, Any]) -> dict[str, Any]:
    _check_json_value(value, "input", 1)
    return value


def check_job_id(value: str) -> str:
    if not is_job_id(value):
        raise PydanticCustomError("job_id", "must be 1 to 64 letters, digits, '_' or '-'")
    return value


class TrainingJobRequest(BaseModel):
    """Body of ``POST /api/training/jobs``.

    ``jobId`` is optional: a client that sends one can retry safely (the same id returns the same
    job); without one, the API picks a fresh id.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    jobId: Optional[Annotated[str, AfterValidator(check_job_id)]] = None
    input: Annotated[dict[str, Any], AfterValidator(check_job_input)]
