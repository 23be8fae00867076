import type { IoHost, IoMessage } from '../../src/io/index.js';
import type { Clock } from '../../src/ops/index.js';
import type { PipelineRef } from '../../src/ops/index.js';
import { ACCOUNTS } from '../fakes/pipelines.js';

export function recordingIo(): IoHost & { messages: IoMessage[] } {
  const messages: IoMessage[] = [];
  return { messages, notify: (m) => void messages.push(m) };
}

/** A clock whose sleep returns at once (advancing fake time) after running `onSleep`. */
export function fakeClock(
  onSleep: () => Promise<void> | void = () => {},
): Clock & { sleeps: number } {
  let t = 0;
  const clock = {
    sleeps: 0,
    now: () => t,
    sleep: async (ms: number) => {
      clock.sleeps += 1;
      t += ms;
      await onSleep();
    },
  };
  return clock;
}

export const MY_APP_REF: PipelineRef = {
  name: 'my-app',
  region: 'us-east-1',
  partition: 'aws',
  account: ACCOUNTS.tools,
  aliases: new Map(Object.entries(ACCOUNTS).map(([alias, id]) => [id, alias])),
};

export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
