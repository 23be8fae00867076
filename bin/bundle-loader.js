'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: see bin/package.json */
// Loads the CLI bundle (scripts/bundle.mjs: dist/bundle/crossline.cjs, the shell that `--help`
// needs, then crossline-commands.cjs and crossline-aws.cjs, each read when a command's action
// first needs a chunk of it) through V8's code cache, so that a start does not parse and
// compile the JavaScript again (about a third of `crossline plan` on Node 20, which has no
// module.enableCompileCache()).
//
// V8 compiles a function when it first runs, so a file's cache is written at the exit of a run:
// it then holds what that run compiled plus what the loaded cache held. A run of a command the
// cache has not seen yet rewrites it, unless it was refused as bad input (exit 2). The cache of
// each file is a file next to it, or, when that folder is not writable (a read-only install),
// in a folder of the user's own under the temp folder:
//
//   header  "crossline-v8-cache 1 <key> <commands seen> <crc32 of the data>", padded with
//           spaces so that, with its "\n", it fills a multiple of 8 bytes (V8 copies cached
//           data that does not start at an 8-byte boundary before it uses it)
//   data    vm.Script#createCachedData()
//
// Commands that talk to AWS (deploy, status, doctor, …) compile much code that the offline
// ones (validate, plan, verify, …) never run, and a cache holds all that the runs it has seen
// compiled: deserializing theirs would cost `plan` 3–4 % of its start. So they keep caches of
// their own, named `….aws.v8cache`; `--help`, `--version` and the offline commands share the
// plain one.
//
// The key is the file's own hash (its first line), its length, the Node and V8 versions and the
// CPU architecture. A cache whose key or checksum does not match, or that V8 rejects, is ignored
// and rewritten. The checksum is ours because V8 does not check the data under its header (Node
// 20 runs damaged data, V8 12 in Node 22 and later aborts the process on it). Checking it means
// loading node:zlib, whose streams are 2–3 ms of a start, so a checked cache gets a stamp beside
// it, "<cache>.verified", that holds its size, inode and modification time: while they are the
// same, the file is the one that was checked (a write or a replacement changes them) and is read
// without the checksum. Nothing here can fail the command: any error while reading or writing
// the cache means a compile without it.
const fs = require('node:fs');
const { createRequire, enableCompileCache, isBuiltin } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const FORMAT = 'crossline-v8-cache 1';
const BUNDLE_HASH = /^\/\/ crossline-bundle sha256:([0-9a-f]{64})\n/;
const MAX_COMMANDS = 40;
const PACKS = ['crossline.cjs', 'crossline-commands.cjs', 'crossline-aws.cjs'];
/** Commands that share the plain cache with help and version (see above); others: `.aws`. */
const OFFLINE = new Set(['-', '?', 'init', 'validate', 'synth', 'plan', 'verify', 'report']);

/**
 * Runs the bundle in `dir` and returns the exports of its main module. `argv` (the CLI's
 * arguments) names the command, which tells whether the caches have seen such a run.
 */
function loadBundle(dir, argv) {
  const command = commandOf(argv);
  const external = requireFor(path.join(dir, PACKS[0]));
  const chunks = new Map(); // name -> module function, from the packs loaded so far
  const modules = new Map(); // name -> module
  const unread = [...PACKS];
  const load = (name) => {
    const known = modules.get(name);
    if (known !== undefined) return known.exports;
    while (!chunks.has(name) && unread.length > 0) {
      const file = path.join(dir, unread.shift());
      for (const [chunk, body] of Object.entries(runScript(file, command))) {
        chunks.set(chunk, { body, file });
      }
    }
    const chunk = chunks.get(name);
    if (chunk === undefined) throw new Error(`crossline bundle: no chunk ${name} in ${dir}`);
    const module = { exports: {} };
    modules.set(name, module);
    const require = (id) => (id.startsWith('./') ? load(id.slice(2)) : external(id));
    chunk.body.call(module.exports, module.exports, require, module, chunk.file, dir);
    return module.exports;
  };
  return load('main.js');
}

/** The value of the script in `file`, compiled with its code cache when there is one. */
function runScript(file, command) {
  // ASCII: esbuild escapes the rest.
  const source = fs.readFileSync(file, 'latin1');
  const cache = cacheOf(file, source, OFFLINE.has(command) ? '' : '.aws');
  const cached = cache?.read();
  const script = new vm.Script(source, { filename: file, cachedData: cached?.data });
  const seen = cached !== undefined && !script.cachedDataRejected ? cached.commands : undefined;
  if (cache !== undefined && (seen === undefined || !seen.includes(command))) {
    // After the run, V8 has compiled what the command used; at exit it goes into the cache.
    // Not after a run refused as bad input (exit 2): it stopped before the command's work, and
    // the cache would count the command as seen and never take the rest. Exit 1 (checks that
    // fail, a denial explained) ran the command through.
    const commands = [...(seen ?? []), command].slice(-MAX_COMMANDS);
    process.once('exit', (code) => {
      if (code === 0 || code === 1) cache.write(script, commands);
    });
  }
  return script.runInThisContext();
}

/** The command's name; "-" for help and version output, which run no action. */
function commandOf(argv) {
  const words = argv.filter((a) => !a.startsWith('-'));
  const asksHelp = argv.some((a) => ['-h', '--help', '-V', '--version'].includes(a));
  if (asksHelp || words.length === 0 || words[0] === 'help') return '-';
  return /^[a-z][a-z-]{0,31}$/.test(words[0]) ? words[0] : '?';
}

/**
 * The `require` of the bundle's chunks for what is not in the bundle. On Node >= 22.1 the
 * packages a command loads from node_modules (the AWS SDK, ...) go through Node's own compile
 * cache, turned on at the first of them: turning it on costs `--help` the loading of node:os.
 */
function requireFor(file) {
  const required = createRequire(file);
  let compileCache = false;
  return (id) => {
    if (!compileCache && !isBuiltin(id)) {
      compileCache = true;
      enableCompileCache?.();
    }
    return required(id);
  };
}

/** Where the cache of this bundle lives and how it is read and written; undefined: no cache. */
function cacheOf(file, source, group) {
  const hash = BUNDLE_HASH.exec(source)?.[1];
  if (hash === undefined) return undefined;
  const key = [hash, source.length, process.version, process.versions.v8, process.arch].join(' ');
  // V8 rejects a cache made under other flags (`node --trace-gc …`, NODE_OPTIONS): such runs get
  // a file of their own rather than rewriting the usual one back and forth.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  const variant = flags === '' ? '' : `-${fnv1a(flags).toString(16)}`;
  const base = `${path.basename(file, '.cjs')}-${process.version}-${process.arch}${variant}`;
  const name = `${base}${group}.v8cache`;
  const beside = path.join(path.dirname(file), name);
  const inTemp = () => path.join(privateTempDir(), `${hash.slice(0, 16)}-${name}`);
  return {
    read() {
      try {
        return readCache(beside, key) ?? readCache(inTemp(), key, true);
      } catch {
        return undefined;
      }
    },
    write(script, commands) {
      try {
        const crc32 = checksum();
        if (crc32 === undefined) return;
        const data = script.createCachedData();
        // The file is read into memory that starts at an 8-byte boundary: so does the data.
        const line = `${FORMAT} ${key} ${commands.join(',')} ${crc32(data)}`;
        const header = `${line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1)}\n`;
        const bytes = Buffer.concat([Buffer.from(header, 'latin1'), data]);
        // The data just written is the checked one: it gets its stamp (a rename keeps size,
        // inode and time).
        const place = (target) => {
          const written = writeAtomically(target, bytes);
          if (written !== undefined) stamp(target, written);
          return written !== undefined;
        };
        if (!place(beside)) place(inTemp());
      } catch {
        // no cache this time; the next start tries again
      }
    },
  };
}

/** zlib's CRC-32 (Node >= 20.15, 22.2), loaded when first needed; undefined: none. */
function checksum() {
  return require('node:zlib').crc32;
}

/** A 32-bit FNV-1a hash of short text (the flags of a cache variant). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The cached data in `file` and the commands it has seen, if its key matches and its data is
 * the checked one: its stamp matches, or its checksum does (and it gets a stamp).
 */
function readCache(file, key, mustBeMine = false) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (mustBeMine && !isMine(stat)) return undefined;
    const bytes = fs.readFileSync(fd);
    const end = bytes.indexOf(10); // "\n"
    const prefix = `${FORMAT} ${key} `;
    const header = bytes.toString('latin1', 0, Math.max(end, 0));
    if (end < 0 || !header.startsWith(prefix)) return undefined;
    const [commands, crc] = header.slice(prefix.length).trimEnd().split(' ');
    const data = bytes.subarray(end + 1);
    if (!hasStamp(file, stat)) {
      const crc32 = checksum();
      if (crc32 === undefined || String(crc32(data)) !== crc) return undefined;
      stamp(file, stat);
    }
    return { data, commands: commands.split(',') };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What tells one version of a file from another: a write or a rename-over changes it. */
const identity = (stat) => `${stat.size} ${stat.ino} ${stat.mtimeMs}`;

function hasStamp(file, stat) {
  try {
    return fs.readFileSync(`${file}.verified`, 'latin1') === identity(stat);
  } catch {
    return false;
  }
}

/** Records that the cache `file`, as `stat` describes it, has been checked. */
function stamp(file, stat) {
  writeAtomically(`${file}.verified`, Buffer.from(identity(stat), 'latin1'));
}

/**
 * Writes to a temporary name, then renames: a reader sees all of the file or nothing. Returns
 * what the file is (its stat), or undefined when it could not be written.
 */
function writeAtomically(file, bytes) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes, { mode: 0o600 });
    const written = fs.statSync(temporary);
    fs.renameSync(temporary, file);
    return written;
  } catch {
    fs.rmSync(temporary, { force: true });
    return undefined;
  }
}
/**
 * A folder under the temp folder that only this user can write: V8 runs what a cache holds, so
 * a cache planted by another user of a shared /tmp must not be read.
 */
function privateTempDir() {
  const uid = process.getuid?.() ?? 'user';
  const dir = path.join(require('node:os').tmpdir(), `crossline-v8-cache-${uid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isMine(fs.lstatSync(dir), true)) throw new Error(`${dir} is not this user's own folder`);
  return dir;
}

/** Owned by this user (and, for a folder, writable by no one else). POSIX only; else true. */
function isMine(stat, folder = false) {
  if (process.getuid === undefined) return true;
  if (stat.uid !== process.getuid()) return false;
  return !folder || (stat.isDirectory() && (stat.mode & 0o022) === 0);
}

module.exports = { loadBundle };
