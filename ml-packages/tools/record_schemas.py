"""The JSON Schemas of the build records (the one definition every writer is checked against)."""

import json
from pathlib import Path

import jsonschema

SCHEMAS = Path(__file__).resolve().parents[2] / "src/main/resources/com/portfolio/infra/buildengine"


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text()))


def check_marker(data: dict) -> None:
    validator("build-marker").validate(data)


def check_installed_record(data: dict) -> None:
    validator("installed-record").validate(data)
