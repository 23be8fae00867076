import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handler } from './index.mjs';

test('the handler answers with its stage', async () => {
  process.env.STAGE = 'staging';
  const res = await handler();
  assert.equal(res.statusCode, 200);
  assert.equal(JSON.parse(res.body).stage, 'staging');
});
