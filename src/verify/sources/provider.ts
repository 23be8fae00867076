import type { Pipeline, Source } from '../../model/index.js';
import type { ScriptContext } from '../generator.js';
import { makeRow, type RowSpec } from '../rows.js';
import { step } from '../step.js';
import type { SourceTopology } from '../topology.js';
import type { AccessRow } from '../types.js';

/**
 * Everything one source provider contributes to the access script. The generic rows (assume
 * the source role, write the source artifact, the artifact denies) ask this instead of naming
 * a provider; a new provider is one module implementing it plus one line in `./registry.ts`.
 * `actor` is who runs the source action: the source role, or the pipeline role without one.
 */
export interface VerifySourceModule<
  S extends SourceTopology = SourceTopology,
  M extends Source = Source,
> {
  readonly provider: S['provider'];
  /**
   * Set when the pipeline's own triggers start it and the pipeline role runs the action: no
   * source role, forwarding rule, bus or start rule (their rows disappear).
   */
  readonly pipelineTriggered?: true;
  /** The source's resources as ARNs, for a pipeline crossline generates. */
  topology(p: Pipeline, source: M): S;
  /** The requests the source action makes on the source itself (steps `source.*`). */
  accessRows(ctx: ScriptContext, source: S, actor: string): AccessRow[];
  /** What the source action's principal must not do to the source (steps `negative.*`). */
  negativeRows(ctx: ScriptContext, source: S, actor: string): AccessRow[];
}

/**
 * A provider's `negativeRows` at the step they all share, `negative.source-role`: `actor` is
 * refused `action` on `resource`, as `citation` says (with `extra`, e.g. the resource account).
 */
export function sourceRoleDenial(
  actor: string,
  citation: string,
  extra: Pick<RowSpec, 'resourceAccount'> = {},
): (action: string, resource: string) => AccessRow {
  return (action, resource) =>
    makeRow('deny', {
      step: step('negative', { check: 'source-role' }),
      principal: actor,
      action,
      resource,
      ...extra,
      source: citation,
    });
}
