/**
 * How a template reaches CloudFormation. Up to 51,200 bytes it goes inline (TemplateBody);
 * larger ones (the pipeline stack past ~70 targets) are uploaded to the artifact bucket and
 * passed as TemplateURL. The bucket lives in the tools account and is made by the artifacts
 * stack, so only stacks of that account deployed after it can take this way; the rest are
 * refused with a clear message.
 */
import { IO } from '../io/index.js';
import { createHash } from 'node:crypto';
import { CrosslineError } from '../errors/index.js';
import { PARAM } from '../synth/placeholders.js';
import type { PlanDocument, StackId, StackPlan } from '../synth/types.js';
import type { DeployEnvironment } from './types.js';

/** CloudFormation's limit for TemplateBody (larger templates need TemplateURL). */
export const MAX_TEMPLATE_BODY = 51_200;

/** Folder of the artifact bucket that holds uploaded templates. */
export const TEMPLATE_PREFIX = 'crossline/templates/';

/**
 * undefined: send the body inline. Otherwise the TemplateURL of the uploaded template, under a
 * key named by its content, so a rerun overwrites the same object with the same bytes.
 */
export async function templateUrlFor(
  sp: StackPlan,
  templateBody: string,
  plan: Pick<PlanDocument, 'stacks'>,
  outputs: ReadonlyMap<StackId, Readonly<Record<string, string>>>,
  env: Pick<DeployEnvironment, 'io' | 'artifactStoreApi'>,
): Promise<string | undefined> {
  const size = Buffer.byteLength(templateBody);
  if (size <= MAX_TEMPLATE_BODY) return undefined;
  const refuse = (why: string, hint: string) =>
    new CrosslineError(
      'StackFailed',
      'external',
      `the template of ${sp.id} is ${size} bytes; CloudFormation takes at most ${MAX_TEMPLATE_BODY} inline, ${why}`,
      { hint },
    );
  const split = 'split the targets over more stages';
  const artifacts = plan.stacks.find((s) => s.kind === 'artifacts');
  if (artifacts === undefined || sp.kind === 'artifacts') {
    throw refuse('and the bucket that larger templates go through is made by this stack', split);
  }
  if (sp.account.id !== artifacts.account.id) {
    throw refuse(
      `and the artifact bucket that larger templates go through is in ${artifacts.account.alias}, not ${sp.account.alias}`,
      split,
    );
  }
  const store = outputs.get(artifacts.id);
  const bucket = store?.[PARAM.bucketName];
  const kmsKeyId = store?.[PARAM.keyArn];
  if (bucket === undefined || kmsKeyId === undefined || env.artifactStoreApi === undefined) {
    throw refuse(
      `and the artifact bucket is not known (no ${PARAM.bucketName} and ${PARAM.keyArn} outputs of ${artifacts.id})`,
      `check that ${artifacts.id} is deployed with its outputs, or ${split}`,
    );
  }
  const sha = createHash('sha256').update(templateBody).digest('hex');
  const key = `${TEMPLATE_PREFIX}${sp.name}-${sha}.json`;
  const url = await (
    await env.artifactStoreApi(artifacts.region)
  ).uploadTemplate({ bucket, key, body: templateBody, kmsKeyId });
  env.io.notify(
    IO.DEPLOY_TEMPLATE_UPLOAD.msg(
      `${sp.id}: template is ${size} bytes, over the inline limit; uploaded to s3://${bucket}/${key}`,
      { id: sp.id, bytes: size, bucket, key, url },
    ),
  );
  return url;
}
