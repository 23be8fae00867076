/** Connection-source configs for the synth and verify tests (three accounts, no source account). */
export const CONNECTION =
  'arn:aws:codeconnections:us-east-1:111111111111:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

export function connectionConfig(source: string): string {
  return `version: 1
name: shop
region: us-east-1
accounts:
  tools: "111111111111"
  staging: "333333333333"
  prod: "444444444444"
source:
${source.trimEnd()}
build: { commands: [make], artifacts: [template.yaml] }
stages:
  - name: staging
    targets: [{ account: staging, stack: shop-staging, template: template.yaml }]
  - name: prod
    approval: true
    targets: [{ account: prod, stack: shop-prod, template: template.yaml }]
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
}

export const EXISTING = connectionConfig(`
  provider: codeconnections
  connection: ${CONNECTION}
  repository: acme/shop
  branch: main
`);

export const CREATED = connectionConfig(`
  provider: codeconnections
  connection: { create: true, provider: GitHub }
  repository: acme/shop
  branch: main
  triggers:
    push:
      branches: { includes: [main, "release/*"] }
      tags: { includes: ["v*"] }
      filePaths: { excludes: ["docs/**"] }
    pullRequest:
      events: [OPEN, UPDATED, CLOSED]
      branches: { includes: [main] }
`);

/** Full clone: CODEBUILD_CLONE_REF, and the build role uses the connection. */
export const FULL_CLONE = EXISTING.replace(
  '  branch: main\n',
  '  branch: main\n  fullClone: true\n',
);

/** The older prefix, and a connection shared from account 999999999999 through AWS RAM. */
export const OLD_PREFIX = EXISTING.replace(':codeconnections:', ':codestar-connections:');
export const SHARED = EXISTING.replace(':111111111111:connection/', ':999999999999:connection/');
