/**
 * Credentials per account, first match wins (docs/design.md §8):
 *
 *   1. --profile ALIAS=NAME                      (a profile of the shared config files)
 *   2. accounts.<alias>.profile in the config    (SSO, credential_process, role_arn… via the SDK)
 *   3. --assume-role NAME / credentials.assumeRole: sts:AssumeRole into
 *      arn:<partition>:iam::<id>:role/NAME from the base credentials (the SDK default chain)
 *   4. the base credentials themselves
 *
 * Before anything touches an account, sts:GetCallerIdentity must name the account the config
 * names; otherwise we refuse and say which profile or role gave which account.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CrosslineError } from '../errors/index.js';
import { partitionOf, roleArn as arnOfRole } from '../model/index.js';
import { clientConfig, HTTP_TIMEOUTS } from './http-timeouts.js';
import { sendOptions } from './api-session.js';
import { withRetry, type RetryOptions } from './retry.js';
import { errorMessage, errorName } from './sdk-errors.js';
import { refreshingCredentials, type RefreshingCredentials } from './session.js';
import type { AwsClientConfig } from './types.js';

export interface AccountRef {
  readonly alias: string;
  readonly id: string;
  readonly profile?: string | undefined;
}

export interface CredentialOptions {
  readonly region: string;
  /** From `--profile ALIAS=NAME` (see {@link parseProfileFlags}). */
  readonly profiles?: Readonly<Record<string, string>>;
  /** Role name to assume where no profile applies: `--assume-role`, else `credentials.assumeRole`. */
  readonly assumeRole?: string | undefined;
  /** `--endpoint-url`; falls back to `env.AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
  /** Environment to read AWS_ENDPOINT_URL from (the CLI passes process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** RoleSessionName of assumed roles. Default `crossline`. */
  readonly sessionName?: string;
  /** Lifetime of assumed-role sessions. Default 3600 s. */
  readonly durationSeconds?: number;
  /** Refresh a session this long before it expires. Default 5 minutes. */
  readonly refreshBeforeMs?: number;
  readonly retry?: RetryOptions;
  readonly now?: () => number;
  /** Base credentials for step 3/4. Default: the SDK's default provider chain. */
  readonly baseCredentials?: AwsCredentialIdentityProvider;
}

/** Credentials for one account, checked to be that account's. */
export interface AccountSession {
  readonly account: AccountRef;
  /** Ready for any SDK client (or the narrow APIs of this module). */
  readonly config: AwsClientConfig;
  /** Where the credentials came from, in words, e.g. `profile client-admin (accounts.source.profile)`. */
  readonly via: string;
  /** The ARN sts:GetCallerIdentity returned (an identity, not a secret). */
  readonly callerArn: string;
  /** Drop the cached session so the next request gets a new one (after ExpiredToken). */
  expire(): void;
  /** Retry settings every API built from this session uses. */
  readonly retry: RetryOptions;
}

export interface SessionPool {
  /**
   * The checked session of an account in a region (default: the pool's region). Credentials
   * are resolved and checked once per account and shared by every region of that account;
   * each (account, region) gets one session whose config names that region.
   */
  get(account: AccountRef, region?: string): Promise<AccountSession>;
}

/** The endpoint every client uses: --endpoint-url, else AWS_ENDPOINT_URL, else AWS's. */
export function resolveEndpoint(
  options: Pick<CredentialOptions, 'endpoint' | 'env'>,
): string | undefined {
  const e = options.endpoint ?? options.env?.AWS_ENDPOINT_URL;
  return e === undefined || e === '' ? undefined : e;
}

/**
 * Turns one account of the config into an {@link AwsClientConfig}, after checking with
 * sts:GetCallerIdentity that the credentials belong to it.
 * @throws CrosslineError `CredentialsMissing` (no credentials, role not assumable) or
 *   `AccountMismatch` (credentials of another account).
 */
export async function accountClientConfig(
  account: AccountRef,
  options: CredentialOptions,
): Promise<AwsClientConfig> {
  return (await createSessionPool(options).get(account)).config;
}

/** Like {@link accountClientConfig}, with the provenance of the credentials. */
export function resolveAccount(
  account: AccountRef,
  options: CredentialOptions,
): Promise<AccountSession> {
  return createSessionPool(options).get(account);
}

/**
 * One pool per command: the base credentials and each account's credentials are resolved once;
 * sessions are pooled per (account, region) over them.
 */
export function createSessionPool(options: CredentialOptions): SessionPool {
  const endpoint = resolveEndpoint(options);
  const retry: RetryOptions = { ...(endpoint ? { endpoint } : {}), ...options.retry };
  /** Per account, in the pool's region: where the credentials are resolved and checked. */
  const accounts = new Map<string, Promise<AccountSession>>();
  /** Per account and region: the account's session with the region's client config. */
  const sessions = new Map<string, Promise<AccountSession>>();
  let base:
    | {
        provider: AwsCredentialIdentityProvider;
        identity: Promise<{ account: string; arn: string }>;
      }
    | undefined;

  const baseCredentials = (): NonNullable<typeof base> => {
    if (base === undefined) {
      const provider =
        options.baseCredentials ??
        fromNodeProviderChain({
          clientConfig: {
            region: options.region,
            requestHandler: HTTP_TIMEOUTS,
            ...(endpoint ? { endpoint } : {}),
          },
        });
      const identity = callerIdentity(
        provider,
        options.region,
        endpoint,
        retry,
        'the default credentials',
      );
      // Only accounts that assume a role await the base identity; without one the check
      // still runs, and its failure must not end the process as an unhandled rejection
      // (each account's own identity check reports it).
      identity.catch(() => undefined);
      base = { provider, identity };
    }
    return base;
  };

  const resolve = async (account: AccountRef): Promise<AccountSession> => {
    const refresh = { now: options.now, refreshBeforeMs: options.refreshBeforeMs };
    const flagProfile = options.profiles?.[account.alias];
    let provider: RefreshingCredentials;
    let via: string;
    if (flagProfile !== undefined) {
      via = `profile ${flagProfile} (--profile ${account.alias}=${flagProfile})`;
      provider = refreshingCredentials(
        profileFetcher(flagProfile, options.region, endpoint),
        refresh,
      );
    } else if (account.profile !== undefined) {
      via = `profile ${account.profile} (accounts.${account.alias}.profile in the config)`;
      provider = refreshingCredentials(
        profileFetcher(account.profile, options.region, endpoint),
        refresh,
      );
    } else if (options.assumeRole !== undefined) {
      const b = baseCredentials();
      const baseIdentity = await b.identity;
      if (baseIdentity.account === account.id) {
        // Already in the account (typically the tools account): no role to hop through.
        via = `the default credentials (${baseIdentity.arn}, already in account ${account.id})`;
        provider = refreshingCredentials(() => b.provider(), refresh);
      } else {
        const roleArn = arnOfRole(
          partitionOf(options.region) ?? 'aws',
          account.id,
          options.assumeRole,
        );
        via = `role ${roleArn} assumed from the default credentials (${baseIdentity.arn})`;
        provider = refreshingCredentials(
          () =>
            assumeRole(b.provider, roleArn, account, baseIdentity.arn, options, endpoint, retry),
          refresh,
        );
      }
    } else {
      via = 'the default credentials';
      const b = baseCredentials();
      provider = refreshingCredentials(() => b.provider(), refresh);
    }

    const identity = await callerIdentity(provider, options.region, endpoint, retry, via, account);
    if (identity.account !== account.id) {
      throw new CrosslineError(
        'AccountMismatch',
        'external',
        `${via} gave account ${identity.account} (${identity.arn}), but the config says ${account.alias} is ${account.id}; refusing to touch it`,
        {
          hint: `pass --profile ${account.alias}=PROFILE with a profile of account ${account.id}, or correct accounts.${account.alias} in the config`,
          details: { alias: account.alias, expected: account.id, actual: identity.account, via },
        },
      );
    }
    return {
      account,
      via,
      callerArn: identity.arn,
      retry,
      expire: () => provider.invalidate(),
      config: clientConfig(options.region, provider, endpoint),
    };
  };

  return {
    get(account, region = options.region) {
      const key = `${account.alias}/${account.id}`;
      let home = accounts.get(key);
      if (home === undefined) {
        home = resolve(account);
        accounts.set(key, home);
      }
      if (region === options.region) return home;
      const regional = `${key}/${region}`;
      let s = sessions.get(regional);
      if (s === undefined) {
        s = home.then((h) => ({ ...h, config: { ...h.config, region } }));
        sessions.set(regional, s);
      }
      return s;
    },
  };
}

function profileFetcher(
  profile: string,
  region: string,
  endpoint: string | undefined,
): () => Promise<AwsCredentialIdentity> {
  // fromIni understands static keys, role_arn/source_profile, SSO and credential_process.
  const provider = fromIni({
    profile,
    clientConfig: {
      region,
      maxAttempts: 1,
      requestHandler: HTTP_TIMEOUTS,
      ...(endpoint ? { endpoint } : {}),
    },
  });
  return explainedFailure(
    provider,
    `cannot get credentials from profile ${profile}`,
    `check the profile in your AWS config (for SSO: aws sso login --profile ${profile})`,
  );
}

/**
 * `provider`, its failure turned into a `CredentialsMissing` error: `failure` says which
 * credentials could not be had (the provider's reason follows), `hint` what to do.
 */
export function explainedFailure(
  provider: AwsCredentialIdentityProvider,
  failure: string,
  hint: string,
): AwsCredentialIdentityProvider {
  return async () => {
    try {
      return await provider();
    } catch (e) {
      throw new CrosslineError('CredentialsMissing', 'external', `${failure}: ${errorMessage(e)}`, {
        hint,
        cause: e,
      });
    }
  };
}

async function assumeRole(
  base: AwsCredentialIdentityProvider,
  roleArn: string,
  account: AccountRef,
  baseArn: string,
  options: CredentialOptions,
  endpoint: string | undefined,
  retry: RetryOptions,
): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(clientConfig(options.region, base, endpoint));
  try {
    const out = await withRetry(
      'sts:AssumeRole',
      (_, signal) =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: options.sessionName ?? 'crossline',
            DurationSeconds: options.durationSeconds ?? 3600,
          }),
          sendOptions(signal),
        ),
      retry,
    );
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
      throw new Error('sts:AssumeRole returned no credentials');
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
    };
  } catch (e) {
    throw new CrosslineError(
      'CredentialsMissing',
      'external',
      `cannot assume ${roleArn} for ${account.alias} from ${baseArn}: ${errorName(e)}: ${errorMessage(e)}`,
      {
        hint: `the role must exist in ${account.id} and trust ${baseArn}; or pass --profile ${account.alias}=PROFILE`,
        cause: e,
      },
    );
  } finally {
    sts.destroy();
  }
}

async function callerIdentity(
  credentials: AwsCredentialIdentityProvider,
  region: string,
  endpoint: string | undefined,
  retry: RetryOptions,
  via: string,
  account?: AccountRef,
): Promise<{ account: string; arn: string }> {
  const sts = new STSClient(clientConfig(region, credentials, endpoint));
  try {
    const out = await withRetry(
      'sts:GetCallerIdentity',
      (_, signal) => sts.send(new GetCallerIdentityCommand({}), sendOptions(signal)),
      retry,
    );
    return { account: out.Account ?? '', arn: out.Arn ?? '' };
  } catch (e) {
    if (e instanceof CrosslineError) throw e;
    const target = account ? ` for ${account.alias} (${account.id})` : '';
    throw new CrosslineError(
      'CredentialsMissing',
      'external',
      `no usable credentials${target} from ${via}: ${errorMessage(e)}`,
      {
        hint: 'configure credentials (AWS_PROFILE, aws configure, aws sso login), then pass --profile ALIAS=NAME per account, or --assume-role NAME (credentials.assumeRole in the config) to assume that role in each account from them',
        cause: e,
      },
    );
  } finally {
    sts.destroy();
  }
}
