import type { PipelineDocument } from '../../aws/pipeline-api.js';
import type { S3ReadApi } from '../../aws/s3-api.js';
import type { KmsReadApi } from '../../aws/kms-api.js';
import { bucketArn } from '../../model/index.js';
import { accountOf } from '../pipeline-ref.js';
import type { KeyRead, RegionalStoreRead, UnreadItem } from './snapshot.js';

type ArtifactStore = NonNullable<PipelineDocument['pipeline']['artifactStore']>;

/** Runs one read; on failure records it in `unread` and gives undefined (read-live.ts). */
export type Attempt = <T>(
  what: string,
  account: string,
  fn: () => Promise<T>,
  arn?: string,
) => Promise<T | undefined>;

/** S3 and KMS of an account in a region (LiveReaders' `s3` and `kms`). */
export interface StoreReaders {
  s3(account: string, region?: string): Promise<S3ReadApi>;
  kms(account: string, region?: string): Promise<KmsReadApi>;
}

/**
 * The store of the pipeline's region: `artifactStore`, or with `artifactStores` (actions in
 * several regions) the entry of the pipeline's region, which CodePipeline requires there.
 */
export function mainStore(
  pipeline: PipelineDocument['pipeline'],
  region: string,
): ArtifactStore | undefined {
  const stores = pipeline.artifactStores ?? {};
  return pipeline.artifactStore ?? stores[region] ?? Object.values(stores)[0];
}

/**
 * The artifact stores of the other regions, each read with clients of its own region: S3
 * answers a bucket's requests in the bucket's region only, and a KMS key lives in one region
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html:
 * an artifact store, bucket and key, per region an action runs in).
 */
export async function readRegionalStores(
  pipeline: PipelineDocument['pipeline'],
  home: { readonly account: string; readonly region: string; readonly partition: string },
  readers: StoreReaders,
  attempt: Attempt,
  unread: readonly UnreadItem[],
): Promise<RegionalStoreRead[]> {
  const main = mainStore(pipeline, home.region);
  const out: RegionalStoreRead[] = [];
  for (const [region, store] of Object.entries(pipeline.artifactStores ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (store === main) continue;
    const bucket = await attempt(
      `bucket ${store.location}`,
      home.account,
      async () => (await readers.s3(home.account, region)).readBucket(store.location),
      bucketArn(home.partition, store.location),
    );
    let key: KeyRead | undefined;
    const reference = store.encryptionKey?.id;
    if (reference !== undefined) {
      const keyAccount = accountOf(reference) ?? home.account;
      const what = `key ${reference}`;
      const live = await attempt(
        what,
        keyAccount,
        async () => (await readers.kms(keyAccount, region)).readKey(reference),
        reference,
      );
      // undefined and not unread: the key does not exist (readKey's answer), recorded as null.
      if (live !== undefined || !unread.some((u) => u.what === what))
        key = { reference, account: keyAccount, key: live ?? null };
    }
    out.push({
      region,
      location: store.location,
      ...(bucket ? { bucket } : {}),
      ...(key ? { key } : {}),
    });
  }
  return out;
}
