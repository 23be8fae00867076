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
