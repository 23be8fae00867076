/**
 * Targets in several regions (docs/design.md "Regions") as the report shows them: the regions
 * of the subject, the region of a target, and the region an access-script row acts in. A
 * subject of one region has no regions here, so its report is drawn as before.
 */
import type { AccessResult } from '../verify/types.js';
import type { ReportSubject, SubjectTarget } from './types.js';

/** The pipeline region first, then the other target regions sorted; [] for one region. */
export function reportRegions(subject: ReportSubject): readonly string[] {
  const extra = new Set<string>();
  for (const stage of subject.stages)
    for (const t of stage.targets)
      if (t.region !== undefined && t.region !== subject.region) extra.add(t.region);
  return extra.size === 0 ? [] : [subject.region, ...[...extra].sort()];
}

export function targetRegion(subject: ReportSubject, t: SubjectTarget): string {
  return t.region ?? subject.region;
}

/**
 * The region a row acts in: the one its step names (`…@eu-west-1.read`,
 * `pipeline.replicate.eu-west-1`, `…region-eu-west-1`), else the one of its resource (a KMS key
 * ARN, or an artifact bucket, whose name ends with its region); undefined for a global request
 * (IAM, STS).
 */
export function rowRegion(row: AccessResult, regions: readonly string[]): string | undefined {
  const named = (text: string): string | undefined =>
    regions.find((r) => new RegExp(`(^|[.@-])${r}($|[.:/-])`).test(text));
  const kms = /^arn:[^:]+:kms:([^:]+):/.exec(row.resource)?.[1];
  if (kms !== undefined && regions.includes(kms)) return named(row.step) ?? kms;
  const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(row.resource)?.[1];
  return named(row.step) ?? (bucket === undefined ? undefined : named(bucket));
}
