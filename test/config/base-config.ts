/**
 * A valid config (the 4-account example of docs/design.md §2), kept here rather than read from
 * examples/ so that the line and column numbers the tests assert never move. Lines:
 * 2 name, 3 region, 5-8 accounts (tools, source, staging, prod), 10-12 source (account,
 * repository, branch), 17 and 21 the stage names, 19 and 24 the targets, 25-26 execution.
 */
export const BASE = `version: 1
name: my-app
region: us-east-1
accounts:
  tools: "111111111111"
  source: { id: "222222222222", profile: client-admin }
  staging: "333333333333"
  prod: "444444444444"
source:
  account: source
  repository: my-app
  branch: main
build:
  commands: [npm ci, npm test, npm run package]
  artifacts: [template.yaml]
stages:
  - name: staging
    targets:
      - { account: staging, stack: my-app-staging, template: template.yaml,
          parameters: { Env: staging } }
  - name: prod
    approval: true
    targets:
      - { account: prod, stack: my-app-prod, template: template.yaml }
execution:
  policies: [arn:aws:iam::aws:policy/PowerUserAccess]
credentials:
  assumeRole: OrganizationAccountAccessRole
`;

/** BASE with one exact substring replaced (fails loudly if the substring is not there once). */
export function withReplaced(from: string, to: string, text = BASE): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' must occur once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
