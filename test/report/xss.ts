/** A report input whose every string is hostile, for escaping tests (page and Mermaid). */
import type { ReportInput } from '../../src/report/index.js';

export const PAYLOAD = `<script>alert(1)</script><img src=x onerror="window.__xss=1">"'\`&`;

export function xssInput(): ReportInput {
  const acct = (alias: string, id: string) => ({ alias: `${alias}${PAYLOAD}`, id });
  const tools = acct('tools', '111111111111');
  const source = acct('source', '222222222222');
  const target = acct('prod', '444444444444');
  return {
    subject: {
      name: `app${PAYLOAD}`,
      region: 'us-east-1',
      tools,
      source: { account: source, repository: `repo${PAYLOAD}`, branch: `main${PAYLOAD}` },
      stages: [
        {
          name: `stage${PAYLOAD}`,
          approval: true,
          targets: [{ account: target, stack: `stack${PAYLOAD}` }],
        },
      ],
    },
    labels: {
      bucket: `bucket${PAYLOAD}`,
      deployRole: `role${PAYLOAD}`,
      targetStack: `t${PAYLOAD}`,
    },
    title: `title${PAYLOAD}`,
    plan: {
      version: 1,
      pipeline: 'x',
      region: 'us-east-1',
      partition: 'aws',
      stacks: [
        {
          id: `a/${PAYLOAD}`,
          name: `stack${PAYLOAD}`,
          kind: 'target',
          account: { alias: `a${PAYLOAD}`, id: '444444444444' },
          region: 'us-east-1',
          templateFile: 'x',
          dependsOn: [`b${PAYLOAD}`],
          parameters: [{ name: `p${PAYLOAD}`, value: PAYLOAD }],
          outputs: [],
        },
      ],
      placeholders: [{ text: PAYLOAD, stack: PAYLOAD, output: PAYLOAD }],
      notes: [PAYLOAD],
    },
    policies: [
      {
        name: `policy${PAYLOAD}`,
        kind: 'identity',
        account: '444444444444',
        attachedTo: PAYLOAD,
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: `sid${PAYLOAD}`,
              Effect: 'Allow',
              Action: PAYLOAD,
              Resource: [PAYLOAD],
              Condition: { [PAYLOAD]: { [PAYLOAD]: PAYLOAD } },
            },
          ],
        },
        reasons: { [`sid${PAYLOAD}`]: `because ${PAYLOAD}` },
        managedPolicies: [PAYLOAD],
      },
    ],
    verify: {
      ok: false,
      counts: { total: 1, passed: 0, failed: 1 },
      rows: [
        {
          step: `deploy.${PAYLOAD}.assume`,
          expect: 'allow',
          principal: PAYLOAD,
          action: 'sts:AssumeRole',
          resource: PAYLOAD,
          principalAccount: '111111111111',
          resourceAccount: '444444444444',
          context: { [PAYLOAD]: PAYLOAD },
          source: `javascript:alert(1)//${PAYLOAD}`,
          decision: 'denied',
          ok: false,
          deciding: [{ policy: `policy${PAYLOAD}`, statement: PAYLOAD, effect: 'Deny' }],
          reason: `reason ${PAYLOAD}`,
        },
      ],
    },
    findings: [
      {
        severity: 'error',
        step: PAYLOAD,
        title: PAYLOAD,
        detail: PAYLOAD,
        fix: PAYLOAD,
        account: PAYLOAD,
      },
    ],
  };
}
