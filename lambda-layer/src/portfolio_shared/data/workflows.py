"""Starting the training workflow (a Step Functions state machine)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ..config import stepfunctions_client


class TrainingWorkflow:
    def __init__(self, state_machine_arn: str, client: Any = None) -> None:
        self.state_machine_arn = state_machine_arn
        self._client = client if client is not None else stepfunctions_client()

    def start(self, name: str, execution_input: str) -> bool:
        """Start the execution `name`; False if an execution of that name already exists.

        Step Functions answers a repeated start with the same name and input, while the first
        execution runs, with that execution; after it ended, or with another input, it refuses
        with ExecutionAlreadyExists. Either way the job has its execution, so both are success.
        """
        try:
            self._client.start_execution(stateMachineArn=self.state_machine_arn, name=name, input=execution_input)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ExecutionAlreadyExists":
                return False
            raise
        return True
