import { withReplaced } from './base-config.js';

/** BASE's CodeCommit source (lines 10-12) … */
export const CODECOMMIT_SOURCE = `source:
  account: source
  repository: my-app
  branch: main
`;

/**
 * … and the same config with a CodeConnections source instead: lines 10 provider, 11
 * connection, 12 repository, 13 branch, 14- triggers.
 */
export const CONNECTION_ARN =
  'arn:aws:codeconnections:us-east-1:111111111111:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

export function withConnectionSource(source: string): string {
  return withReplaced(CODECOMMIT_SOURCE, source);
}

export const GITHUB = withConnectionSource(`source:
  provider: codeconnections
  connection: ${CONNECTION_ARN}
  repository: acme/storefront
  branch: main
`);
