import json
import logging

from pydantic import BaseModel, ConfigDict

from layer_test_support import FakeContext, http_event
from portfolio_shared import ApiError, api_handler, invalid, ok


def body(response):
    return json.loads(response["body"])


def test_passes_through_a_good_response():
    handler = api_handler(lambda event, context: ok({"hi": 1}))
    assert body(handler(http_event(), FakeContext())) == {"hi": 1}


def test_api_error_becomes_its_status_with_the_api_gateway_request_id():
    @api_handler
    def handler(event, context):
        raise invalid("slug", "path parameter 'slug' is 'A'; expected lower-case")

    response = handler(http_event(request_id="gw-1"), FakeContext())
    assert response["statusCode"] == 400
    assert body(response)["error"] == {
        "code": "validation_failed",
        "message": "path parameter 'slug' is 'A'; expected lower-case",
        "details": [{"field": "slug", "message": "path parameter 'slug' is 'A'; expected lower-case"}],
        "requestId": "gw-1",
    }


def test_api_error_headers_are_returned():
    @api_handler
    def handler(event, context):
        raise ApiError(429, "throttled", "slow down", headers={"Retry-After": "5"})

    response = handler(http_event(), FakeContext())
    assert response["statusCode"] == 429
    assert response["headers"]["retry-after"] == "5"


def test_unexpected_exception_is_a_500_that_hides_internals_but_logs_the_traceback(caplog):
    @api_handler
    def handler(event, context):
        raise KeyError("secret-table-name-prod")

    with caplog.at_level(logging.ERROR, logger="portfolio_shared"):
        response = handler(http_event(request_id="gw-9"), FakeContext())
    assert response["statusCode"] == 500
    assert body(response) == {"error": {
        "code": "internal_error",
        "message": "An unexpected error occurred. Quote the request id if you report it.",
        "requestId": "gw-9",
    }}
    assert "secret-table-name-prod" not in response["body"]
    assert "Traceback" not in response["body"]
    # ...while the log has the traceback and the request id to find it.
    record = next(r for r in caplog.records if "gw-9" in r.getMessage())
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_missing_table_env_is_a_500_with_a_clear_log(monkeypatch, caplog):
    from portfolio_shared.data import ProjectsRepository

    monkeypatch.delenv("PROJECTS_TABLE", raising=False)
    handler = api_handler(lambda event, context: ok(ProjectsRepository()))
    with caplog.at_level(logging.ERROR, logger="portfolio_shared"):
        response = handler(http_event(), FakeContext())
    assert response["statusCode"] == 500
    assert "PROJECTS_TABLE" not in response["body"]
    assert "environment variable PROJECTS_TABLE is not set or empty" in caplog.text


def test_escaped_pydantic_error_is_a_400_not_a_500():
    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        n: int

    @api_handler
    def handler(event, context):
        Strict.model_validate({"n": "7"})

    response = handler(http_event(), FakeContext())
    assert response["statusCode"] == 400
    assert body(response)["error"]["message"] == "field 'n' must be a whole number, got '7'"


def test_handler_returning_garbage_is_a_500():
    handler = api_handler(lambda event, context: "not a response")
    assert handler(http_event(), FakeContext())["statusCode"] == 500


def test_falls_back_to_the_lambda_request_id():
    @api_handler
    def handler(event, context):
        raise RuntimeError("boom")

    assert body(handler({}, FakeContext()))["error"]["requestId"] == "lambda-req-1"


def test_another_method_is_a_405_naming_the_allowed_one():
    called = []

    @api_handler(method="GET")
    def handler(event, context):
        called.append(event)
        return ok({})

    response = handler(http_event("DELETE"), FakeContext())
    assert response["statusCode"] == 405
    assert response["headers"]["allow"] == "GET"
    assert body(response)["error"]["message"] == "method DELETE is not allowed here; expected GET"
    assert called == []
    assert handler(http_event("GET"), FakeContext())["statusCode"] == 200


def test_an_event_without_a_method_is_left_to_the_handler():
    handler = api_handler(method="POST")(lambda event, context: ok({"ran": True}))
    assert body(handler({"requestContext": None}, FakeContext())) == {"ran": True}
