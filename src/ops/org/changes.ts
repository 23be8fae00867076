/**
 * What changed in the organization between the snapshot a config names and the organization
 * as deploy reads it again (issue 16): accounts that join the pipeline's targets (new members
 * of a targeted OU, newly tagged), accounts that leave them (moved out, suspended, excluded),
 * and targeted accounts whose OU path changed (the path is in the policies that grant by
 * aws:PrincipalOrgPaths). Pure: two pipelines in, a sorted list out.
 */
import type { OrgChangePayload } from '../../io/index.js';
import { compareText, type Pipeline } from '../../model/index.js';

/** joined: new targets; left: targets no more; moved: still a target, another OU path (io declares the shape). */
export type OrgChange = OrgChangePayload;

export function organizationChanges(before: Pipeline, after: Pipeline): OrgChange[] {
  const was = targetsByAccount(before);
  const now = targetsByAccount(after);
  const changes: OrgChange[] = [];
  for (const [id, t] of now) {
    const old = was.get(id);
    if (old === undefined) {
      changes.push({ kind: 'joined', accountId: id, alias: t.alias, targets: [...t.targets] });
      continue;
    }
    const gained = [...t.targets].filter((x) => !old.targets.has(x));
    if (gained.length > 0)
      changes.push({ kind: 'joined', accountId: id, alias: t.alias, targets: gained });
    if (old.path !== t.path)
      changes.push({
        kind: 'moved',
        accountId: id,
        alias: t.alias,
        targets: [...t.targets],
        fromPath: old.path,
        toPath: t.path,
      });
  }
  for (const [id, t] of was) {
    const kept = now.get(id)?.targets ?? new Set<string>();
    const lost = [...t.targets].filter((x) => !kept.has(x));
    if (lost.length > 0)
      changes.push({ kind: 'left', accountId: id, alias: t.alias, targets: lost });
  }
  const order = { joined: 0, left: 1, moved: 2 } as const;
  return changes
    .map((c) => ({ ...c, targets: [...c.targets].sort(compareText) }))
    .sort((a, b) => order[a.kind] - order[b.kind] || compareText(a.accountId, b.accountId));
}

/** One line per change, for the terminal and the log. */
export function renderOrgChange(c: OrgChange): string {
  const who = `${c.alias} (${c.accountId})`;
  const where = c.targets.join(', ');
  switch (c.kind) {
    case 'joined':
      return `+ ${who} joins ${where}`;
    case 'left':
      return `- ${who} leaves ${where} (its stacks stay in the account; the pipeline no longer deploys them)`;
    case 'moved':
      return `~ ${who} moved from ${c.fromPath ?? '(no path)'} to ${c.toPath ?? '(no path)'}`;
  }
}

interface AccountTargets {
  readonly alias: string;
  readonly path: string | undefined;
  readonly targets: Set<string>;
}

function targetsByAccount(p: Pipeline): Map<string, AccountTargets> {
  const out = new Map<string, AccountTargets>();
  for (const stage of p.stages) {
    for (const t of stage.targets) {
      const key = `${stage.name}/${t.stack}${t.region !== undefined && t.region !== p.region ? `@${t.region}` : ''}`;
      let entry = out.get(t.account.id);
      if (entry === undefined) {
        entry = { alias: t.account.alias, path: t.account.orgPath, targets: new Set() };
        out.set(t.account.id, entry);
      }
      entry.targets.add(key);
    }
  }
  return out;
}
