import assert from 'node:assert/strict';
import { test } from 'node:test';
import aslValidator from 'asl-validator';
import { definition } from './definition.mjs';

test('the training workflow is valid Amazon States Language', () => {
  const { isValid, errorsText } = aslValidator(definition);
  assert.equal(isValid, true, errorsText('\n'));
});

test('the validator refuses a definition with a Task that moves to a missing state', () => {
  const broken = structuredClone(definition);
  broken.States.RunJob.Next = 'NoSuchState';
  const { isValid } = aslValidator(broken);
  assert.equal(isValid, false);
});
