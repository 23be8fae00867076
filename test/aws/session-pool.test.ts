/**
 * Sessions and clients per (account, region): credentials are resolved and checked once per
 * account; each region gets its own session config and its own clients over them, and a stack
 * made through one region's client is not seen through another's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createClientPool,
  createSessionPool,
  createStackApi,
  type AccountSession,
  type RefreshingCredentials,
} from '../../src/aws/index.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer, motoReady } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

let moto: MotoServer | undefined;
const staging = { alias: 'staging', id: '333333333333' };
const base = () => Promise.resolve({ ...TEST_CREDENTIALS });

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

const needMoto = (t: { skip: (m: string) => void }): MotoServer | undefined =>
  motoReady(moto, t, 'the session pool tests') ? moto : undefined;

const poolOn = (m: MotoServer) =>
  createSessionPool({
    region: 'us-east-1',
    assumeRole: 'OrganizationAccountAccessRole',
    endpoint: m.endpoint,
    baseCredentials: base,
  });

void test('one session per (account, region), one credential resolution per account', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const pool = poolOn(m);
  const home = await pool.get(staging);
  const eu = await pool.get(staging, 'eu-west-1');
  assert.equal(await pool.get(staging, 'eu-west-1'), eu, 'same key: same session');
  assert.equal(await pool.get(staging, 'us-east-1'), home, "the pool's region is the default");
  assert.notEqual(eu, home, 'another region: another session');
  assert.equal(home.config.region, 'us-east-1');
  assert.equal(eu.config.region, 'eu-west-1');
  assert.equal(eu.config.credentials, home.config.credentials, 'the same credentials');
  assert.equal(eu.callerArn, home.callerArn);
  assert.equal(eu.via, home.via);
  // Both regions sign with the one assumed-role session.
  await createStackApi(home).describe('nothing-here');
  await createStackApi(eu).describe('nothing-here');
  assert.equal((home.config.credentials as RefreshingCredentials).fetches, 1);
});

void test('the client pool: same key, same client; another region, another client over the same credentials', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const made: AccountSession[] = [];
  const apis = createClientPool(poolOn(m), (s) => {
    made.push(s);
    return createStackApi(s);
  });
  const [a, b] = await Promise.all([
    apis.get(staging, 'eu-west-1'),
    apis.get(staging, 'eu-west-1'),
  ]);
  assert.equal(a, b, 'same (account, region): same client');
  const c = await apis.get(staging, 'ap-southeast-2');
  assert.notEqual(c, a, 'another region: another client');
  assert.deepEqual(
    made.map((s) => s.config.region),
    ['eu-west-1', 'ap-southeast-2'],
    'one client made per key',
  );
  assert.equal(made[0]?.config.credentials, made[1]?.config.credentials);

  const template = JSON.stringify({
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'pool-probe' } } },
  });
  await a.create({ stackName: 'pool-probe', templateBody: template, parameters: {}, tags: {} });
  assert.equal((await a.describe('pool-probe'))?.name, 'pool-probe');
  assert.equal(await c.describe('pool-probe'), undefined, 'not visible in another region');
  const home = await apis.get(staging, 'us-east-1');
  assert.equal(await home.describe('pool-probe'), undefined, "nor in the pool's region");
});
