import type { SynthContext } from './context.js';
import { artifactStores, type ArtifactStore } from './regions.js';

/**
 * The pipeline's artifact store(s). One region: `artifactStore`, as before. Several:
 * `artifactStores`, one per region with its own bucket and key, and no `artifactStore` (the
 * API takes one or the other: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html).
 * Keys by ARN: an alias does not resolve in the source and target accounts.
 */
export function apiArtifactStores(ctx: SynthContext): Record<string, unknown> {
  const stores = artifactStores(ctx);
  const api = (s: ArtifactStore) => ({
    type: 'S3',
    location: s.bucket,
    encryptionKey: { id: s.key, type: 'KMS' },
  });
  if (stores.length === 1) return { artifactStore: api(stores[0]) };
  return { artifactStores: Object.fromEntries(stores.map((s) => [s.region, api(s)])) };
}

/** The same in CloudFormation (`AWS::CodePipeline::Pipeline` ArtifactStore / ArtifactStores). */
export function cfnArtifactStores(ctx: SynthContext): Record<string, unknown> {
  const stores = artifactStores(ctx);
  const cfn = (s: ArtifactStore) => ({
    Type: 'S3',
    Location: s.bucket,
    EncryptionKey: { Type: 'KMS', Id: s.key },
  });
  if (stores.length === 1) return { ArtifactStore: cfn(stores[0]) };
  return { ArtifactStores: stores.map((s) => ({ Region: s.region, ArtifactStore: cfn(s) })) };
}
