import type { Partition } from '../../../model/index.js';
import { connectionsConsoleUrl } from '../../console-links.js';
import type { LintRule } from './rule.js';

/**
 * "A pending connection is a connection that must be completed (moved to available) before it
 * can be used"; an error one "cannot be used until it is available". A connection made by
 * CloudFormation or the CLI stays pending until a person completes it in the console.
 */
const STATES_DOC =
  'https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections-workflow.html';
const UPDATE_DOC = 'https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html';

/**
 * The CodeStarSourceConnection action's connection is not AVAILABLE (PENDING, ERROR, or no
 * longer there): the Source action fails, so every run does. Sources: STATES_DOC, UPDATE_DOC.
 */
export const connectionState: LintRule = (s) => {
  const c = s.connection;
  if (c === undefined || c.status === 'AVAILABLE') return [];
  const region = /^arn:[^:]+:[^:]+:([^:]+):/.exec(c.arn)?.[1] ?? s.region;
  const console = connectionsConsoleUrl(s.partition as Partition, region);
  const where = console ? ` (${console})` : ' in the Developer Tools console';
  const [message, fix] =
    c.status === 'PENDING'
      ? [
          `connection ${c.arn} is PENDING: the source action cannot use it until a person completes the handshake with ${c.provider ?? 'the provider'} in the console (${STATES_DOC})`,
          `open the connection${where}, choose "Update pending connection" and complete it (${UPDATE_DOC})`,
        ]
      : c.status === 'ERROR'
        ? [
            `connection ${c.arn} is in ERROR: the source action cannot use it until it is AVAILABLE (${STATES_DOC})`,
            `check the connection's app installation with ${c.provider ?? 'the provider'}${where}`,
          ]
        : [
            `connection ${c.arn} does not exist: the source action cannot read the repository (${STATES_DOC})`,
            `create a connection${where}, complete it, and set its ARN as source.connection in the config`,
          ];
  return [
    {
      severity: 'error',
      category: 'runtime',
      step: 'source.read',
      account: c.account,
      message,
      fix,
    },
  ];
};
