"""The local API: in process (routing, the iam check, errors) and end to end as a process on a free port."""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from local_api import LocalApi, load_handler
from local_gateway import discover_routes
from routes_test_support import ROUTES_DIR

SIGNED = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/execute-api/aws4_request, "
          "SignedHeaders=host;x-amz-date, Signature=abc123")


@pytest.fixture
def api(stack):
    routes = discover_routes(ROUTES_DIR)
    return LocalApi(routes, {r.folder: load_handler(r) for r in routes})


def handle(api, method, target, headers=(), body=b""):
    response, route = api.handle(method, target, list(headers), body, "127.0.0.1")
    return response.status, dict(response.headers), json.loads(response.body) if response.body else None


def test_serves_a_public_route(api):
    status, headers, body = handle(api, "GET", "/api/projects?limit=1&tag=aws")
    assert status == 200 and len(body["items"]) == 1 and body["nextCursor"]
    assert headers["content-type"] == "application/json; charset=utf-8"


def test_iam_routes_refuse_unsigned_requests_as_api_gateway_does(api):
    assert handle(api, "GET", "/api/training/jobs/j1") == (403, {"content-type": "application/json"},
                                                           {"message": "Forbidden"})
    assert handle(api, "POST", "/api/training/jobs", [("Authorization", "Bearer x")], b"{}")[0] == 403
    status, _, body = handle(api, "GET", "/api/training/jobs/j1", [("Authorization", SIGNED)])
    assert status == 404 and body["error"]["code"] == "not_found"


def test_unknown_paths_are_404_and_other_methods_405_as_json(api):
    status, _, body = handle(api, "GET", "/api/nope")
    assert (status, body) == (404, {"error": {"code": "not_found", "message": "no route for GET /api/nope"}})
    status, headers, body = handle(api, "PUT", "/api/projects/x")
    assert status == 405 and headers["allow"] == "GET"
    assert body["error"]["message"] == "method PUT is not allowed on /api/projects/x; expected GET"


def test_an_exception_escaping_a_handler_is_api_gateways_500(api):
    def broken(event, context):
        raise RuntimeError("boom")

    api.handlers["health"] = broken
    assert handle(api, "GET", "/api/health")[::2] == (500, {"message": "Internal Server Error"})


# --- end to end --------------------------------------------------------------------------------

def request(base, method, path, *, body=None, headers=None):
    req = urllib.request.Request(base + path, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_server_starts_serves_and_stops_on_ctrl_c():
    started = time.monotonic()
    server = subprocess.Popen([sys.executable, str(ROUTES_DIR / "local_api.py"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        found = re.match(r"local API on (http://127\.0\.0\.1:(\d+)) \(6 routes, 7 projects, ready in", first)
        assert found, first + server.stderr.read() if server.poll() is not None else first
        startup = time.monotonic() - started
        base = found.group(1)
        assert startup < 20, f"started in {startup:.1f}s"

        status, _, body = request(base, "GET", "/api/health")
        assert status == 200 and json.loads(body)["stack"] == "local"
        status, _, body = request(base, "GET", "/api/projects?limit=2")
        assert status == 200 and len(json.loads(body)["items"]) == 2
        status, _, body = request(base, "GET", "/api/training/jobs/j1")
        assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
        status, _, body = request(base, "POST", "/api/training/jobs", body=b'{"jobId": "j1", "input": {}}',
                                  headers={"Authorization": SIGNED, "Content-Type": "application/json"})
        assert (status, json.loads(body)) == (202, {"jobId": "j1", "status": "queued"})
        status, _, body = request(base, "POST", "/api/contact", body=b'{"name": "A", "email": "a@example.com", '
                                  b'"message": "hi", "website": ""}', headers={"Content-Type": "application/json"})
        assert (status, json.loads(body)) == (202, {"status": "received"})
        status, headers, _ = request(base, "DELETE", "/api/contact")
        assert status == 405 and headers["allow"] == "POST"
        status, _, body = request(base, "GET", "/nowhere")
        assert status == 404 and json.loads(body)["error"]["code"] == "not_found"

        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    assert out.rstrip().endswith("local API stopped")
    assert "Traceback" not in err
    log_lines = [line for line in err.splitlines() if line.startswith('127.0.0.1 "')]
    assert len(log_lines) == 7
    assert re.fullmatch(r'127\.0\.0\.1 "GET /api/training/jobs/j1" 403 24B [0-9.]+ms get-training-job', log_lines[2])


def test_a_taken_port_is_a_clear_error():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROUTES_DIR / "local_api.py"), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "expected a free port (or --port 0)" in result.stderr


def test_a_broken_content_file_stops_it_naming_the_entry(tmp_path):
    bad = tmp_path / "projects.json"
    bad.write_text('{"projects": [{"slug": "x"}]}')
    result = subprocess.run([sys.executable, str(ROUTES_DIR / "local_api.py"), "--port", "0", "--content", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "projects[0] ('x') field 'title' is missing" in result.stderr
