/**
 * Headless Chromium (Debian's package) driven by playwright-core, for the report tests.
 * Missing Chromium fails under CI=true and skips with a notice otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CROSSLINE_CHROMIUM ?? '/usr/bin/chromium';

/** undefined when the tests can run; otherwise why they are skipped. Throws under CI. */
export function chromiumSkip(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${why}: required when CI=true`);
  console.log(`# SKIP report browser tests: ${why}`);
  return why;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'crossline-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
