import { siblingArn } from '../../model/arns.js';
import { arn, scopeOf, type CodeCommitSource, type Pipeline } from '../../model/index.js';
import type { ScriptContext } from '../generator.js';
import { makeRow } from '../rows.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { CodeCommitSourceTopology } from '../topology.js';
import type { AccessRow } from '../types.js';
import { sourceRoleDenial, type VerifySourceModule } from './provider.js';

/**
 * The CodeCommit action's calls, in the order it makes them (the model's
 * CODECOMMIT_SOURCE_ACTIONS, sorted, is what the policies grant; CancelUploadArchive when a
 * run is stopped mid-upload).
 */
export const CODECOMMIT_SOURCE_ACTIONS = [
  'codecommit:GetBranch',
  'codecommit:GetCommit',
  'codecommit:UploadArchive',
  'codecommit:GetUploadArchiveStatus',
  'codecommit:CancelUploadArchive',
] as const;

/** A CodeCommit repository in the source account, read by the source role. */
export const codecommit: VerifySourceModule<CodeCommitSourceTopology, CodeCommitSource> = {
  provider: 'codecommit',

  topology(p: Pipeline, source: CodeCommitSource): CodeCommitSourceTopology {
    return {
      provider: 'codecommit',
      repositoryArn: arn.repository(scopeOf(p, source.account), source.repository),
    };
  },

  accessRows(_ctx: ScriptContext, source, actor): AccessRow[] {
    return CODECOMMIT_SOURCE_ACTIONS.map((action) =>
      makeRow('allow', {
        step: step('source', { verb: 'read' }),
        principal: actor,
        action,
        resource: source.repositoryArn,
        source: SOURCES.codecommitAction,
      }),
    );
  },

  // The source role reads one repository and writes nothing to it.
  negativeRows(_ctx: ScriptContext, source, actor): AccessRow[] {
    const deny = sourceRoleDenial(actor, SOURCES.codecommitAuthz);
    return [
      deny('codecommit:GitPush', source.repositoryArn),
      deny('codecommit:DeleteRepository', source.repositoryArn),
      deny('codecommit:GetBranch', siblingArn(source.repositoryArn, '-other')),
    ];
  },
};
