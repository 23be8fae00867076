/**
 * Time, injected: `watch` sleeps between polls and may give up after a timeout. Tests pass
 * a clock whose sleep returns at once, so a whole run is watched in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
