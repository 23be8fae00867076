import { existsSync } from 'node:fs';
import { createCodeBuildReadApi } from '../aws/codebuild-api.js';
import { createConnectionsReadApi } from '../aws/connections-api.js';
import { createRamReadApi } from '../aws/ram-api.js';
import { createEventsReadApi } from '../aws/events-api.js';
import { createIamReadApi } from '../aws/iam-api.js';
import { createKmsReadApi } from '../aws/kms-api.js';
import { createS3ReadApi } from '../aws/s3-api.js';
import { createStackTemplateReadApi } from '../aws/stack-api.js';
import { createClientPool, type AccountSession, type SessionPool } from '../aws/index.js';
import { CrosslineError } from '../errors/index.js';
import type { IoHost } from '../io/index.js';
import {
  analyzeSnapshot,
  configFromSnapshot,
  readLiveSnapshot,
  readSnapshotFile,
  type DoctorReport,
  type LiveReaders,
  type LiveSnapshot,
} from '../ops/index.js';
import { renderReport } from '../report/index.js';
import { doctorReportInput } from './doctor-report.js';
import { resolvePipeline, type PipelineSelection } from './ops.js';
import { writeFileAtomic } from './files.js';

export interface DoctorOptions {
  /** Analyse this snapshot offline instead of reading AWS (no credentials needed). */
  readonly snapshot?: string | undefined;
  /** Write everything read to this file (a snapshot). */
  readonly save?: string | undefined;
  /** Write the report page (as `crossline report`, findings highlighted) to this file. */
  readonly report?: string | undefined;
  readonly now?: (() => Date) | undefined;
  /** Ready readers (library users, tests); default: sessions from the selection's credentials. */
  readonly readers?: LiveReaders | undefined;
}

export interface DoctorRun {
  readonly report: DoctorReport;
  readonly snapshot: LiveSnapshot;
  readonly saved?: string | undefined;
  /** The report page written, and its size in bytes. */
  readonly page?: { readonly file: string; readonly bytes: number } | undefined;
}

/**
 * `doctor`: read the live setup of a pipeline (or a saved snapshot) and analyse it.
 * Reading needs credentials in each account the pipeline names: the pipeline account's from
 * the selection, the others through the same pool (`--profile ID=NAME`, `--assume-role NAME`).
 */
export async function runDoctor(
  sel: PipelineSelection,
  io: IoHost,
  options: DoctorOptions = {},
): Promise<DoctorRun> {
  const snapshot = await liveSnapshot(sel, io, options);
  const report = analyzeSnapshot(snapshot);
  let page: DoctorRun['page'];
  if (options.report !== undefined) {
    const html = renderReport(doctorReportInput(snapshot, report));
    writeFileAtomic(options.report, html);
    page = { file: options.report, bytes: Buffer.byteLength(html) };
    io.notify({
      level: 'info',
      code: 'doctor.report',
      message: `wrote ${options.report} (${Math.ceil(page.bytes / 1024)} KB)`,
    });
  }
  return {
    report,
    snapshot,
    ...(options.save ? { saved: options.save } : {}),
    ...(page ? { page } : {}),
  };
}

export interface ImportOptions extends DoctorOptions {
  /** Config file to write. Default crossline.yml. */
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

export interface ImportRun {
  readonly file: string;
  readonly notes: readonly string[];
}

/** `import`: a crossline config for a live, hand-built pipeline (or a saved snapshot). */
export async function runImport(
  sel: PipelineSelection,
  io: IoHost,
  options: ImportOptions = {},
): Promise<ImportRun> {
  const file = options.out ?? 'crossline.yml';
  if (existsSync(file) && options.force !== true) {
    throw new CrosslineError('FileExists', 'usage', `${file} already exists; not overwriting it`, {
      hint: 'pass --force to replace it, or -o OTHER.yml',
    });
  }
  const snapshot = await liveSnapshot(sel, io, options);
  const { yaml, notes } = configFromSnapshot(snapshot, file);
  writeFileAtomic(file, yaml);
  for (const n of notes) io.notify({ level: 'warn', code: 'import.note', message: n });
  return { file, notes };
}

/** The snapshot from a file (offline) or read live; also written to `save` when asked. */
async function liveSnapshot(
  sel: PipelineSelection,
  io: IoHost,
  options: DoctorOptions,
): Promise<LiveSnapshot> {
  let snapshot: LiveSnapshot;
  if (options.snapshot !== undefined) {
    snapshot = readSnapshotFile(options.snapshot);
    io.notify({
      level: 'info',
      code: 'doctor.offline',
      message: `reading ${options.snapshot} (captured ${snapshot.capturedAt}); nothing is read from AWS`,
    });
  } else {
    const { ref, api, pool } = await resolvePipeline(sel, io);
    const readers =
      options.readers ?? (pool ? poolReaders(pool, ref.aliases, ref.region) : undefined);
    if (readers === undefined)
      throw new CrosslineError('Internal', 'internal', 'doctor has no way to read accounts');
    io.notify({
      level: 'info',
      code: 'doctor.read',
      message: `reading pipeline ${ref.name} in ${ref.region} and the accounts it names`,
    });
    snapshot = await readLiveSnapshot(api, ref, readers, io, options.now);
  }
  if (options.save !== undefined) {
    writeFileAtomic(options.save, JSON.stringify(snapshot, null, 2) + '\n');
    io.notify({ level: 'info', code: 'doctor.saved', message: `wrote ${options.save}` });
  }
  return snapshot;
}

/**
 * Readers per account from checked sessions, in the pipeline's region unless a reader is asked
 * for another (one client per account, region and service); an account is named by its config
 * alias or its id.
 */
function poolReaders(
  pool: SessionPool,
  aliases: ReadonlyMap<string, string>,
  region: string,
): LiveReaders {
  const reader = <T>(make: (s: AccountSession) => Promise<T>) => {
    const clients = createClientPool(pool, make);
    return (account: string, inRegion: string = region): Promise<T> =>
      clients.get({ alias: aliases.get(account) ?? account, id: account }, inRegion);
  };
  return {
    iam: reader(createIamReadApi),
    s3: reader(createS3ReadApi),
    kms: reader(createKmsReadApi),
    events: reader(createEventsReadApi),
    codebuild: reader(createCodeBuildReadApi),
    connections: async (account, inRegion) =>
      createConnectionsReadApi(
        await pool.get({ alias: aliases.get(account) ?? account, id: account }, inRegion),
      ),
    ram: async (account, inRegion) =>
      createRamReadApi(
        await pool.get({ alias: aliases.get(account) ?? account, id: account }, inRegion),
      ),
    // Each stack in its action's region (one client per account and region).
    cloudformation: reader(createStackTemplateReadApi),
  };
}
