#!/usr/bin/env python3
"""Serve the API's routes on this machine, as API Gateway invokes them, backed by moto.

    python3 routes/local_api.py --port 8787

Every folder of routes/ with a route.json is served (payload 2.0 events, the handler's response
mapped back); the stack's tables are created in moto exactly as the program creates them and the
content file is loaded into the projects table. `iam` routes refuse requests without a SigV4
`Authorization` header with 403, as API Gateway does (the signature itself is not checked here).
Paths without a route answer 404 and known paths with another method 405, both as JSON.
One log line per request on stderr; Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

ROUTES_DIR = Path(__file__).resolve().parent
REPOSITORY = ROUTES_DIR.parent
LAYER_SRC = REPOSITORY / "lambda-layer" / "src"
CONTENT_FILE = REPOSITORY / "content" / "projects.json"
DEFAULT_PORT = 8787
# An HTTP API accepts request payloads of up to 10 MB.
MAX_REQUEST_BYTES = 10 * 1024 * 1024

for path in (LAYER_SRC, ROUTES_DIR):  # as Lambda puts the layer on the path; our own helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from local_gateway import (  # noqa: E402  (needs the path above)
    FORBIDDEN, INTERNAL_SERVER_ERROR, HttpResponse, Route, build_event, discover_routes, is_sigv4_signed,
    joined_headers, json_response, match_route, to_http,
)

Handler = Callable[[dict, Any], Any]


def load_handler(route: Route) -> Handler:
    """Import the route's handler.py under a module name of its own (every file is handler.py)."""
    spec = importlib.util.spec_from_file_location(f"route_{route.folder.replace('-', '_')}", route.handler_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


def lambda_context(route: Route, request_id: str) -> Any:
    return SimpleNamespace(aws_request_id=request_id, function_name=f"local-{route.folder}",
                           memory_limit_in_mb=256, invoked_function_arn=f"local:{route.folder}",
                           get_remaining_time_in_millis=lambda: 5000)


def error_json(status: int, code: str, message: str, headers: tuple[tuple[str, str], ...] = ()) -> HttpResponse:
    return json_response(status, {"error": {"code": code, "message": message}}, headers)


class LocalApi:
    """Request in, response out: routing, the iam check, the event and the handler's answer."""

    def __init__(self, routes: list[Route], handlers: dict[str, Handler]) -> None:
        self.routes = routes
        self.handlers = handlers

    def handle(self, method: str, target: str, header_pairs: list[tuple[str, str]], body: bytes,
               source_ip: str) -> tuple[HttpResponse, Route | None]:
        raw_path, _, raw_query = target.partition("?")
        match = match_route(self.routes, method, raw_path)
        if match.route is None:
            if match.allowed_methods:
                allowed = ", ".join(match.allowed_methods)
                return error_json(405, "method_not_allowed",
                                  f"method {method} is not allowed on {raw_path}; expected {allowed}",
                                  (("allow", allowed),)), None
            return error_json(404, "not_found", f"no route for {method} {raw_path}"), None
        route = match.route
        if route.auth == "iam" and not is_sigv4_signed(joined_headers(header_pairs)):
            return json_response(403, FORBIDDEN), route
        request_id = str(uuid.uuid4())
        event = build_event(route, match, method=method, raw_path=raw_path, raw_query=raw_query,
                            header_pairs=header_pairs, body=body, source_ip=source_ip,
                            now=dt.datetime.now(dt.timezone.utc), request_id=request_id)
        try:
            result = self.handlers[route.folder](event, lambda_context(route, request_id))
        except Exception as exc:  # an unhandled error in a function: API Gateway answers 500
            print(f"{route.folder}: unhandled {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            return json_response(500, INTERNAL_SERVER_ERROR), route
        return to_http(result), route


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like API Gateway
    server_version = "local-api"
    api: LocalApi  # set on the subclass made by serve()

    def _serve(self) -> None:
        started = time.perf_counter()
        length = self.headers.get("content-length")
        try:
            size = int(length) if length else 0
        except ValueError:
            size = -1
        if size < 0 or size > MAX_REQUEST_BYTES:
            response, route = json_response(413, {"message": "Request Entity Too Large"}), None
            self.close_connection = True
        else:
            body = self.rfile.read(size) if size else b""
            response, route = self.api.handle(self.command, self.path, list(self.headers.items()), body,
                                              self.client_address[0])
        self.send_response(response.status)
        for name, value in response.headers:
            if name not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        elapsed_ms = (time.perf_counter() - started) * 1000
        print(f'{self.client_address[0]} "{self.command} {self.path}" {response.status} {len(response.body)}B '
              f'{elapsed_ms:.1f}ms {route.folder if route else "-"}', file=sys.stderr, flush=True)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request comes from _serve


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the API's routes locally, backed by moto.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--content", type=Path, default=CONTENT_FILE, help="content file (default content/projects.json)")
    parser.add_argument("--no-training-workflow", action="store_true",
                        help="start without a training workflow (POST /api/training/jobs then answers 503)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port is {args.port}; expected 0..65535")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    # Never reach a real account, whatever the shell has configured.
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        os.environ.pop(name, None)
    from local_aws import REGION, deployed_version, provision

    os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION})
    from local_content import ContentError
    from local_gateway import RouteError
    from moto import mock_aws

    try:
        routes = discover_routes(ROUTES_DIR)
    except RouteError as exc:
        print(f"local API: {exc}", file=sys.stderr)
        return 2
    with mock_aws():
        try:
            stack = provision(args.content, version=deployed_version(ROUTES_DIR, LAYER_SRC),
                              with_workflow=not args.no_training_workflow)
        except ContentError as exc:
            print(f"local API: {exc}", file=sys.stderr)
            return 2
        os.environ.update(stack.environment)
        handlers = {route.folder: load_handler(route) for route in routes}
        handler_class = type("LocalApiRequestHandler", (RequestHandler,), {"api": LocalApi(routes, handlers)})
        try:
            server = ThreadingHTTPServer((args.host, args.port), handler_class)
        except OSError as exc:
            print(f"local API: cannot listen on {args.host}:{args.port}: {exc.strerror}; expected a free port "
                  f"(or --port 0)", file=sys.stderr)
            return 2
        server.daemon_threads = True
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
        host, port = server.server_address[:2]
        print(f"local API on http://{host}:{port} ({len(routes)} routes, {stack.project_count} projects, "
              f"ready in {time.perf_counter() - started:.1f}s; Ctrl-C stops it)", flush=True)
        for route in routes:
            print(f"  {route.method:6} {route.path:28} {route.auth:6} routes/{route.folder}", flush=True)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        print("local API stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
