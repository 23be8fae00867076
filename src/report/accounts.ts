import { GROUP_THRESHOLD } from './diagram/stages.js';
import type { ReportSubject, SubjectAccount } from './types.js';

/** Every account of the subject, in lane order (source, tools, then targets by stage). */
export function subjectAccounts(s: ReportSubject): SubjectAccount[] {
  const seen = new Map<string, SubjectAccount>();
  const add = (a: SubjectAccount): void => {
    if (!seen.has(a.id)) seen.set(a.id, a);
  };
  add(s.source.account);
  add(s.tools);
  for (const stage of s.stages) for (const t of stage.targets) add(t.account);
  return [...seen.values()];
}

/** `alias (id)` for a known account id, the id itself otherwise. */
export function accountLabel(accounts: ReadonlyMap<string, SubjectAccount>, id: string): string {
  const a = accounts.get(id);
  return a ? `${a.alias} (${id})` : id;
}

export function accountIndex(s: ReportSubject): Map<string, SubjectAccount> {
  return new Map(subjectAccounts(s).map((a) => [a.id, a]));
}

/** A stage drawn as one lane (more than GROUP_THRESHOLD target accounts of its own). */
export interface StageGroup {
  readonly stage: string;
  /** Its target accounts other than the tools and source accounts, in config order. */
  readonly ids: readonly string[];
}

/**
 * The stages the diagram draws as one lane; the policies and deploy sections fold their
 * accounts the same way, so a 50-target page stays a few screens long. An account in two
 * such stages belongs to the first.
 */
export function stageGroups(s: ReportSubject): StageGroup[] {
  const taken = new Set([s.tools.id, s.source.account.id]);
  const groups: StageGroup[] = [];
  for (const stage of s.stages) {
    const outside = [...new Set(stage.targets.map((t) => t.account.id))].filter(
      (id) => id !== s.tools.id && id !== s.source.account.id,
    );
    if (outside.length <= GROUP_THRESHOLD) continue;
    const ids = outside.filter((id) => !taken.has(id));
    for (const id of ids) taken.add(id);
    if (ids.length > 0) groups.push({ stage: stage.name, ids });
  }
  return groups;
}
