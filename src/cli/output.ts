import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as tty from 'node:tty';

/** Where the CLI writes text: a Node stream (tests pass one), or an {@link FdOutput}. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/**
 * Standard output or error written with `fs.writeSync` on the file descriptor, so that a run
 * does not build `process.stdout`, whose stream classes cost every start a few milliseconds
 * (docs/design.md §10). Writes are synchronous and in order, as Node's own stdout is for files,
 * pipes and terminals on Linux and macOS.
 *
 * - A descriptor in non-blocking mode (`EAGAIN`, possible when a parent shares its pipe) hands
 *   this and every later write to the Node stream, which queues them.
 * - A reader that went away (`EPIPE`, as in `crossline verify --all | head -1`) calls
 *   `onClosed`: the CLI ends quietly with its exit code, as command-line tools do on SIGPIPE.
 */
export class FdOutput implements Output {
  private stream: NodeJS.WritableStream | undefined;
  private terminal: boolean | undefined;

  constructor(
    private readonly fd: number,
    private readonly nodeStream: () => NodeJS.WritableStream,
    private readonly onClosed: () => void,
  ) {}

  /** Whether the descriptor is a terminal; node:tty is loaded only for character devices. */
  get isTTY(): boolean {
    this.terminal ??= isTerminal(this.fd);
    return this.terminal;
  }

  /** The Node stream on the same descriptor, for what needs one (readline's questions). */
  get writable(): NodeJS.WritableStream {
    this.stream ??= this.nodeStream();
    return this.stream;
  }

  write(text: string): boolean {
    if (this.stream !== undefined) return this.stream.write(text);
    const bytes = Buffer.from(text);
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return this.writable.write(bytes.subarray(at));
        if (code !== 'EPIPE') throw e;
        this.onClosed();
        return false;
      }
    }
    return true;
  }
}

function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false; // a file or a pipe
  } catch {
    return false; // a closed descriptor
  }
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof tty;
  return isatty(fd);
}

/** A stream the CLI was given, or the Node stream behind an {@link FdOutput}. */
export function writableOf(output: Output): NodeJS.WritableStream {
  return output instanceof FdOutput ? output.writable : (output as NodeJS.WritableStream);
}
