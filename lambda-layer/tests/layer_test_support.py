"""Helpers shared by the layer's tests (importable: the tests folder is on pythonpath)."""

REGION = "eu-west-1"


def http_event(method="GET", path="/", *, body=None, headers=None, path_params=None, query=None,
               base64=False, request_id="req-123", source_ip="198.51.100.7"):
    """A minimal API Gateway HTTP API (payload 2.0) event."""
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers or {},
        "queryStringParameters": query,
        "pathParameters": path_params,
        "requestContext": {"requestId": request_id,
                           "http": {"method": method, "path": path, "sourceIp": source_ip}},
        "body": body,
        "isBase64Encoded": base64,
    }


class FakeContext:
    aws_request_id = "lambda-req-1"
    function_name = "test"


def executions(arn):
    """The training workflow's executions in moto, oldest first."""
    import boto3

    listed = boto3.client("stepfunctions", region_name=REGION).list_executions(stateMachineArn=arn)["executions"]
    return sorted(listed, key=lambda e: e["startDate"])
