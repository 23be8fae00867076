import { actionLabel } from './action-labels.js';
import type { ActionDeclaration, PipelineDocument } from '../aws/pipeline-api.js';
import { parseArn, type Partition } from '../model/index.js';

/** Which pipeline an operation is about, resolved from the config or from flags. */
export interface PipelineRef {
  readonly name: string;
  readonly region: string;
  readonly partition: Partition;
  /** The account the pipeline lives in, when known before asking AWS (the config's tools account). */
  readonly account?: string | undefined;
  /** Account id → alias from the config, so output says `prod 444444444444`, not just the id. */
  readonly aliases: ReadonlyMap<string, string>;
}

export interface AccountRef {
  readonly id: string;
  readonly alias?: string | undefined;
}

/** Where one action of the pipeline runs: its account (from its role) and region. */
export interface ActionPlacement {
  readonly stage: string;
  readonly action: string;
  readonly category: string;
  readonly provider: string;
  readonly account: AccountRef | undefined;
  readonly region: string;
  readonly roleArn?: string | undefined;
  /** What the action does, in words (change sets, stage tests); see action-labels.ts. */
  readonly label?: string | undefined;
}

export function accountRef(ref: PipelineRef, id: string): AccountRef {
  const alias = ref.aliases.get(id);
  return alias === undefined ? { id } : { id, alias };
}

export function formatAccount(a: AccountRef | undefined): string {
  if (a === undefined) return 'account unknown';
  return a.alias === undefined ? a.id : `${a.alias} ${a.id}`;
}

/**
 * The pipeline's own account: the config's tools account, else the pipeline ARN, else the
 * account of its service role (CodePipeline requires that role to be in the same account).
 */
export function pipelineAccount(
  ref: PipelineRef,
  doc: PipelineDocument | undefined,
): string | undefined {
  return ref.account ?? accountOf(doc?.metadata?.pipelineArn) ?? accountOf(doc?.pipeline.roleArn);
}

export function accountOf(arnText: string | undefined): string | undefined {
  if (arnText === undefined) return undefined;
  const account = parseArn(arnText)?.account;
  return account === undefined || account === '' ? undefined : account;
}

/**
 * An action with a `roleArn` runs as that role, in that role's account (this is how
 * cross-account actions work); without one it runs as the pipeline role, in the pipeline's account.
 */
export function placeActions(ref: PipelineRef, doc: PipelineDocument): ActionPlacement[] {
  const home = pipelineAccount(ref, doc);
  return doc.pipeline.stages.flatMap((stage) =>
    stage.actions.map((a: ActionDeclaration) => {
      const id = accountOf(a.roleArn) ?? home;
      return {
        stage: stage.name,
        action: a.name,
        category: a.actionTypeId.category,
        provider: a.actionTypeId.provider,
        account: id === undefined ? undefined : accountRef(ref, id),
        region: a.region ?? ref.region,
        ...(a.roleArn === undefined ? {} : { roleArn: a.roleArn }),
        ...labelOf(a),
      };
    }),
  );
}

export function placementKey(stage: string, action: string): string {
  return `${stage}/${action}`;
}

function labelOf(a: ActionDeclaration): { label?: string } {
  const label = actionLabel(a);
  return label === undefined ? {} : { label };
}
