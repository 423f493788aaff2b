"""The local gateway's pure parts: route discovery, matching, the payload 2.0 event, the response."""

import base64
import datetime as dt
import json

import pytest

from local_gateway import (
    HttpResponse, Match, RouteError, build_event, compile_path, discover_routes, is_sigv4_signed, is_text,
    match_route, query_parameters, read_route, to_http,
)
from routes_test_support import ROUTES, ROUTES_DIR

NOW = dt.datetime(2026, 12, 1, 16, 50, 57, 123000, tzinfo=dt.timezone.utc)
SIGNED = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/execute-api/aws4_request, "
          "SignedHeaders=host;x-amz-date, Signature=abc123")


def test_discovers_every_folder_with_a_route_json():
    assert sorted(ROUTES) == ["get-project", "get-training-job", "health", "list-projects", "start-training-job",
                              "submit-contact"]
    assert {r.route_key for r in ROUTES.values()} >= {"GET /api/projects/{slug}", "POST /api/training/jobs"}


def write_route(folder, definition, handler=True):
    folder.mkdir(parents=True)
    (folder / "route.json").write_text(json.dumps(definition) if isinstance(definition, dict) else definition)
    if handler:
        (folder / "handler.py").write_text("def handler(event, context):\n    return {}\n")


GOOD = {"method": "GET", "path": "/api/x", "auth": "public"}


@pytest.mark.parametrize("definition, handler, message", [
    ({**GOOD, "method": "get"}, True, "routes/r/route.json field 'method' is 'get'; expected one of GET, POST"),
    ({**GOOD, "path": "/x"}, True, "routes/r/route.json field 'path' is '/x'; expected a path starting with /api/"),
    ({**GOOD, "auth": "none"}, True, "routes/r/route.json field 'auth' is 'none'; expected one of public, iam"),
    ("{", True, "routes/r/route.json cannot be read as JSON"),
    ("[]", True, "routes/r/route.json is not a JSON object"),
    (GOOD, False, "routes/r has route.json but no handler.py; expected both"),
])
def test_a_bad_definition_names_the_folder_and_field(tmp_path, definition, handler, message):
    write_route(tmp_path / "r", definition, handler)
    with pytest.raises(RouteError) as info:
        read_route(tmp_path / "r")
    assert str(info.value).startswith(message)


def test_a_repeated_method_and_path_is_refused_and_folders_without_route_json_ignored(tmp_path):
    write_route(tmp_path / "a", GOOD)
    (tmp_path / "tests").mkdir()
    assert [r.folder for r in discover_routes(tmp_path)] == ["a"]
    write_route(tmp_path / "b", GOOD)
    with pytest.raises(RouteError, match="routes/b repeats 'GET /api/x' of routes/a"):
        discover_routes(tmp_path)


def test_matching_prefers_literal_routes_and_reports_other_methods():
    routes = discover_routes(ROUTES_DIR)
    found = match_route(routes, "GET", "/api/projects/my-app")
    assert found.route.folder == "get-project" and found.path_parameters == {"slug": "my-app"}
    assert match_route(routes, "GET", "/api/projects").route.folder == "list-projects"
    assert match_route(routes, "GET", "/api/projects/a%20b").path_parameters == {"slug": "a b"}
    assert match_route(routes, "DELETE", "/api/projects") == Match(None, {}, ("GET",))
    assert match_route(routes, "GET", "/api/training/jobs").allowed_methods == ("POST",)
    assert match_route(routes, "GET", "/api/nothing") == Match(None, {}, ())
    assert match_route(routes, "GET", "/api/projects/a/b").route is None  # a parameter is one segment
    assert match_route(routes, "GET", "/api/projects/").route is None


def test_greedy_parameters():
    pattern, names = compile_path("/api/files/{path+}")
    assert names == ("path",) and pattern.fullmatch("/api/files/a/b.txt").group("path") == "a/b.txt"


def test_builds_a_payload_2_event():
    route = ROUTES["get-project"]
    event = build_event(route, Match(route, {"slug": "my-app"}), method="GET", raw_path="/api/projects/my-app",
                        raw_query="a=1&a=2&b=&c=%20x", header_pairs=[
                            ("Host", "localhost:8787"), ("User-Agent", "curl/8"), ("X-Many", "1"), ("x-many", "2"),
                            ("Cookie", "theme=dark; session=abc")],
                        body=b"", source_ip="127.0.0.1", now=NOW, request_id="rid-1")
    assert event == {
        "version": "2.0",
        "routeKey": "GET /api/projects/{slug}",
        "rawPath": "/api/projects/my-app",
        "rawQueryString": "a=1&a=2&b=&c=%20x",
        "cookies": ["theme=dark", "session=abc"],
        "headers": {"host": "localhost:8787", "user-agent": "curl/8", "x-many": "1,2"},
        "queryStringParameters": {"a": "1,2", "b": "", "c": " x"},
        "pathParameters": {"slug": "my-app"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "local", "domainName": "localhost:8787",
            "domainPrefix": "localhost:8787",
            "http": {"method": "GET", "path": "/api/projects/my-app", "protocol": "HTTP/1.1",
                     "sourceIp": "127.0.0.1", "userAgent": "curl/8"},
            "requestId": "rid-1", "routeKey": "GET /api/projects/{slug}", "stage": "$default",
            "time": "01/Dec/2026:16:50:57 +0000", "timeEpoch": 1796143857123,
        },
        "isBase64Encoded": False,
    }


def test_text_bodies_stay_text_and_others_are_base64():
    route = ROUTES["submit-contact"]
    common = dict(method="POST", raw_path="/api/contact", raw_query="", source_ip="127.0.0.1", now=NOW)
    text = build_event(route, Match(route, {}), header_pairs=[("Content-Type", "application/json")],
                       body='{"a":"é"}'.encode(), **common)
    assert text["body"] == '{"a":"é"}' and text["isBase64Encoded"] is False
    assert "queryStringParameters" not in text and "pathParameters" not in text and "cookies" not in text
    binary = build_event(route, Match(route, {}), header_pairs=[("Content-Type", "image/png")], body=b"\x89PNG",
                         **common)
    assert binary["isBase64Encoded"] is True and base64.b64decode(binary["body"]) == b"\x89PNG"
    untyped = build_event(route, Match(route, {}), header_pairs=[], body=b"{}", **common)
    assert untyped["isBase64Encoded"] is True


@pytest.mark.parametrize("content_type, text", [
    ("application/json", True), ("text/html; charset=utf-8", True), ("application/problem+json", True),
    ("application/x-www-form-urlencoded", True), ("image/png", False), ("application/octet-stream", False),
    (None, False), ("", False),
])
def test_is_text(content_type, text):
    assert is_text(content_type) is text


def test_iam_routes_carry_the_caller_in_the_authorizer():
    route = ROUTES["get-training-job"]
    event = build_event(route, Match(route, {"id": "j"}), method="GET", raw_path="/api/training/jobs/j",
                        raw_query="", header_pairs=[("Authorization", SIGNED)], body=b"", source_ip="::1", now=NOW)
    assert event["requestContext"]["authorizer"] == {"iam": {"accessKey": "AKIDEXAMPLE", "accountId": "123456789012"}}


@pytest.mark.parametrize("value, signed", [
    (SIGNED, True), ("", False), ("Bearer abc", False), ("AWS4-HMAC-SHA256 Credential=x", False),
    ("Basic YTpi", False),
])
def test_sigv4_shape(value, signed):
    assert is_sigv4_signed({"authorization": value} if value else {}) is signed


def test_query_parameters_absent_without_a_query():
    assert query_parameters("") is None
    assert query_parameters("flag") == {"flag": ""}


def test_maps_the_handlers_response_back():
    response = to_http({"statusCode": 202, "headers": {"Content-Type": "application/json", "Retry-After": "5"},
                        "cookies": ["a=1; Secure", "b=2"], "body": '{"ok":true}', "isBase64Encoded": False})
    assert response == HttpResponse(202, [("content-type", "application/json"), ("retry-after", "5"),
                                          ("set-cookie", "a=1; Secure"), ("set-cookie", "b=2")], b'{"ok":true}')
    assert to_http({"statusCode": 200, "body": base64.b64encode(b"\x00\x01").decode(),
                    "isBase64Encoded": True}).body == b"\x00\x01"
    assert to_http({"statusCode": 204}).body == b""


def test_a_response_without_status_code_is_200_json_as_api_gateway_does():
    response = to_http({"hello": "world"})
    assert (response.status, json.loads(response.body)) == (200, {"hello": "world"})


@pytest.mark.parametrize("result", [{"statusCode": "200"}, {"statusCode": 99},
                                    {"statusCode": 200, "body": "***", "isBase64Encoded": True}])
def test_a_malformed_response_is_api_gateways_500(result):
    response = to_http(result)
    assert (response.status, json.loads(response.body)) == (500, {"message": "Internal Server Error"})
