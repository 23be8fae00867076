import { stringify } from 'yaml';
import { parseConfig } from '../../config/index.js';
import { managedPolicyArn } from '../../model/index.js';
import { liveModel } from '../doctor/live-topology.js';
import type { LiveSnapshot } from '../doctor/snapshot.js';
import { connectionSource } from './connection-source.js';

export interface ImportResult {
  /** The config text (validated by the same loader `validate` uses). */
  readonly yaml: string;
  /** What the user must know or finish by hand, one sentence each. */
  readonly notes: readonly string[];
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * A crossline config for a live, hand-built pipeline (from the same snapshot doctor reads):
 * accounts from the action roles, the CodeCommit or CodeConnections source (with its V2
 * git triggers), each stage's CloudFormation
 * actions as targets (a manual approval in the stage, or in an approval-only stage right
 * before it, becomes `approval: true`; an action's `region` the target's `region`), execution
 * policies from the CloudFormation roles.
 * Taking over means crossline deploys its own roles, bucket and key (named from `name`).
 */
export function configFromSnapshot(s: LiveSnapshot, file = 'crossline.yml'): ImportResult {
  const notes: string[] = [];
  const model = liveModel(s);
  const t = model.topology;
  const p = s.pipeline.pipeline;

  let name = p.name;
  if (!NAME.test(name)) {
    name =
      p.name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^[^a-z]+/, '')
        .slice(0, 32)
        .replace(/-+$/, '') || 'pipeline';
    notes.push(
      `the pipeline name ${p.name} is not a crossline name (lowercase letters, digits, -; at most 32): using ${name}`,
    );
  }
  const alias = new Map(t.accounts.map((a) => [a.id, a.alias.replace(/[^A-Za-z0-9_-]/g, '-')]));

  const source = model.source;
  // A CodeStarSourceConnection action (and no CodeCommit one): a codeconnections source.
  const connection = source === undefined ? model.connection : undefined;
  if (source === undefined && connection === undefined)
    notes.push(
      'the pipeline has no CodeCommit or CodeStarSourceConnection source action; fill in source.repository and source.branch',
    );
  const build = p.stages
    .flatMap((st) => st.actions)
    .find((a) => a.actionTypeId.provider === 'CodeBuild');
  notes.push(
    `build.commands: crossline cannot read CodeBuild buildspecs; copy the commands of project ${build?.configuration?.ProjectName ?? '(none)'} into build.commands`,
  );

  const stages: Record<string, unknown>[] = [];
  let pendingApproval = false;
  for (const stage of p.stages) {
    const approval = stage.actions.some((a) => a.actionTypeId.category === 'Approval');
    const deploys = stage.actions.filter(
      (a) => a.actionTypeId.category === 'Deploy' && a.actionTypeId.provider === 'CloudFormation',
    );
    const other = stage.actions.filter(
      (a) =>
        !deploys.includes(a) &&
        a.actionTypeId.category !== 'Approval' &&
        a.actionTypeId.category !== 'Source' &&
        a.actionTypeId.category !== 'Build',
    );
    for (const a of other)
      notes.push(
        `stage ${stage.name}: action ${a.name} (${a.actionTypeId.provider}) has no crossline equivalent and is left out`,
      );
    if (deploys.length === 0) {
      pendingApproval ||= approval;
      continue;
    }
    stages.push({
      name: stage.name,
      ...(approval || pendingApproval ? { approval: true } : {}),
      targets: deploys.map((a) => {
        // An action in another region (its `region`) is a target of that region; the same
        // stack may be deployed once per region.
        const region = a.region !== undefined && a.region !== s.region ? a.region : undefined;
        const target = t.targets.find(
          (x) =>
            x.stage === stage.name &&
            x.stack === (a.configuration?.StackName ?? a.name) &&
            x.region === region,
        );
        const parameters = parameterOverrides(
          a.configuration?.ParameterOverrides,
          `${stage.name}/${a.name}`,
          notes,
        );
        return {
          account: alias.get(target?.account ?? t.tools) ?? 'tools',
          stack: a.configuration?.StackName ?? a.name,
          template: (a.configuration?.TemplatePath ?? 'template.yaml').replace(/^[^:]*::/, ''),
          ...(region === undefined ? {} : { region }),
          ...(parameters ? { parameters } : {}),
        };
      }),
    });
    pendingApproval = false;
  }
  if (stages.length === 0)
    notes.push('the pipeline deploys no CloudFormation stacks; add stages by hand');

  const policies = [
    ...new Set(
      t.targets
        .flatMap((x) => (x.execRole ? (s.roles[x.execRole]?.attached ?? []) : []))
        .map((a) => a.arn),
    ),
  ].sort();
  const inline = t.targets.some((x) => x.execRole && (s.roles[x.execRole]?.inline.length ?? 0) > 0);
  if (inline)
    notes.push(
      'the CloudFormation roles have inline policies: crossline attaches managed policies only; make them managed policies and list them under execution.policies',
    );
  if (policies.length === 0) {
    policies.push(managedPolicyArn(s.partition, 'REPLACE-WITH-THE-EXECUTION-POLICY'));
    notes.push(
      'execution.policies: no managed policy found on the CloudFormation roles; name the ones CloudFormation needs (crossline refuses to guess)',
    );
  }
  notes.push(
    `crossline creates its own roles, artifact bucket and key (named from '${name}'); once its pipeline runs, delete the hand-built one and its roles`,
  );

  const config = {
    version: 1,
    name,
    region: s.region,
    accounts: Object.fromEntries(t.accounts.map((a) => [alias.get(a.id)!, a.id])),
    source:
      connection !== undefined
        ? connectionSource(connection, p.triggers, notes)
        : {
            account: alias.get(t.source) ?? 'tools',
            repository: source?.configuration?.RepositoryName ?? 'REPLACE-WITH-REPOSITORY',
            branch: source?.configuration?.BranchName ?? 'main',
          },
    build: {
      commands: [
        `echo "replace with the commands of CodeBuild project ${build?.configuration?.ProjectName ?? ''}" && exit 1`,
      ],
    },
    stages,
    execution: { policies },
  };
  const header = [
    `# Imported by crossline from the live pipeline ${p.name} (${s.region}, account ${s.pipelineAccount}) on ${s.capturedAt}.`,
    ...notes.map((n) => `# TODO/NOTE: ${n}`),
    '',
  ].join('\n');
  const yaml = header + stringify(config, { lineWidth: 0 });
  // The same loader `validate` uses: an import never writes a config crossline rejects.
  parseConfig(yaml, file);
  return { yaml, notes };
}

function parameterOverrides(
  text: string | undefined,
  where: string,
  notes: string[],
): Record<string, string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        out[k] = String(v);
      else
        notes.push(
          `${where}: parameter ${k} uses a CodePipeline function (${JSON.stringify(v)}); set it by hand`,
        );
    }
    return Object.keys(out).length ? out : undefined;
  } catch {
    notes.push(`${where}: ParameterOverrides is not JSON; copy the parameters by hand`);
    return undefined;
  }
}
