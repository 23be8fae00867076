// The indexed swap test of src/verify/id-swap.ts against the plain one (rewrite the whole
// document with the two ids swapped, compare canonical texts), on chosen and on random
// documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalText, swapBoth, SwappablePolicy } from '../../src/verify/id-swap.js';

const A = '500000000001';
const B = '500000000002';
const C = '500000000003';
const role = (id: string, name = 'deploy') => `arn:aws:iam::${id}:role/${name}`;

/** The plain test: the document with `a` and `b` swapped reads the same. */
const plain = (doc: unknown, a: string, b: string) =>
  canonicalText(doc, (s) => swapBoth(s, a, b)) === canonicalText(doc);

const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

void test('chosen documents: lists of every account, a statement per account, one account singled out', () => {
  const cases: [string, unknown, boolean][] = [
    [
      'one statement listing every role',
      policy({
        Effect: 'Allow',
        Principal: { AWS: [role(A), role(B), role(C)] },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
      true,
    ],
    [
      'a statement per account (Sids differ)',
      policy(
        { Sid: 'ForA', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(A) },
        { Sid: 'ForB', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(B) },
      ),
      true,
    ],
    [
      'a statement for A only',
      policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(A) }),
      false,
    ],
    [
      'a list missing B',
      policy({
        Effect: 'Allow',
        Principal: { AWS: [role(A), role(C)] },
        Action: 's3:GetObject',
        Resource: '*',
      }),
      false,
    ],
    [
      'a deny naming A in a condition, and none for B',
      policy(
        {
          Effect: 'Allow',
          Principal: { AWS: [role(A), role(B)] },
          Action: 's3:GetObject',
          Resource: '*',
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': A } },
        },
      ),
      false,
    ],
    [
      'A and B crossed in one statement (principal A, resource B)',
      policy({
        Effect: 'Allow',
        Principal: { AWS: [role(A)] },
        Action: 'sts:AssumeRole',
        Resource: [role(B)],
      }),
      false,
    ],
    [
      'both crossings',
      policy(
        {
          Effect: 'Allow',
          Principal: { AWS: [role(A)] },
          Action: 'sts:AssumeRole',
          Resource: [role(B)],
        },
        {
          Effect: 'Allow',
          Principal: { AWS: [role(B)] },
          Action: 'sts:AssumeRole',
          Resource: [role(A)],
        },
      ),
      true,
    ],
    [
      'the same statement for A twice, for B once',
      policy(
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(A) },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(A) },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role(B) },
      ),
      false,
    ],
    ['an Id naming A', { ...policy(), Id: `key-of-${A}` }, false],
    [
      'nothing names either',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: role(C) }),
      true,
    ],
  ];
  for (const [what, doc, expected] of cases) {
    assert.equal(plain(doc, A, B), expected, `${what} (plain)`);
    assert.equal(new SwappablePolicy(doc).invariant(A, B), expected, what);
  }
});

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

void test('random documents: the indexed test and the plain one agree on every pair of ids', () => {
  const rnd = random(17);
  const ids = ['500000000001', '500000000002', '500000000003', '500000000004'];
  const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const arnOf = () => role(pickOne(ids), pickOne(['deploy', 'exec']));
  const listOf = () => [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 4) }, arnOf))];
  const statement = () => ({
    ...(rnd() < 0.5 ? { Sid: `S${Math.floor(rnd() * 3)}` } : {}),
    Effect: pickOne(['Allow', 'Deny']),
    ...(rnd() < 0.5 ? { Principal: { AWS: rnd() < 0.5 ? arnOf() : listOf() } } : {}),
    Action: pickOne(['sts:AssumeRole', 'kms:Decrypt']),
    Resource: rnd() < 0.3 ? '*' : rnd() < 0.5 ? arnOf() : listOf(),
    ...(rnd() < 0.3
      ? {
          Condition: {
            StringEquals: {
              'aws:PrincipalAccount':
                rnd() < 0.5 ? pickOne(ids) : [...new Set([pickOne(ids), pickOne(ids)])],
            },
          },
        }
      : {}),
  });
  let invariantSeen = 0;
  let total = 0;
  for (let n = 0; n < 400; n++) {
    // Mirrored documents make invariant ones common: each statement, and its image under a swap.
    const base = Array.from({ length: 1 + Math.floor(rnd() * 3) }, statement);
    const [x, y] = [pickOne(ids), pickOne(ids)];
    const mirrored =
      rnd() < 0.6
        ? [...base, ...base.map((s) => JSON.parse(swapBoth(JSON.stringify(s), x, y)) as unknown)]
        : base;
    const doc = policy(...mirrored);
    const indexed = new SwappablePolicy(doc);
    for (const a of ids) {
      for (const b of ids) {
        if (a >= b) continue;
        const expected = plain(doc, a, b);
        assert.equal(indexed.invariant(a, b), expected, `${JSON.stringify(doc)} ${a}<->${b}`);
        total++;
        if (expected) invariantSeen++;
      }
    }
  }
  assert.ok(invariantSeen > total / 10, `${invariantSeen} of ${total} pairs invariant`);
});
