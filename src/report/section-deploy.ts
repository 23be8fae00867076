/**
 * The deploy order of plan.json as waves: a stack's wave is one more than the latest wave
 * it depends on, so every stack in a wave can be deployed in parallel.
 */
import type { PlanDocument, StackPlan } from '../synth/types.js';
import type { StageGroup } from './accounts.js';
import { esc } from './escape.js';

export function deployWaves(plan: PlanDocument): Map<string, number> {
  const byId = new Map(plan.stacks.map((s) => [s.id, s]));
  const wave = new Map<string, number>();
  const visit = (s: StackPlan, path: ReadonlySet<string>): number => {
    const known = wave.get(s.id);
    if (known !== undefined) return known;
    // A cycle cannot come out of synth; guard anyway so a broken plan still renders.
    if (path.has(s.id)) return 1;
    const next = new Set(path).add(s.id);
    const deps = s.dependsOn.map((d) => byId.get(d)).filter((d): d is StackPlan => d !== undefined);
    const w = 1 + Math.max(0, ...deps.map((d) => visit(d, next)));
    wave.set(s.id, w);
    return w;
  };
  for (const s of plan.stacks) visit(s, new Set());
  return wave;
}

function parameters(s: StackPlan): string {
  if (s.parameters.length === 0) return '<span class="muted">—</span>';
  return s.parameters
    .map((p) => {
      const value = p.fromOutput
        ? `← ${p.fromOutput.stack} · ${p.fromOutput.output}`
        : (p.value ?? '');
      return `<div><code>${esc(p.name)}</code> <span class="mono">${esc(value)}</span></div>`;
    })
    .join('');
}

const HEAD = `<thead><tr><th>Wave</th><th>Stack</th><th>Kind</th><th>Account</th><th>Region</th><th>Depends on</th><th>Parameters</th></tr></thead>`;

function row(s: StackPlan, wave: number): string {
  return (
    `<tr data-stack="${esc(s.id)}" data-wave="${wave}"><td class="wave">${wave}</td><td><code>${esc(s.name)}</code></td><td>${esc(s.kind)}</td>` +
    `<td>${esc(s.account.alias)} <span class="muted mono">${esc(s.account.id)}</span></td><td>${esc(s.region)}</td>` +
    `<td>${s.dependsOn.length ? s.dependsOn.map((d) => `<div class="mono">${esc(d)}</div>`).join('') : '<span class="muted">—</span>'}</td>` +
    `<td>${parameters(s)}</td></tr>`
  );
}

export function deploySection(
  plan: PlanDocument | undefined,
  stageGroups: readonly StageGroup[] = [],
): string {
  const head = `<header><div><h2>Deploy order</h2><p class="sub">The stacks of <code>plan.json</code>; stacks in one wave are deployed in parallel.</p></div></header>`;
  if (!plan)
    return `<section id="deploy">${head}<p class="notice">No deploy plan in this report (a live pipeline is not deployed by crossline).</p></section>`;
  const waves = deployWaves(plan);
  const notes =
    plan.notes.length > 0 ? `<ul>${plan.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const placeholders =
    plan.placeholders.length > 0
      ? `<p class="sub">Known after deploy: ${plan.placeholders.map((p) => `<code>${esc(p.text)}</code> ← ${esc(p.stack)} · ${esc(p.output)}`).join('; ')}</p>`
      : '';
  const ordered = plan.stacks
    .map((s, i) => ({ s, i, wave: waves.get(s.id) ?? 0 }))
    .sort((a, b) => a.wave - b.wave || a.i - b.i);
  // The stacks of a stage drawn as one lane fold into one closed group per wave, after the
  // wave's other stacks (the same grouping as the diagram and the policies).
  const groupOf = new Map<string, StageGroup>();
  for (const g of stageGroups) for (const id of g.ids) groupOf.set(id, g);
  const main: string[] = [];
  const folds = new Map<string, { wave: number; stage: string; rows: string[] }>();
  for (const { s, wave } of ordered) {
    const g = groupOf.get(s.account.id);
    if (!g) {
      main.push(row(s, wave));
      continue;
    }
    const key = `${wave}\u0000${g.stage}`;
    const fold = folds.get(key) ?? { wave, stage: g.stage, rows: [] };
    folds.set(key, fold);
    fold.rows.push(row(s, wave));
  }
  const grouped = [...folds.values()]
    .map(
      (f) =>
        `<details class="deploy-group" data-stage="${esc(f.stage)}" data-wave="${f.wave}"><summary>wave ${f.wave} · stage <b>${esc(f.stage)}</b>: ${f.rows.length} stacks, one per target account</summary>` +
        `<table class="deploy">${HEAD}<tbody>${f.rows.join('')}</tbody></table></details>`,
    )
    .join('');
  return (
    `<section id="deploy">${head}${notes}` +
    `<table class="deploy">${HEAD}<tbody>${main.join('')}</tbody></table>${grouped}${placeholders}</section>`
  );
}
