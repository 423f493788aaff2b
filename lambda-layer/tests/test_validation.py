import base64
import json

import pytest

from layer_test_support import http_event
from portfolio_shared.errors import InvalidFields, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from portfolio_shared.models import ContactMessageInput
from portfolio_shared.validation import (
    idempotency_key, int_param, parse_json_body, path_job_id, path_slug, query_params, source_ip, tag_param,
    validate_model,
)

GOOD = {"name": "Ada Lovelace", "email": "ada@Example.COM", "message": "Hello there"}


def post(body, headers=None, **kw):
    headers = {"content-type": "application/json"} if headers is None else headers
    return http_event("POST", "/contact", body=body, headers=headers, **kw)


# --- body --------------------------------------------------------------------------------------

def test_parses_a_json_object():
    assert parse_json_body(post(json.dumps(GOOD))) == GOOD


def test_parses_base64_bodies_and_charset_content_types():
    event = post(base64.b64encode(json.dumps(GOOD).encode()).decode(),
                 headers={"Content-Type": "application/json; charset=utf-8"}, base64=True)
    assert parse_json_body(event) == GOOD


def test_missing_content_type_is_415():
    with pytest.raises(UnsupportedMediaType) as info:
        parse_json_body(post("{}", headers={}))
    assert info.value.status == 415
    assert info.value.message == "header 'content-type' is missing; expected application/json"


@pytest.mark.parametrize("body, message", [
    (None, "request body is missing; expected a JSON object"),
    ("", "request body is missing; expected a JSON object"),
    ("{", "request body is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    ("[1, 2]", "request body is a JSON array; expected a JSON object"),
    ('"text"', "request body is a JSON string; expected a JSON object"),
    ('{"n": NaN}', "request body is not valid JSON: NaN is not valid JSON"),
    ("[" * 5000 + "]" * 5000, "request body nests too deeply; expected a flat JSON object"),
])
def test_bad_bodies_are_400_with_exact_messages(body, message):
    with pytest.raises(ValidationFailed) as info:
        parse_json_body(post(body))
    assert info.value.status == 400
    assert info.value.message == message
    assert info.value.details == [{"field": "body", "message": message}]


def test_invalid_base64_is_400():
    with pytest.raises(ValidationFailed, match="marked base64-encoded but is not valid base64"):
        parse_json_body(post("***", base64=True))


def test_a_lone_surrogate_escape_is_400():
    with pytest.raises(ValidationFailed, match="lone UTF-16 surrogate") as info:
        parse_json_body(post('{"input": {"name": "\\ud800"}}'))
    assert info.value.status == 400


def test_a_surrogate_pair_escape_is_text():
    assert parse_json_body(post('{"name": "\\ud83d\\ude00"}')) == {"name": "\U0001F600"}


def test_invalid_utf8_is_400():
    with pytest.raises(ValidationFailed, match="not valid UTF-8"):
        parse_json_body(post(base64.b64encode(b'{"a": "\xff"}').decode(), base64=True))


def test_body_over_the_limit_is_413_naming_both_sizes():
    with pytest.raises(PayloadTooLarge) as info:
        parse_json_body(post(json.dumps({"a": "x" * 100})), max_bytes=50)
    assert info.value.status == 413
    assert info.value.message == "request body is 109 bytes; expected at most 50 bytes"


def test_base64_body_over_the_limit_is_413_before_decoding():
    with pytest.raises(PayloadTooLarge, match="expected at most 50 bytes"):
        parse_json_body(post(base64.b64encode(b"x" * 200).decode(), base64=True), max_bytes=50)


def test_limit_counts_utf8_bytes_not_characters():
    body = json.dumps({"a": "é" * 20}, ensure_ascii=False)  # 29 characters, 49 bytes
    with pytest.raises(PayloadTooLarge, match="is 49 bytes"):
        parse_json_body(post(body), max_bytes=40)


def test_wrong_content_type_is_415():
    with pytest.raises(UnsupportedMediaType) as info:
        parse_json_body(post("a=b", headers={"content-type": "application/x-www-form-urlencoded"}))
    assert info.value.status == 415
    assert info.value.message == "header 'content-type' is 'application/x-www-form-urlencoded'; expected application/json"


# --- models ------------------------------------------------------------------------------------

def messages(data):
    with pytest.raises(InvalidFields) as info:
        validate_model(ContactMessageInput, data)
    assert info.value.status == 422
    assert info.value.code == "invalid_fields"
    return [p["message"] for p in info.value.details]


def test_good_contact_message_is_trimmed_and_domain_lowercased():
    msg = validate_model(ContactMessageInput, {**GOOD, "name": "  Ada Lovelace  ", "website": ""})
    assert msg.name == "Ada Lovelace"
    assert msg.email == "ada@example.com"
    assert msg.website == ""


def test_every_missing_field_is_named():
    assert messages({}) == [
        "field 'name' is required", "field 'email' is required", "field 'message' is required",
    ]


def test_unknown_fields_are_rejected_listing_the_allowed_ones():
    assert messages({**GOOD, "admin": True}) == [
        "field 'admin' is not allowed; expected only: name, email, message, website",
    ]


def test_wrong_types_are_not_coerced():
    assert messages({**GOOD, "name": 42, "message": ["a"]}) == [
        "field 'name' must be a string, got number 42",
        "field 'message' must be a string, got array a JSON array",
    ]


def test_lengths_name_the_limit_and_what_was_received():
    assert messages({**GOOD, "name": "   ", "message": "x" * 5001}) == [
        "field 'name' must be at least 1 characters (after trimming spaces), got '   '",
        "field 'message' must be at most 5000 characters, got 5001 characters",
    ]


@pytest.mark.parametrize("email", [
    "plainaddress", "bob@", "@example.com", "bob@example", "bob @example.com", "bob@exa mple.com",
    "bob@@example.com", "bob..x@example.com", ".bob@example.com", "bob@-example.com", "bob@example.c0m",
])
def test_bad_emails(email):
    assert messages({**GOOD, "email": email}) == [
        f"field 'email' must be an email address like name@example.com, got {email!r}",
    ]


@pytest.mark.parametrize("email", ["a.b+tag@sub.example.co.uk", "x@example.io", "o'neil@example.com"])
def test_good_emails(email):
    assert validate_model(ContactMessageInput, {**GOOD, "email": email}).email == email


def test_problem_details_carry_field_and_a_shortened_value():
    with pytest.raises(InvalidFields) as info:
        validate_model(ContactMessageInput, {**GOOD, "email": "y" * 300})
    (problem,) = info.value.details
    assert problem["field"] == "email"
    assert problem["value"] == "y" * 40 + "..."


def test_more_than_three_problems_are_summarised():
    with pytest.raises(InvalidFields) as info:
        validate_model(ContactMessageInput, {"a": 1, "b": 2})
    assert len(info.value.details) == 5
    assert info.value.message.endswith("(and 2 more)")


# --- params and headers ------------------------------------------------------------------------

def test_slug_path_parameter():
    assert path_slug(http_event(path_params={"slug": "my-project-2"})) == "my-project-2"
    for bad in ["My-Project", "a--b", "-a", "a/b", "x" * 101, "abc\n", "a\u0661"]:
        with pytest.raises(ValidationFailed, match="expected lower-case letters, digits and single hyphens"):
            path_slug(http_event(path_params={"slug": bad}))
    with pytest.raises(ValidationFailed, match="path parameter 'slug' is missing"):
        path_slug(http_event())


def test_query_params_reject_unknown_names():
    assert query_params(http_event(query={"limit": "5"}), ["limit", "cursor"]) == {"limit": "5"}
    with pytest.raises(ValidationFailed) as info:
        query_params(http_event(query={"lmit": "5"}), ["limit", "cursor"])
    assert info.value.message == "query parameter 'lmit' is not allowed; expected only: limit, cursor"


def test_int_param():
    assert int_param({}, "limit", default=20, minimum=1, maximum=50) == 20
    assert int_param({"limit": "50"}, "limit", default=20, minimum=1, maximum=50) == 50
    for bad in ["0", "51", "-1", "1.5", "ten", "9" * 20]:
        with pytest.raises(ValidationFailed) as info:
            int_param({"limit": bad}, "limit", default=20, minimum=1, maximum=50)
        assert info.value.message.startswith("query parameter 'limit' is ")
        assert info.value.message.endswith("; expected a whole number from 1 to 50")


def test_tag_param():
    assert tag_param({}) is None and tag_param({"tag": ""}) is None
    assert tag_param({"tag": "machine-learning"}) == "machine-learning"
    for bad in ["AWS", "a,b", "x" * 51, "aws\n", "' OR 1=1 --", "ml "]:
        with pytest.raises(ValidationFailed) as info:
            tag_param({"tag": bad})
        assert info.value.status == 400
        assert info.value.message.endswith("; expected one tag of lower-case letters, digits and single hyphens, "
                                           "at most 50 characters (like machine-learning)")


def test_job_id_path_parameter():
    assert path_job_id(http_event(path_params={"id": "Run_2026-01"})) == "Run_2026-01"
    for bad in ["a b", "x" * 65, "a/b", "job\n", "é"]:
        with pytest.raises(ValidationFailed, match="expected a job id of 1 to 64 letters, digits, '_' or '-'"):
            path_job_id(http_event(path_params={"id": bad}))
    with pytest.raises(ValidationFailed, match="path parameter 'id' is missing"):
        path_job_id(http_event())


def test_source_ip():
    assert source_ip(http_event(source_ip="2001:db8::1")) == "2001:db8::1"
    assert source_ip({"requestContext": {"http": {}}}) is None
    assert source_ip({"requestContext": None}) is None


def test_idempotency_key_header():
    assert idempotency_key(http_event(headers={"Idempotency-Key": "abcd-1234"})) == "abcd-1234"
    assert idempotency_key(http_event()) is None
    with pytest.raises(ValidationFailed, match="header 'idempotency-key' is 'short'; expected 8 to 128"):
        idempotency_key(http_event(headers={"idempotency-key": "short"}))

