/**
 * The deploy order of plan.json as waves: a stack's wave is one more than the latest wave
 * it depends on, so every stack in a wave can be deployed in parallel.
 */
import type { PlanDocument, StackPlan } from '../synth/types.js';
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

export function deploySection(plan: PlanDocument | undefined): string {
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
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (waves.get(a.s.id) ?? 0) - (waves.get(b.s.id) ?? 0) || a.i - b.i);
  return (
    `<section id="deploy">${head}${notes}` +
    `<table class="deploy"><thead><tr><th>Wave</th><th>Stack</th><th>Kind</th><th>Account</th><th>Region</th><th>Depends on</th><th>Parameters</th></tr></thead><tbody>` +
    ordered
      .map(
        ({ s }) =>
          `<tr data-stack="${esc(s.id)}" data-wave="${waves.get(s.id) ?? 0}"><td class="wave">${waves.get(s.id) ?? 0}</td><td><code>${esc(s.name)}</code></td><td>${esc(s.kind)}</td>` +
          `<td>${esc(s.account.alias)} <span class="muted mono">${esc(s.account.id)}</span></td><td>${esc(s.region)}</td>` +
          `<td>${s.dependsOn.length ? s.dependsOn.map((d) => `<div class="mono">${esc(d)}</div>`).join('') : '<span class="muted">—</span>'}</td>` +
          `<td>${parameters(s)}</td></tr>`,
      )
      .join('') +
    `</tbody></table>${placeholders}</section>`
  );
}
