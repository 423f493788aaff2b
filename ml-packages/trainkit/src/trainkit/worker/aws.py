"""Data access of the worker: the jobs queue, task reports to Step Functions, scale-in protection.

The records (jobs and instances tables) are written through training_control's classes, the same
writes the control plane's handlers make. Every call here that can find its target already gone
(a message the interruption handler deleted, a task the workflow closed) says so in its return
value instead of raising: the worker's logic decides what that means.
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

logger = logging.getLogger(__name__)

# A message already deleted, or received again by someone else since (https://docs.aws.amazon.com/
# AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
MESSAGE_GONE_CODES = ("ReceiptHandleIsInvalid", "InvalidParameterValue", "MessageNotInflight",
                      "AWS.SimpleQueueService.MessageNotInflight")
# A task that reported already, or timed out: the workflow has moved on.
TASK_CLOSED_CODES = ("TaskTimedOut", "InvalidToken", "TaskDoesNotExist")


def error_code(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Code", "")


@dataclass(frozen=True)
class Received:
    message_id: str
    receipt_handle: str
    body: str
    receive_count: int

    @property
    def attempt(self) -> str:
        """The key of this delivery: failures are counted once per attempt."""
        return f"{self.message_id}#{self.receive_count}"


class JobsQueue:
    def __init__(self, sqs: Any, url: str) -> None:
        self.sqs = sqs
        self.url = url

    def receive(self, wait_seconds: int) -> Received | None:
        messages = self.sqs.receive_message(
            QueueUrl=self.url, MaxNumberOfMessages=1, WaitTimeSeconds=wait_seconds,
            MessageSystemAttributeNames=["ApproximateReceiveCount"]).get("Messages", [])
        if not messages:
            return None
        m = messages[0]
        return Received(m["MessageId"], m["ReceiptHandle"], m["Body"],
                        int(m.get("Attributes", {}).get("ApproximateReceiveCount", "1")))

    def _on_message(self, what: str, call) -> bool:
        """True if SQS took the call, False if the message is gone (deleted or received again)."""
        try:
            call()
            return True
        except ClientError as exc:
            if error_code(exc) in MESSAGE_GONE_CODES:
                logger.info("%s: the message is gone (%s)", what, error_code(exc))
                return False
            raise

    def hide(self, receipt_handle: str, seconds: int) -> bool:
        return self._on_message(f"hiding the message for {seconds} s", lambda: self.sqs.change_message_visibility(
            QueueUrl=self.url, ReceiptHandle=receipt_handle, VisibilityTimeout=seconds))

    def make_visible(self, receipt_handle: str) -> bool:
        return self.hide(receipt_handle, 0)

    def delete(self, receipt_handle: str) -> bool:
        return self._on_message("deleting the message", lambda: self.sqs.delete_message(
            QueueUrl=self.url, ReceiptHandle=receipt_handle))


class Report(enum.Enum):
    SENT = "sent"
    CLOSED = "closed"  # the task had reported or timed out already


class TaskReports:
    """SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat on a job's task token."""

    def __init__(self, sfn: Any) -> None:
        self.sfn = sfn

    def _send(self, what: str, call) -> Report:
        try:
            call()
            return Report.SENT
        except ClientError as exc:
            if error_code(exc) in TASK_CLOSED_CODES:
                logger.warning("%s: the task is closed (%s); the jobs table keeps the job's outcome",
                               what, error_code(exc))
                return Report.CLOSED
            raise

    def success(self, token: str, output: dict) -> Report:
        return self._send("reporting success", lambda: self.sfn.send_task_success(
            taskToken=token, output=json.dumps(output, sort_keys=True)))

    def failure(self, token: str, error: str, cause: str) -> Report:
        # Step Functions limits: error 256 characters, cause 32768.
        return self._send("reporting failure", lambda: self.sfn.send_task_failure(
            taskToken=token, error=error[:256], cause=cause[:32_768]))

    def heartbeat(self, token: str) -> Report:
        return self._send("task heartbeat", lambda: self.sfn.send_task_heartbeat(taskToken=token))


class ScaleInProtection:
    """Auto Scaling must not pick an instance that is training as the one to remove on scale-in.
    A failure is logged, not raised: the job is still safe (a terminated instance's message
    comes back), it only risks losing the work since its last checkpoint."""

    def __init__(self, autoscaling: Any, group_name: str, instance_id: str) -> None:
        self.autoscaling = autoscaling
        self.group_name = group_name
        self.instance_id = instance_id

    def set(self, protected: bool) -> bool:
        try:
            self.autoscaling.set_instance_protection(InstanceIds=[self.instance_id],
                                                     AutoScalingGroupName=self.group_name,
                                                     ProtectedFromScaleIn=protected)
            return True
        except Exception as exc:  # any failure: logged, never fatal
            logger.warning("could not %s scale-in protection of %s in %s: %s", "set" if protected else "remove",
                           self.instance_id, self.group_name, exc)
            return False
