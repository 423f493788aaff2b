"""IMDSv2: a token first, GETs with it, a refused token renewed, 404 means no notice, retries at start."""

import socket

import pytest

from trainkit.worker.imds import Imds, ImdsError


def test_the_instance_id_is_read_with_a_session_token(fake_imds):
    server = fake_imds("i-0123456789abcdef0")
    assert Imds(server.endpoint).instance_id() == "i-0123456789abcdef0"
    assert len(server.tokens) == 1 and server.refused == 0


def test_the_fake_refuses_a_get_without_a_token_as_imdsv2_does(fake_imds):
    import urllib.error
    import urllib.request

    server = fake_imds()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.endpoint + "/latest/meta-data/instance-id", timeout=2)
    assert refused.value.code == 401


def test_no_notice_is_none_and_a_notice_is_its_document(fake_imds):
    server = fake_imds()
    imds = Imds(server.endpoint)
    assert imds.spot_action() is None
    server.interrupt()
    notice = imds.spot_action()
    assert notice["action"] == "terminate" and notice["time"].endswith("Z")


def test_a_token_the_service_forgot_is_renewed_once(fake_imds):
    server = fake_imds("i-0123456789abcdef0")
    imds = Imds(server.endpoint)
    imds.instance_id()
    server.tokens.clear()  # e.g. the service restarted
    assert imds.instance_id() == "i-0123456789abcdef0"
    assert server.refused == 1 and len(server.tokens) == 1


def test_an_unreachable_service_is_tried_a_few_times_then_named(fake_imds):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    waits = []
    imds = Imds(f"http://127.0.0.1:{port}", attempts=3, backoff_seconds=0.1, sleep=waits.append)
    with pytest.raises(ImdsError) as caught:
        imds.instance_id()
    assert str(caught.value).startswith(f"reading the instance id from http://127.0.0.1:{port} failed 3 times")
    assert waits == [0.1, 0.2]
