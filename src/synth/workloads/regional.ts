import { ARTIFACT_KEY_ENV, packagedPathIn, packagesPrefix } from '../../model/index.js';
import type { Json } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { extraStores, packagedIn } from '../regions.js';
import { because, REGION_DOCS } from '../policies/sources.js';
import { allow, type Grant } from '../policies/statement.js';
import { WORKLOAD_DOCS } from './docs.js';
import { packagesArn } from './grants.js';

/**
 * The build role packages into each extra region's store (same account: its identity policy
 * decides, the key policy's root statement delegates to it). Only the packages prefix; the
 * key for SSE-KMS uploads, with kms:Decrypt because the CLI uploads large files in parts.
 */
export function buildRoleRegionalGrants(ctx: SynthContext): Grant[] {
  const stores = extraStores(ctx).filter((s) => packagedIn(ctx, s).length > 0);
  if (stores.length === 0) return [];
  return [
    allow({
      sid: 'PackageIntoRegionalStores',
      reason: because(
        `s3:PutObject of packaged code and nested templates under <name>/packages/ in the artifact bucket of ${stores.map((s) => s.region).join(', ')}, when \`aws cloudformation package --region\` uploads them`,
        "Lambda reads S3 code only in its function's region, so each region's targets deploy a template packaged into that region's store; only the packages prefix",
        `${WORKLOAD_DOCS.cliPackage} ; ${WORKLOAD_DOCS.lambdaCode}`,
      ),
      actions: ['s3:PutObject'],
      resources: stores.map((s) => packagesArn(ctx, s)),
    }),
    allow({
      sid: 'EncryptRegionalPackages',
      reason: because(
        `kms:GenerateDataKey / Decrypt with the artifact key of ${stores.map((s) => s.region).join(', ')} when S3 encrypts an uploaded package (SSE-KMS, --kms-key-id)`,
        'uploads in parts need Decrypt as well as GenerateDataKey; only those keys, only through S3',
        `${WORKLOAD_DOCS.s3SseKms} ; ${REGION_DOCS.multipartKms}`,
      ),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: stores.map((s) => s.key),
      condition: {
        StringEquals: { 'kms:ViaService': stores.map((s) => `s3.${s.region}.amazonaws.com`) },
      },
    }),
  ];
}

/** The build environment variable with the key ARN of an extra region's store. */
export function regionalKeyEnv(region: string): string {
  return `${ARTIFACT_KEY_ENV}_${region.toUpperCase().replace(/-/g, '_')}`;
}

const packagingStores = (ctx: SynthContext) =>
  extraStores(ctx).filter((s) => packagedIn(ctx, s).length > 0);

/**
 * `aws cloudformation package` once per extra region, into that region's bucket with its key
 * (an SSE-KMS key must be in the bucket's region), writing `<template>.packaged.<region>.yaml`,
 * which the targets of that region deploy. The main region's commands come first, unchanged.
 */
export function regionalPackageCommands(ctx: SynthContext): string[] {
  return packagingStores(ctx).flatMap((s) =>
    packagedIn(ctx, s).map((t) =>
      [
        'aws cloudformation package',
        `--region ${s.region}`,
        `--template-file ${shellWord(t)}`,
        `--s3-bucket ${s.bucket}`,
        `--s3-prefix ${shellWord(packagesPrefix(ctx.pipeline.name))}`,
        `--kms-key-id "$${regionalKeyEnv(s.region)}"`,
        `--output-template-file ${shellWord(packagedPathIn(t, s.region))}`,
      ].join(' '),
    ),
  );
}

export function regionalPackagedOutputs(ctx: SynthContext): string[] {
  return packagingStores(ctx).flatMap((s) =>
    packagedIn(ctx, s).map((t) => packagedPathIn(t, s.region)),
  );
}

/** The key ARN of each packaging region, from the pipeline stack's parameter. */
export function regionalKeyEnvironment(ctx: SynthContext): Json[] {
  return packagingStores(ctx).map((s) => ({
    Name: regionalKeyEnv(s.region),
    Type: 'PLAINTEXT',
    Value: { Ref: s.keyParam },
  }));
}

/** A word for the shell: plain paths stay as they are, anything else is single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
