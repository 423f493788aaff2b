"""The jobs queue and the ops topic, as the handlers use them."""

from __future__ import annotations

import json
import logging
from typing import Any

from botocore.exceptions import ClientError

from .records import JobMessage

logger = logging.getLogger("training_control")


class JobQueue:
    def __init__(self, sqs: Any, url: str) -> None:
        self.sqs = sqs
        self.url = url

    def send(self, message: JobMessage) -> str:
        return self.sqs.send_message(QueueUrl=self.url, MessageBody=message.to_body())["MessageId"]

    def delete(self, receipt_handle: str) -> bool:
        """Deletes a received message. A refused receipt handle (the message is already gone or was
        received again by someone else) is logged, not raised: the job's new message is already sent,
        and the old one, if it comes back, is superseded."""
        try:
            self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=receipt_handle)
            return True
        except ClientError as exc:
            logger.warning("could not delete the interrupted message: %s", exc.response.get("Error", {}).get("Code"))
            return False


class OpsTopic:
    def __init__(self, sns: Any, arn: str, stack: str) -> None:
        self.sns = sns
        self.arn = arn
        self.stack = stack

    def notify(self, subject: str, details: dict) -> None:
        # SNS subjects: at most 100 characters.
        subject = f"[{self.stack}] {subject}"
        self.sns.publish(TopicArn=self.arn, Subject=subject[:100],
                         Message=json.dumps({"stack": self.stack, **details}, sort_keys=True, default=str))
