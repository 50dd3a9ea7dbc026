// quadctl-generator: a Quadlet-compatible systemd generator. Invoked by systemd
// on every daemon-reload, so it loads nothing but the codec, the translation and
// Node built-ins.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dirPrefix, exitWhenWritten, loadSettings, loadUnits, openLog, openUnitWriter, skipSubdir, stayOnBaselineTiers, unitSearchDirs, writeErr, writeOut, type GeneratorLog, type UnitWriter } from '../adapters/generator';
import { adaptToPodman, quadletOutputFor } from '../render/podman-compat';
import type { Version } from '../render/podman-version';
import type { QuadletLevel } from '../quadlet/language';
import { installLinks } from '../quadlet/install';
import { translateEach, type Translated } from '../quadlet/translate';
import { serializeUnitFile, UnitFileValueError } from '../unitfile';
import { VERSION } from './version';
import { UsageError } from './command-error';
import { parseGeneratorArgs, USAGE, type GeneratorArgs } from './generator-args';

const GENERATOR_VERSION = `${VERSION} (Quadlet 5.4 to 5.8 compatible)`;

interface Output {
  readonly args: GeneratorArgs;
  readonly outDir: string | undefined;
  /** outDir cleaned and ending in "/", to which file and link names are appended. */
  readonly outPrefix: string;
  readonly log: GeneratorLog;
  readonly header: string[];
  /** Service file name -> the source file that produced it, to flag collisions. */
  readonly written: Map<string, string>;
  /** The host's Podman from the settings file, when it predates Quadlet: units are adapted to it. */
  readonly adaptTo?: Version;
  readonly level: QuadletLevel;
  readonly writer: UnitWriter;
}


function render(t: Translated, out: Output): string | undefined {
  if (t.service === undefined) return undefined;
  const notes = out.adaptTo === undefined ? [] : adaptToPodman(t.service, t.source.kind, out.adaptTo);
  const adapted = notes.map((n) => `# Adapted to ${n}`);
  return serializeUnitFile(t.service, out.args.dryrun ? adapted : [...out.header, ...adapted]);
}

/** Writes (or prints, or queues) one unit and its install links; returns an error message or undefined. */
function emit(t: Translated, out: Output): string | undefined {
  if (t.error !== undefined) return t.error;
  const name = `${t.source.serviceName}.service`;
  let text: string | undefined;
  try {
    text = render(t, out);
  } catch (e) {
    if (e instanceof UnitFileValueError) return `converting "${t.source.fileName}": ${e.message}`;
    throw e;
  }
  if (text === undefined || t.service === undefined) return undefined;
  const earlier = out.written.get(name);
  if (earlier !== undefined) out.log.info(`Warning: ${t.source.fileName} and ${earlier} both generate ${name}; ${t.source.fileName} wins`);
  out.written.set(name, t.source.fileName);
  if (out.args.dryrun || out.outDir === undefined) {
    writeOut(`---${name}---\n${text}\n`);
    return undefined;
  }
  const path = out.outPrefix + name;
  out.log.debug(`writing "${path}"`);
  const plan = installLinks(t.service, t.source.serviceName, out.level.has('upheld-by'));
  for (const refused of plan.refused) out.log.info(`Warning: ${t.source.fileName}: ignoring [Install] value "${refused}" (not a plain unit name)`);
  return out.writer.write({ path, text, outPrefix: out.outPrefix, links: plan.links });
}

/**
 * Where errors go in the log, which is the journal a user reads top to bottom: Quadlet
 * 5.5+ logs each where it occurs, next to its unit's warnings; 5.4 held them all until
 * after the last unit. finish() logs what was held and says whether there was any error.
 */
function errorReporter(log: GeneratorLog, asTheyOccur: boolean): { report: (e: string) => void; finish(): boolean } {
  const held: string[] = [];
  let any = false;
  return {
    report: (e) => {
      any = true;
      if (asTheyOccur) log.info(e);
      else held.push(e);
    },
    finish() {
      for (const e of held) log.info(e);
      return any;
    },
  };
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseGeneratorArgs(argv);
  if (args.help) {
    writeOut(USAGE + '\n');
    return 0;
  }
  if (args.version) {
    writeOut(`${GENERATOR_VERSION}\n`);
    return 0;
  }
  const self = process.argv[1] ?? 'quadctl-generator';
  const isUser = args.user || basename(self).includes('user');
  const log = openLog('quadctl-generator', !args.noKmsgLog && !args.dryrun, args.verbose || args.dryrun);
  try {
    const outDir = args.dirs[0];
    const env = process.env;
    const settings = loadSettings(env);
    // A bad settings file is reported, and units are still written (unadapted), as for a bad unit file.
    if (!settings.ok) log.info(settings.error);
    const podman = settings.ok ? settings.value.podmanVersion : undefined;
    const target = quadletOutputFor(podman);
    const errors = errorReporter(log, target.level.has('errors-as-they-occur'));
    const finish = (): number => {
      const failed = errors.finish() || !settings.ok;
      if (failed && target.level.has('errors-as-they-occur')) log.info('processing encountered some errors');
      return failed ? 1 : 0;
    };
    if (!args.dryrun && outDir === undefined) {
      errors.report('missing output directory argument');
      return finish();
    }
    // Quadlet says this only when it writes (in a dry run it prints no output folder).
    if (!args.dryrun) log.debug(`Starting quadctl-generator, output to: ${outDir}`);
    const dirs = unitSearchDirs(env, isUser, process.getuid?.() ?? 0);
    const units = loadUnits(dirs, { debug: (m) => log.debug(m), error: errors.report }, env.QUADLET_UNIT_DIRS ? undefined : skipSubdir(isUser));
    if (units.length === 0) log.debug(`No files parsed from [${dirs.join(' ')}]`);
    stayOnBaselineTiers(units.length, env);
    const options = { isUser, podman: env.PODMAN || '/usr/bin/podman', pathExists: existsSync, level: target.level };
    const writes = args.dryrun || outDir === undefined ? 0 : units.length;
    const writer = openUnitWriter(writes, join(__dirname, 'quadctl-generator-writer.cjs'));
    const out: Output = { args, outDir, outPrefix: dirPrefix(outDir ?? '.'), log, header: [`# Automatically generated by ${self}`, '# '], written: new Map(), writer, ...target };
    // Each unit is written (or handed to the writer thread, as text) as soon as it is translated:
    // holding all 1,000 generated units until the last kept them alive through every garbage collection.
    translateEach(units, options, (m) => log.info(m), (t) => {
      const error = emit(t, out);
      if (error !== undefined) errors.report(error);
    });
    for (const e of await writer.finish()) errors.report(e);
    return finish();
  } finally {
    log.close();
  }
}

async function main(): Promise<void> {
  try {
    // Exiting here skips tearing down the heap and the loop, ~0.5 ms of a one-unit run. Files,
    // links and kmsg lines are written synchronously and the writer thread has finished; what
    // went to stdout or stderr may still sit in the loop when a pipe was full, and is waited for.
    exitWhenWritten(await run(process.argv.slice(2)));
  } catch (e) {
    if (e instanceof UsageError) {
      writeErr(`${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    writeErr(`quadctl-generator: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}

void main();
