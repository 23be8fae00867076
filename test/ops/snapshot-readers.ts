/**
 * LiveReaders that answer from a saved doctor snapshot (the `--save` file) the way the live
 * reads would: each role by its account and name, the bucket, the key, the buses' rules and the
 * build projects. A test replaces the readers it is about (`overrides`) and keeps the rest.
 */
import type { LiveReaders, LiveSnapshot } from '../../src/ops/index.js';

/** An API object as a reader resolves it (only the methods doctor calls). */
export const readerApi = <T>(x: T): Promise<T> => Promise.resolve(x);

export function snapshotReaders(
  saved: LiveSnapshot,
  overrides: Partial<LiveReaders> = {},
): LiveReaders {
  return {
    iam: (account) =>
      readerApi({
        readRole: (name: string) =>
          Promise.resolve(saved.roles[`arn:aws:iam::${account}:role/${name}`] ?? undefined),
      }),
    s3: () => readerApi({ readBucket: () => Promise.resolve(structuredClone(saved.bucket!)) }),
    kms: () =>
      readerApi({
        readKey: () => {
          const key = saved.key?.key ?? undefined;
          return Promise.resolve(key === undefined ? undefined : structuredClone(key));
        },
      }),
    events: (account) =>
      readerApi({
        busPolicy: () => Promise.resolve(saved.toolsBus?.policy ?? null),
        rulesTargeting: () =>
          Promise.resolve([
            ...((account === saved.pipelineAccount ? saved.startRules : saved.forwardRules) ?? []),
          ]),
      }),
    codebuild: () =>
      readerApi({
        readProject: (name: string) =>
          Promise.resolve(saved.buildProjects?.find((p) => p.name === name)?.project ?? undefined),
      }),
    ...overrides,
  };
}
