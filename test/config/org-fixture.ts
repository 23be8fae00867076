/**
 * An organization snapshot for tests: root r-ab12 with the management/tools account
 * 111111111111 and the source account 222222222222; OU prod (ou-ab12-11111111) with
 * `prodCount` accounts 5000000000NN (tag env=prod), its child OU eu (ou-ab12-22222222) with
 * 333333333333 (named legacy) and 300000000000; OU sandbox (ou-ab12-33333333) with
 * 444444444444 (tag env=sandbox) and a SUSPENDED 400000000000.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrgSnapshot } from '../../src/config/org-snapshot.js';

export const ORG = 'o-a1b2c3d4e5';
export const PROD_OU = 'ou-ab12-11111111';
export const EU_OU = 'ou-ab12-22222222';
export const SANDBOX_OU = 'ou-ab12-33333333';

export function orgSnapshot(prodCount = 2): OrgSnapshot {
  const root = `${ORG}/r-ab12/`;
  const prod = `${root}${PROD_OU}/`;
  const acct = (
    id: string,
    name: string,
    path: string,
    tags: Record<string, string> = {},
    status = 'ACTIVE',
  ): OrgSnapshot['accounts'][number] => ({
    id,
    name,
    status,
    parent: path.split('/').at(-2)!,
    path,
    tags,
  });
  return {
    version: 1,
    organization: { id: ORG, managementAccount: '111111111111' },
    roots: [{ id: 'r-ab12', name: 'Root' }],
    units: [
      { id: PROD_OU, name: 'prod', parent: 'r-ab12', path: prod },
      { id: EU_OU, name: 'eu', parent: PROD_OU, path: `${prod}${EU_OU}/` },
      { id: SANDBOX_OU, name: 'sandbox', parent: 'r-ab12', path: `${root}${SANDBOX_OU}/` },
    ],
    accounts: [
      acct('111111111111', 'tools', root),
      acct('222222222222', 'source', root),
      acct('300000000000', 'prod-eu2', `${prod}${EU_OU}/`),
      acct('333333333333', 'legacy', `${prod}${EU_OU}/`),
      acct('400000000000', 'closed', `${root}${SANDBOX_OU}/`, {}, 'SUSPENDED'),
      acct('444444444444', 'play', `${root}${SANDBOX_OU}/`, { env: 'sandbox' }),
      ...Array.from({ length: prodCount }, (_, i) =>
        acct(String(500000000000 + i), `prod-${i}`, prod, { env: 'prod' }),
      ),
    ],
  };
}

/** A folder with `org.json` (the snapshot) and `crossline.yml` (the config text). */
export function orgConfigDir(
  config: string,
  snapshot: OrgSnapshot | string = orgSnapshot(),
): string {
  const dir = mkdtempSync(join(tmpdir(), 'crossline-orgcfg-'));
  writeFileSync(
    join(dir, 'org.json'),
    typeof snapshot === 'string' ? snapshot : `${JSON.stringify(snapshot, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'crossline.yml'), config);
  return dir;
}

/** A config: tools and source accounts, one stage per `targets` entry (flow-style YAML). */
export function orgConfig(
  targets: readonly string[],
  extra = 'organization: { snapshot: org.json }\n',
): string {
  return `version: 1
name: my-app
region: us-east-1
accounts:
  tools: "111111111111"
  source: "222222222222"
source: { account: source, repository: my-app, branch: main }
build: { commands: [make] }
${extra}stages:
${targets.map((t, i) => `  - name: s${i}\n    targets:\n      - ${t}\n`).join('')}execution:
  policies: [arn:aws:iam::aws:policy/PowerUserAccess]
`;
}
