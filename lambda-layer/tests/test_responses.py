import json
from decimal import Decimal

import pytest

from portfolio_shared.responses import error, ok


def test_ok_is_an_http_api_v2_json_response():
    response = ok({"a": 1, "n": Decimal("2"), "f": Decimal("1.5"), "tags": {"b", "a"}})
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is False
    assert response["headers"]["content-type"] == "application/json; charset=utf-8"
    assert response["headers"]["cache-control"] == "no-store"
    assert response["headers"]["x-content-type-options"] == "nosniff"
    assert json.loads(response["body"]) == {"a": 1, "n": 2, "f": 1.5, "tags": ["a", "b"]}


def test_ok_keeps_unicode_and_takes_cache_control_and_extra_headers():
    response = ok({"name": "Zoë"}, status=201, cache_control="public, max-age=60", headers={"X-Extra": "1"})
    assert response["statusCode"] == 201
    assert response["headers"]["cache-control"] == "public, max-age=60"
    assert response["headers"]["x-extra"] == "1"
    assert "Zoë" in response["body"]


def test_ok_204_has_empty_body():
    assert ok(None, status=204)["body"] == ""


@pytest.mark.parametrize("status", [199, 300, 404, 500])
def test_ok_refuses_non_success_status(status):
    with pytest.raises(ValueError, match=f"ok\\(\\) status is {status}; expected 200..299"):
        ok({}, status=status)


def test_error_shape_is_never_cached():
    response = error(404, "not_found", "project 'x' does not exist", details={"slug": "x"}, request_id="r-1")
    assert response["statusCode"] == 404
    assert response["headers"]["cache-control"] == "no-store"
    assert json.loads(response["body"]) == {
        "error": {"code": "not_found", "message": "project 'x' does not exist", "details": {"slug": "x"}, "requestId": "r-1"}
    }


def test_error_omits_absent_details_and_request_id():
    assert json.loads(error(400, "bad", "m")["body"]) == {"error": {"code": "bad", "message": "m"}}


@pytest.mark.parametrize("status", [200, 302, 600])
def test_error_refuses_non_error_status(status):
    with pytest.raises(ValueError, match="expected 400..599"):
        error(status, "x", "y")


def test_unserializable_body_is_a_programming_error():
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        ok({"x": object()})
