"""What API Gateway does between an HTTP request and a route's function, for the local API.

Pure functions over plain values (no sockets, no AWS): find the routes in routes/*/route.json,
match a request to one, build the HTTP API payload 2.0 event, and turn the function's answer back
into an HTTP response. The event follows
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import parse_qsl, unquote

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
AUTHS = ("public", "iam")
LOCAL_ACCOUNT = "123456789012"
LOCAL_API_ID = "local"
FORBIDDEN = {"message": "Forbidden"}
INTERNAL_SERVER_ERROR = {"message": "Internal Server Error"}
# Bodies of these media types reach the function as text; API Gateway base64-encodes the rest.
TEXT_MEDIA_TYPES = ("application/json", "application/xml", "application/javascript",
                    "application/x-www-form-urlencoded")
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}")
_CREDENTIAL = re.compile(r"Credential=([A-Za-z0-9]+)/")


class RouteError(ValueError):
    """A route.json the local API cannot serve: names the folder, the field and what is expected."""


@dataclass(frozen=True)
class Route:
    folder: str
    method: str
    path: str
    auth: str
    handler_file: Path
    pattern: re.Pattern = field(compare=False, repr=False)
    param_names: tuple[str, ...] = ()

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def specificity(self) -> tuple[int, int]:
        # API Gateway prefers the route with the fewest variables, then the longest path.
        return (len(self.param_names), -len(self.path))


def compile_path(path: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """`/api/projects/{slug}` -> a regex over the decoded path and its parameter names."""
    names: list[str] = []
    regex = ""
    position = 0
    for match in _PARAM.finditer(path):
        regex += re.escape(path[position:match.start()])
        names.append(match.group(1))
        regex += f"(?P<{match.group(1)}>.+)" if match.group(2) else f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    regex += re.escape(path[position:])
    return re.compile(regex), tuple(names)


def read_route(folder: Path) -> Route:
    where = f"routes/{folder.name}/route.json"
    try:
        definition = json.loads((folder / "route.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RouteError(f"{where} cannot be read as JSON: {exc}") from None
    if not isinstance(definition, dict):
        raise RouteError(f"{where} is not a JSON object; expected the fields of routes/README.md")
    method, path, auth = definition.get("method"), definition.get("path"), definition.get("auth")
    if method not in METHODS:
        raise RouteError(f"{where} field 'method' is {method!r}; expected one of {', '.join(METHODS)}")
    if not isinstance(path, str) or not path.startswith("/api/"):
        raise RouteError(f"{where} field 'path' is {path!r}; expected a path starting with /api/")
    if auth not in AUTHS:
        raise RouteError(f"{where} field 'auth' is {auth!r}; expected one of {', '.join(AUTHS)}")
    handler_file = folder / "handler.py"
    if not handler_file.is_file():
        raise RouteError(f"routes/{folder.name} has route.json but no handler.py; expected both")
    pattern, names = compile_path(path)
    return Route(folder.name, method, path, auth, handler_file, pattern, names)


def discover_routes(routes_dir: Path) -> list[Route]:
    """Every folder of `routes_dir` with a route.json, most specific first."""
    routes = [read_route(p.parent) for p in sorted(Path(routes_dir).glob("*/route.json"))]
    seen: dict[str, str] = {}
    for route in routes:
        if route.route_key in seen:
            raise RouteError(f"routes/{route.folder} repeats '{route.route_key}' of routes/{seen[route.route_key]}; "
                             f"expected one folder per method and path")
        seen[route.route_key] = route.folder
    return sorted(routes, key=lambda r: r.specificity)


@dataclass(frozen=True)
class Match:
    route: Route | None
    path_parameters: dict[str, str]
    allowed_methods: tuple[str, ...] = ()  # when the path has routes, but not for this method


def match_route(routes: Iterable[Route], method: str, raw_path: str) -> Match:
    path = unquote(raw_path)
    allowed: list[str] = []
    for route in routes:
        found = route.pattern.fullmatch(path)
        if not found:
            continue
        if route.method == method:
            return Match(route, dict(found.groupdict()))
        allowed.append(route.method)
    return Match(None, {}, tuple(sorted(set(allowed))))


def is_text(content_type: str | None) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in TEXT_MEDIA_TYPES or media.endswith(("+json", "+xml"))


def joined_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header names lower-cased; repeated headers joined with commas, as API Gateway does."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    return headers


def query_parameters(raw_query: str) -> dict[str, str] | None:
    """Repeated parameters joined with commas; None when there is no query (the key is then absent)."""
    if not raw_query:
        return None
    params: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        params[name] = f"{params[name]},{value}" if name in params else value
    return params or None


def is_sigv4_signed(headers: dict[str, str]) -> bool:
    """An `Authorization` header in SigV4's shape. The signature itself is not verified locally."""
    value = headers.get("authorization", "")
    return (value.startswith("AWS4-HMAC-SHA256 ") and "Credential=" in value and "SignedHeaders=" in value
            and "Signature=" in value)


def build_event(route: Route, match: Match, *, method: str, raw_path: str, raw_query: str,
                header_pairs: Iterable[tuple[str, str]], body: bytes, source_ip: str,
                now: dt.datetime, request_id: str | None = None) -> dict[str, Any]:
    headers = joined_headers(header_pairs)
    cookie_header = headers.pop("cookie", None)
    request_id = request_id or str(uuid.uuid4())
    host = headers.get("host", "localhost")
    request_context: dict[str, Any] = {
        "accountId": LOCAL_ACCOUNT,
        "apiId": LOCAL_API_ID,
        "domainName": host,
        "domainPrefix": host.split(".", 1)[0],
        "http": {
            "method": method,
            "path": raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route.route_key,
        "stage": "$default",
        "time": now.astimezone(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if route.auth == "iam":
        credential = _CREDENTIAL.search(headers.get("authorization", ""))
        request_context["authorizer"] = {"iam": {"accessKey": credential.group(1) if credential else None,
                                                 "accountId": LOCAL_ACCOUNT}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": request_context,
        "isBase64Encoded": False,
    }
    if cookie_header:
        event["cookies"] = [c.strip() for c in cookie_header.split(";") if c.strip()]
    query = query_parameters(raw_query)
    if query is not None:
        event["queryStringParameters"] = query
    if match.path_parameters:
        event["pathParameters"] = match.path_parameters
    if body:
        if is_text(headers.get("content-type")):
            event["body"] = body.decode("utf-8", errors="replace")
        else:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def json_response(status: int, payload: Any, extra_headers: Iterable[tuple[str, str]] = ()) -> HttpResponse:
    return HttpResponse(status, [("content-type", "application/json"), *extra_headers],
                        json.dumps(payload).encode("utf-8"))


def to_http(result: Any) -> HttpResponse:
    """The function's answer as API Gateway returns it (payload 2.0 response rules)."""
    if not (isinstance(result, dict) and "statusCode" in result):
        # Without statusCode, API Gateway answers 200 with the returned value as JSON.
        return json_response(200, result)
    status = result.get("statusCode")
    if not isinstance(status, int) or not 100 <= status <= 599:
        return json_response(500, INTERNAL_SERVER_ERROR)
    headers = [(str(k).lower(), str(v)) for k, v in (result.get("headers") or {}).items()]
    headers += [("set-cookie", str(c)) for c in result.get("cookies") or []]
    body = result.get("body")
    if body is None:
        raw = b""
    elif result.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(body, validate=True)
        except (ValueError, TypeError):
            return json_response(500, INTERNAL_SERVER_ERROR)
    else:
        raw = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
    return HttpResponse(status, headers, raw)
