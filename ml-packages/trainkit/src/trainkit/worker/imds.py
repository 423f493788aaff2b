"""The instance metadata service, IMDSv2 only: a session token first (PUT), then GETs carrying it.

The fleet's launch template requires tokens (IMDSv1 is off), so a GET without one is refused
(401). https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
Spot notices: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from typing import Callable

logger = logging.getLogger(__name__)

TOKEN_PATH = "/latest/api/token"
INSTANCE_ID_PATH = "/latest/meta-data/instance-id"
INSTANCE_ACTION_PATH = "/latest/meta-data/spot/instance-action"
TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds"
TOKEN_HEADER = "X-aws-ec2-metadata-token"
TOKEN_TTL_SECONDS = 21_600
# Renewed well before it expires: a notice must never wait for a refused request.
TOKEN_RENEW_AFTER_SECONDS = TOKEN_TTL_SECONDS - 600


class ImdsError(RuntimeError):
    pass


class Imds:
    def __init__(self, endpoint: str, *, timeout_seconds: float = 2.0, attempts: int = 5,
                 backoff_seconds: float = 0.5, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.clock = clock
        self.sleep = sleep
        self._token: str | None = None
        self._token_at = 0.0
        self._lock = threading.Lock()

    def _open(self, method: str, path: str, headers: dict[str, str]) -> bytes:
        request = urllib.request.Request(self.endpoint + path, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
            return response.read()

    def _session_token(self, renew: bool = False) -> str:
        with self._lock:
            if renew or self._token is None or self.clock() - self._token_at > TOKEN_RENEW_AFTER_SECONDS:
                self._token = self._open("PUT", TOKEN_PATH, {TOKEN_TTL_HEADER: str(TOKEN_TTL_SECONDS)}).decode()
                self._token_at = self.clock()
            return self._token

    def get(self, path: str) -> bytes | None:
        """The body of a metadata path, None for 404 (not there). A refused token is renewed once."""
        for renew in (False, True):
            try:
                return self._open("GET", path, {TOKEN_HEADER: self._session_token(renew)})
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return None
                if exc.code == 401 and not renew:
                    continue
                raise ImdsError(f"GET {path} answered HTTP {exc.code}") from None
        raise AssertionError("unreachable")

    def _with_retries(self, what: str, call: Callable[[], bytes | None]) -> bytes | None:
        """IMDS can be briefly unavailable right after boot: a few tries with backoff."""
        for attempt in range(1, self.attempts + 1):
            try:
                return call()
            except (OSError, ImdsError) as exc:
                if attempt == self.attempts:
                    raise ImdsError(f"{what} from {self.endpoint} failed {attempt} times; last error: {exc}") from None
                logger.warning("%s failed (%s); trying again", what, exc)
                self.sleep(self.backoff_seconds * attempt)
        raise AssertionError("unreachable")

    def instance_id(self) -> str:
        body = self._with_retries("reading the instance id", lambda: self.get(INSTANCE_ID_PATH))
        if not body:
            raise ImdsError(f"{self.endpoint}{INSTANCE_ID_PATH} has no instance id")
        return body.decode().strip()

    def spot_action(self) -> dict | None:
        """The pending spot interruption ({"action": "terminate", "time": ...}), None when there is none."""
        body = self.get(INSTANCE_ACTION_PATH)
        if body is None:
            return None
        try:
            notice = json.loads(body)
        except ValueError:
            notice = None
        # Anything at that path is a notice, even if it cannot be read: better to checkpoint for nothing.
        return notice if isinstance(notice, dict) else {"action": "unknown", "raw": body.decode(errors="replace")}
