/**
 * `doctor --report FILE`: the report page of `crossline report`, drawn from what doctor saw.
 * ops (the live model and the findings) and report (the page) do not know each other; this
 * is the glue:
 *
 *   snapshot ─▶ liveModel ─▶ ReportSubject (accounts from the pipeline, stages from get-pipeline)
 *           └▶ live policies ─▶ PolicyEntry (each statement: the checks it decides, doctor's word)
 *   DoctorReport ─▶ verify rows + findings (highlighted on lanes, edges and rows)
 */
import {
  liveModel,
  refersTo,
  type DoctorReport,
  type Finding as DoctorFinding,
  type LiveSnapshot,
} from '../ops/index.js';
import type {
  Finding,
  ReportInput,
  ReportSubject,
  ResourceLabels,
  SubjectAccount,
} from '../report/index.js';
import type { PolicyDocument, PolicyEntry, PolicyStatement } from '../synth/index.js';
import type { AccessResult, PolicyInput } from '../verify/index.js';

/** How many checks a statement's reason lists before it says how many more there are. */
const REASON_CHECKS = 4;

const TITLES: Readonly<Record<DoctorFinding['category'], string>> = {
  runtime: 'Fails at run time',
  broad: 'Broader than needed',
  trigger: 'Not started automatically',
  documented: 'Documented, not known to fail',
  unchecked: 'Not verified',
};

/** The report input for a live pipeline: its topology, its live policies, verify, findings. */
export function doctorReportInput(snapshot: LiveSnapshot, report: DoctorReport): ReportInput {
  const model = liveModel(snapshot);
  return {
    subject: liveSubject(snapshot),
    labels: liveLabels(snapshot),
    policies: livePolicyEntries(model.policies, report),
    verify: { ...report.verify, accounts: report.accounts },
    // What doctor could not evaluate: its edges are not verified, whatever else passed.
    unverified: report.unverified.map((u) => u.row),
    findings: report.findings.map(reportFinding),
    mode: 'live',
  };
}

/** Accounts as doctor discovered them (aliases from the live model), stages from get-pipeline. */
export function liveSubject(snapshot: LiveSnapshot): ReportSubject {
  const { topology: t, source } = liveModel(snapshot);
  const account = (id: string): SubjectAccount => ({
    alias: t.accounts.find((a) => a.id === id)?.alias ?? id,
    id,
  });
  return {
    name: t.pipelineName,
    region: t.region,
    tools: account(t.tools),
    source: {
      account: account(t.source),
      repository: source?.configuration?.RepositoryName ?? '(no CodeCommit source)',
      branch: source?.configuration?.BranchName ?? '',
    },
    // Stages that deploy, in pipeline order; an approval anywhere in the stage gates it.
    stages: snapshot.pipeline.pipeline.stages
      .map((stage) => ({
        name: stage.name,
        approval: stage.actions.some((a) => a.actionTypeId.category === 'Approval'),
        targets: t.targets
          .filter((x) => x.stage === stage.name)
          .map((x) => ({
            account: account(x.account),
            stack: x.stack,
            // An action in another region (report/regions.ts draws it when there are several).
            ...(x.region === undefined ? {} : { region: x.region }),
          })),
      }))
      .filter((stage) => stage.targets.length > 0),
  };
}

/** The physical names found in the accounts; what the pipeline does not have is left out. */
export function liveLabels(snapshot: LiveSnapshot): ResourceLabels {
  const { topology: t } = liveModel(snapshot);
  const name = (arn: string | undefined): string | undefined =>
    arn === undefined ? undefined : arn.slice(arn.lastIndexOf('/') + 1);
  // The diagram shows one deploy (and execution) role name for every target: only when
  // they agree, since another name on every lane would be wrong.
  const common = (arns: readonly (string | undefined)[]): string | undefined => {
    const names = new Set(arns.map(name));
    return names.size === 1 ? [...names][0] : undefined;
  };
  const keyLabel = (key: LiveSnapshot['key']): string | undefined =>
    key === undefined
      ? undefined
      : /(^|:)alias\//.test(key.reference)
        ? key.reference.slice(key.reference.indexOf('alias/'))
        : key.key
          ? `key/${key.key.keyId.slice(0, 8)}…`
          : key.reference;
  const project = t.buildProjectArn?.slice(t.buildProjectArn.lastIndexOf('/') + 1);
  const rule = (arn: string | undefined): string | undefined =>
    arn === undefined ? undefined : arn.slice(arn.lastIndexOf('/') + 1);
  return {
    keyAlias: keyLabel(snapshot.key),
    bucket: t.bucket,
    // The other regions' stores (artifactStores), drawn when targets act there.
    ...(snapshot.regionalStores === undefined
      ? {}
      : {
          regionalStores: snapshot.regionalStores.map((s) => {
            const label = keyLabel(s.key);
            return {
              region: s.region,
              bucket: s.location,
              ...(label === undefined ? {} : { keyLabel: label }),
            };
          }),
        }),
    pipeline: t.pipelineName,
    pipelineRole: name(t.pipelineRole),
    buildProject: project,
    buildRole: name(t.buildRole),
    triggerRole: name(t.triggerRole),
    startRule: rule(t.startRuleArn),
    sourceRole: name(t.sourceRole),
    forwardRule: rule(t.forwardRuleArn),
    forwardRole: name(t.forwardRole),
    deployRole: common(t.targets.map((x) => x.deployRole)),
    execRole: common(t.targets.map((x) => x.execRole)),
  };
}

export function reportFinding(f: DoctorFinding): Finding {
  return {
    severity: f.severity,
    step: f.step,
    title: `${TITLES[f.category]}: ${f.step}`,
    detail: f.statement ? `${f.message} (at ${f.statement})` : f.message,
    fix: f.fix,
    account: f.account,
  };
}

/**
 * Live policies in the report's shape. A live statement has no recorded reason, so its
 * "why" is what doctor saw it do: the access checks it decides, and the findings about it.
 */
export function livePolicyEntries(
  policies: readonly PolicyInput[],
  report: Pick<DoctorReport, 'verify' | 'findings'>,
): PolicyEntry[] {
  const decided = new Map<string, AccessResult[]>();
  for (const r of report.verify.rows) {
    for (const d of r.deciding) {
      const key = `${d.policy}/${d.statement}`;
      const list = decided.get(key);
      if (list) list.push(r);
      else decided.set(key, [r]);
    }
  }
  return policies.map((p) => {
    const document = policyDocument(p.document);
    const reasons: Record<string, string> = {};
    document.Statement.forEach((s, i) => {
      const sid = s.Sid ? s.Sid : `#${i}`;
      const key = `${p.name}/${sid}`;
      // A finding names its statements: those at fault (a broad grant), or the closest
      // statements to change (a denied request).
      const notes = report.findings
        .filter((f) => f.statements?.some((r) => refersTo(r, p.name, s.Sid, i)))
        .map((f) => `doctor ${f.severity}: ${f.message}`);
      const rows = decided.get(key) ?? [];
      if (rows.length > 0) notes.push(checksText(rows));
      if (notes.length > 0) reasons[sid] = notes.join(' · ');
    });
    const managed = report.findings.filter((f) =>
      f.statements?.some(
        (r) => r.policy === p.name && r.sid === undefined && r.index === undefined,
      ),
    );
    if (managed.length > 0 && document.Statement.length > 0) {
      const sid = document.Statement[0].Sid ? document.Statement[0].Sid : '#0';
      reasons[sid] = [
        ...managed.map((f) => `doctor ${f.severity}: ${f.message}`),
        ...(reasons[sid] ? [reasons[sid]] : []),
      ].join(' · ');
    }
    return {
      name: p.name,
      kind: p.kind,
      account: p.account,
      attachedTo: p.attachedTo,
      document,
      reasons,
    };
  });
}

/** `decides 3 checks: source.write s3:PutObject (✔), …`. */
function checksText(rows: readonly AccessResult[]): string {
  const seen = new Map<string, boolean>();
  for (const r of rows) {
    const key = `${r.step} ${r.action}`;
    seen.set(key, (seen.get(key) ?? true) && r.ok);
  }
  const items = [...seen];
  const shown = items
    .slice(0, REASON_CHECKS)
    .map(([k, ok]) => `${k} (${ok ? '✔' : '✘'})`)
    .join(', ');
  const more = items.length > REASON_CHECKS ? `, +${items.length - REASON_CHECKS} more` : '';
  return `decides ${rows.length} check${rows.length === 1 ? '' : 's'}: ${shown}${more}`;
}

/** A live document (object or JSON text, `Statement` one object or a list) as a list of statements. */
function policyDocument(document: unknown): PolicyDocument {
  let d: unknown = document;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d) as unknown;
    } catch {
      d = undefined;
    }
  }
  const s = (d as { Statement?: unknown } | null | undefined)?.Statement;
  const list = Array.isArray(s) ? s : s && typeof s === 'object' ? [s] : [];
  return { Version: '2012-10-17', Statement: list as PolicyStatement[] };
}
