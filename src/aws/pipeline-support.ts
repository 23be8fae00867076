import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CrosslineError } from '../errors/index.js';
import type { AwsClientConfig } from './types.js';

/** The SDK adapter's support: error translation and moto's timestamp quirk (pipeline-api.ts). */

export function iso(d: Date | undefined): string | undefined {
  return d === undefined ? undefined : d.toISOString();
}

/**
 * moto sends get-pipeline's metadata timestamps as ISO strings where the API sends epoch
 * seconds, and the SDK then refuses the whole response. This middleware sits just inside the
 * deserializer and rewrites those strings to numbers; real AWS responses pass unchanged.
 */
export function lenientPipelineTimestamps(client: CodePipelineClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetPipelineCommand') return result;
      const response = result.response as { statusCode?: number; body?: unknown };
      const body = response.body as AsyncIterable<Uint8Array> | undefined;
      if (
        response.statusCode !== 200 ||
        body === undefined ||
        typeof body[Symbol.asyncIterator] !== 'function'
      )
        return result;
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      response.body = new TextEncoder().encode(epochTimestamps(text));
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'crosslineLenientPipelineTimestamps' },
  );
}

function epochTimestamps(text: string): string {
  try {
    const doc = JSON.parse(text) as { metadata?: Record<string, unknown> };
    const m = doc.metadata;
    if (m === undefined) return text;
    for (const k of ['created', 'updated', 'pollingDisabledAt']) {
      const v = m[k];
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) m[k] = Date.parse(v) / 1000;
    }
    return JSON.stringify(doc);
  } catch {
    return text;
  }
}

export function required<T>(value: T | undefined, operation: string, member: string): T {
  if (value === undefined) {
    throw new CrosslineError('AwsRequestFailed', 'external', `${operation} returned no ${member}`);
  }
  return value;
}

/** SDK errors become CrosslineErrors a user can act on (never with credentials in them). */
export function pipelineError(
  operation: string,
  pipeline: string,
  config: AwsClientConfig,
  e: unknown,
): CrosslineError {
  if (e instanceof CrosslineError) return e;
  const name = (e as { name?: string }).name ?? 'Error';
  const message = (e as { message?: string }).message ?? String(e);
  const where = `in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  if (name === 'PipelineNotFoundException') {
    return new CrosslineError(
      'PipelineNotFound',
      'external',
      `pipeline '${pipeline}' not found ${where}`,
      {
        hint: 'check --pipeline/--region (or the config name and region) and that the credentials are for the pipeline (tools) account',
        cause: e,
      },
    );
  }
  const hint =
    name === 'CredentialsProviderError' || /credential/i.test(message)
      ? 'no AWS credentials found: pass --profile, or set AWS_PROFILE / AWS_ACCESS_KEY_ID'
      : name === 'AccessDeniedException' || /not authorized/i.test(message)
        ? `the caller needs codepipeline:${operation} on the pipeline`
        : undefined;
  return new CrosslineError(
    'AwsRequestFailed',
    'external',
    `CodePipeline ${operation} failed for '${pipeline}' ${where}: ${name}: ${message}`,
    {
      ...(hint ? { hint } : {}),
      cause: e,
      details: { operation, pipeline, errorName: name },
    },
  );
}
