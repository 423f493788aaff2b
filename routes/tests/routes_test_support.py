"""Calling a route's handler with the event API Gateway would build (the local gateway's builder)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3

from local_api import load_handler
from local_aws import REGION, TABLES
from local_gateway import Match, build_event, discover_routes

ROUTES_DIR = Path(__file__).resolve().parents[1]
ROUTES = {route.folder: route for route in discover_routes(ROUTES_DIR)}


@lru_cache(maxsize=None)
def handler_of(folder: str):
    return load_handler(ROUTES[folder])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any
    raw: dict


def event_for(folder: str, *, method: str | None = None, path_params: dict | None = None, query: str = "",
              body: bytes | str | None = None, headers: dict | None = None, source_ip: str = "198.51.100.7") -> dict:
    route = ROUTES[folder]
    path = route.path
    for name, value in (path_params or {}).items():
        path = path.replace("{" + name + "}", value)
    raw = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    return build_event(route, Match(route, dict(path_params or {})), method=method or route.method, raw_path=path,
                       raw_query=query, header_pairs=list((headers or {}).items()), body=raw,
                       source_ip=source_ip, now=dt.datetime.now(dt.timezone.utc))


def call(folder: str, event: dict | None = None, **kwargs) -> Answer:
    response = handler_of(folder)(event if event is not None else event_for(folder, **kwargs),
                                  SimpleNamespace(aws_request_id="lambda-1"))
    text = response.get("body") or ""
    return Answer(response["statusCode"], response["headers"], json.loads(text) if text else None, response)


def post_json(folder: str, data: Any, **kwargs) -> Answer:
    headers = {"content-type": "application/json", **kwargs.pop("headers", {})}
    return call(folder, body=data if isinstance(data, str) else json.dumps(data), headers=headers, **kwargs)


def table(key: str):
    spec = next(s for s in TABLES if s.key == key)
    return boto3.resource("dynamodb", region_name=REGION).Table(spec.table_name)
