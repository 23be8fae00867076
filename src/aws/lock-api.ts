/**
 * A mutual-exclusion record in the tools account: an SSM parameter created with
 * `Overwrite: false`, which AWS creates atomically or refuses with ParameterAlreadyExists.
 * It needs nothing deployed first, so it also guards the very first deploy (when the
 * artifact bucket does not exist yet).
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { errorName } from './sdk-errors.js';
import { sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

export interface LockApi {
  /** true when this call created the record; false when it already exists. */
  tryCreate(name: string, value: string, description: string): Promise<boolean>;
  read(name: string): Promise<string | undefined>;
  remove(name: string): Promise<void>;
}

export function createLockApi(session: ApiSession): LockApi {
  const { client, call } = sessionClient(session, 'ssm', SSMClient);
  return {
    async tryCreate(name, value, description) {
      return call('PutParameter', async (attempt) => {
        try {
          await client.send(
            new PutParameterCommand({
              Name: name,
              Value: value,
              Type: 'String',
              Overwrite: false,
              Description: description,
            }),
          );
          return true;
        } catch (e) {
          if (errorName(e) !== 'ParameterAlreadyExists') throw e;
          // After a lost answer the record may be our own first attempt's.
          if (attempt > 1)
            return (
              (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value ===
              value
            );
          return false;
        }
      });
    },
    async read(name) {
      const out = await orUndefinedOn(
        call('GetParameter', () => client.send(new GetParameterCommand({ Name: name }))),
        'ParameterNotFound',
      );
      return out?.Parameter?.Value;
    },
    async remove(name) {
      await orUndefinedOn(
        call('DeleteParameter', () => client.send(new DeleteParameterCommand({ Name: name }))),
        'ParameterNotFound',
      );
    },
  };
}
