/**
 * Headless Chromium (Debian's package) driven by playwright-core, for the report tests.
 * Missing Chromium fails under CI=true and skips with a notice otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

/** Pairs of SVG labels whose rendered boxes overlap (more than half a pixel each way). */
export async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const boxes = [...document.querySelectorAll('svg.dg text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height };
    }).filter((b) => b.w > 0 && b.h > 0);
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ox > 0.5 && oy > 0.5) out.push(a.text + ' / ' + b.text);
    }
    return out;
  })()`);
}

/** Labels wider than the shape drawn around them (chip, pill, stage box, lane gutter). */
export async function overflowingLabels(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const t of document.querySelectorAll('svg.dg text')) {
      const g = t.closest('.node, .edge, .stage');
      const shape = g && g.querySelector(g.classList.contains('edge') ? 'rect.pill' : 'rect');
      if (!shape) continue;
      const a = t.getBoundingClientRect(), b = shape.getBoundingClientRect();
      if (a.left < b.left - 0.5 || a.right > b.right + 0.5) out.push(t.textContent);
    }
    return out;
  })()`);
}
