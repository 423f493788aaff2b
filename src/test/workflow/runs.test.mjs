// Runs the training workflow locally with a handler per Task standing in for AWS: the happy
// path, a transient failure retried, a permanent failure caught and recorded, and the edges.
// Each run's state sequence is printed as a test diagnostic.
import './promise-with-resolvers.mjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StateMachine } from 'aws-local-stepfunctions';
import { definition } from './definition.mjs';

const JOB = { jobId: 'job-1', input: { dataset: 'raw/mnist', epochs: 2 } };
const CONTEXT = { Task: { Token: 'token-1' }, State: { EnteredTime: '2026-12-01T10:00:00Z' } };

/** An error as Step Functions names it (ServiceName.ExceptionName, or the worker's own). */
function failure(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Stand-ins for AWS; a test replaces the ones it is about. Every call is recorded. */
function handlers(calls, overrides = {}) {
  const base = {
    DescribeFleet: () => ({ AutoScalingGroups: [{ AutoScalingGroupName: 'portfolio-dev-fleet', DesiredCapacity: 0 }] }),
    ScaleOut: () => ({}),
    RunJob: () => ({ accuracy: 0.98, checkpoint: '/checkpoints/job-1/epoch-2.pt' }),
    RecordResult: () => ({}),
    CheckQueue: () => ({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } }),
    ScaleInHint: () => ({}),
    RecordFailure: () => ({}),
    RecordHintFailure: () => ({}),
  };
  const all = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(all).map(([name, fn]) => [name, async (input) => {
    calls.push({ state: name, input });
    return fn(input, calls.filter((c) => c.state === name).length);
  }]));
}

async function run(input, overrides = {}) {
  const calls = [];
  const machine = new StateMachine(definition);
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: handlers(calls, overrides),
      // The retries' waits (2 s, doubling) shortened: the test is about the path, not the clock.
      retryIntervalOverrides: Object.fromEntries(Object.keys(definition.States).map((s) => [s, 0])),
    },
    context: CONTEXT,
  });
  const events = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
    }
  })();
  let output;
  let error;
  try {
    output = await execution.result;
  } catch (e) {
    error = e;
  }
  await logged;
  const sequence = events.filter((e) => e.type === 'StateEntered').map((e) => e.state.name);
  const retried = events.filter((e) => e.type === 'StateRetried').map((e) => e.state.name);
  const failed = events.find((e) => e.type === 'ExecutionFailed');
  return { output, error, failed, sequence, retried, calls };
}

function show(t, result) {
  t.diagnostic(`states: ${result.sequence.join(' -> ')}`);
  if (result.retried.length > 0) {
    t.diagnostic(`retried: ${result.retried.join(', ')}`);
  }
  t.diagnostic(result.failed ? `execution failed: ${result.failed.Error}` : 'execution succeeded');
}

const callOf = (result, state) => result.calls.find((c) => c.state === state);

test('happy path: capacity from zero, the job sent with its token, the result recorded, a scale-in hint', async (t) => {
  const result = await run(JOB);
  show(t, result);
  assert.deepEqual(result.sequence, ['ValidateInput', 'PrepareJob', 'DescribeFleet', 'CheckCapacity', 'ScaleOut',
    'RunJob', 'RecordResult', 'CheckQueue', 'QueueDrained', 'ScaleInHint', 'Done']);
  assert.equal(result.failed, undefined);
  assert.deepEqual(callOf(result, 'ScaleOut').input,
    { AutoScalingGroupName: 'portfolio-dev-fleet', DesiredCapacity: 1, HonorCooldown: false });
  assert.deepEqual(callOf(result, 'RunJob').input.MessageBody, {
    jobId: 'job-1', taskToken: 'token-1', input: JOB.input, checkpointPath: '/checkpoints/job-1/', interruptions: 0,
  });
  const record = callOf(result, 'RecordResult').input;
  assert.deepEqual(record.Key, { jobId: { S: 'job-1' } });
  assert.equal(record.ExpressionAttributeValues[':succeeded'].S, 'succeeded');
  assert.deepEqual(JSON.parse(record.ExpressionAttributeValues[':result'].M.output.S),
    { accuracy: 0.98, checkpoint: '/checkpoints/job-1/epoch-2.pt' });
  assert.equal(callOf(result, 'ScaleInHint').input.DesiredCapacity, 0);
});

test('a fleet already running is not resized, and no scale-in while jobs wait', async (t) => {
  const result = await run(JOB, {
    DescribeFleet: () => ({ AutoScalingGroups: [{ DesiredCapacity: 2 }] }),
    CheckQueue: () => ({ Attributes: { ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '1' } }),
  });
  show(t, result);
  assert.deepEqual(result.sequence, ['ValidateInput', 'PrepareJob', 'DescribeFleet', 'CheckCapacity', 'RunJob',
    'RecordResult', 'CheckQueue', 'QueueDrained', 'Done']);
});

test('transient failure: a throttled send is retried and the job goes on', async (t) => {
  const result = await run(JOB, {
    RunJob: (input, attempt) => {
      if (attempt === 1) {
        throw failure('SQS.AmazonSQSException', 'Rate exceeded');
      }
      return { accuracy: 0.97 };
    },
  });
  show(t, result);
  assert.deepEqual(result.retried, ['RunJob']);
  assert.equal(result.calls.filter((c) => c.state === 'RunJob').length, 2);
  assert.equal(result.failed, undefined);
  assert.deepEqual(result.sequence.slice(-6), ['RunJob', 'RecordResult', 'CheckQueue', 'QueueDrained', 'ScaleInHint', 'Done']);
  assert.equal(callOf(result, 'RecordResult').input.ExpressionAttributeValues[':succeeded'].S, 'succeeded');
});

test('permanent failure: the worker reports failure, it is not retried, it is recorded and the execution fails', async (t) => {
  const result = await run(JOB, {
    RunJob: () => {
      throw failure('Training.Diverged', 'loss became NaN at epoch 2');
    },
  });
  show(t, result);
  assert.deepEqual(result.sequence, ['ValidateInput', 'PrepareJob', 'DescribeFleet', 'CheckCapacity', 'ScaleOut',
    'RunJob', 'RecordFailure', 'JobFailed']);
  assert.deepEqual(result.retried, []);
  assert.equal(result.failed.Error, 'TrainingJobFailed');
  const record = callOf(result, 'RecordFailure').input;
  assert.equal(record.ExpressionAttributeValues[':failed'].S, 'failed');
  assert.equal(record.ExpressionAttributeValues[':error'].M.Error.S, 'Training.Diverged');
  assert.match(record.ExpressionAttributeValues[':error'].M.detail.S, /loss became NaN/);
  assert.match(record.UpdateExpression, /ADD failures :one/);
});

test('a job that outlives its timeout is recorded as a failure, never sent again', async (t) => {
  const result = await run(JOB, {
    RunJob: () => {
      throw failure('States.Timeout', 'the job took longer than 86400 seconds');
    },
  });
  show(t, result);
  assert.equal(result.calls.filter((c) => c.state === 'RunJob').length, 1);
  assert.deepEqual(result.sequence.slice(-2), ['RecordFailure', 'JobFailed']);
});

test('throttling that outlasts the retries ends in a recorded failure', async (t) => {
  const result = await run(JOB, {
    DescribeFleet: () => {
      throw failure('AutoScaling.ThrottlingException', 'Rate exceeded');
    },
  });
  show(t, result);
  assert.equal(result.calls.filter((c) => c.state === 'DescribeFleet').length, 5, 'one try and four retries');
  assert.deepEqual(result.sequence.slice(-2), ['RecordFailure', 'JobFailed']);
  assert.equal(callOf(result, 'RecordFailure').input.ExpressionAttributeValues[':error'].M.Error.S,
    'AutoScaling.ThrottlingException');
});

test('no fleet yet: the job is recorded as failed with FleetNotFound', async (t) => {
  const result = await run(JOB, { DescribeFleet: () => ({ AutoScalingGroups: [] }) });
  show(t, result);
  assert.deepEqual(result.sequence, ['ValidateInput', 'PrepareJob', 'DescribeFleet', 'CheckCapacity', 'FleetNotFound',
    'RecordFailure', 'JobFailed']);
  assert.equal(callOf(result, 'RecordFailure').input.ExpressionAttributeValues[':error'].M.Error.S, 'FleetNotFound');
});

test('a request without a job id is refused before anything is touched', async (t) => {
  for (const input of [{ input: {} }, { jobId: 7, input: {} }, { jobId: '', input: {} }, { jobId: 'job-1' }]) {
    const result = await run(input);
    show(t, result);
    assert.deepEqual(result.sequence, ['ValidateInput', 'InvalidInput'], JSON.stringify(input));
    assert.equal(result.failed.Error, 'InvalidJobRequest');
    assert.deepEqual(result.calls, []);
  }
});

test('a scale-in refused during the cooldown is a hint not taken; another hint failure is noted and fails the run', async (t) => {
  const cooldown = await run(JOB, {
    ScaleInHint: () => {
      throw failure('AutoScaling.ScalingActivityInProgressException', 'cooldown');
    },
  });
  show(t, cooldown);
  assert.equal(cooldown.failed, undefined);
  assert.equal(cooldown.sequence.at(-1), 'Done');
  const denied = await run(JOB, {
    CheckQueue: () => {
      throw failure('Sqs.SqsException', 'Access denied');
    },
  });
  show(t, denied);
  assert.deepEqual(denied.sequence.slice(-3), ['CheckQueue', 'RecordHintFailure', 'ScaleInHintFailed']);
  assert.ok(!denied.calls.some((c) => c.state === 'RecordFailure'), 'the job stays succeeded');
});
