import { fileURLToPath } from 'node:url';

/**
 * Files of the installed crossline package. This module sits two levels below the package
 * root both as compiled (dist/cli/) and bundled (dist/bundle/), so one relative URL serves both.
 */
const ROOT = new URL('../../', import.meta.url);

export function packageFile(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
