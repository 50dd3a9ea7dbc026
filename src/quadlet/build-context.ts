// Where `podman build` runs and which context it gets, from SetWorkingDirectory=,
// File= and a WorkingDirectory= the user may have put in [Service]. The rules were
// read off Quadlet 5.4's output for every combination (see test/unit/quadlet/build.test.ts).
import { posix } from 'node:path';
import { dirOf, resolveUnitPath, startsWithSpecifier } from './common/paths';
import { QuadletError } from './types';

/** A context or Containerfile podman fetches itself (git or archive URLs); buildah's own URL test. */
const REMOTE = /^(https?:\/\/|git:\/\/|github\.com\/)/;

interface BuildPlaceInput {
  /** Absolute path of the .build file. */
  readonly unitPath: string;
  readonly setWorkingDirectory: string | undefined;
  readonly file: string | undefined;
  /** [Service] WorkingDirectory= as the user wrote it. */
  readonly userWorkingDirectory: string | undefined;
  /** From 5.7 a File= starting with a systemd specifier (%h/…, not %%) counts as absolute. */
  readonly specifierIsAbsolute?: boolean;
}

interface BuildPlace {
  /** WorkingDirectory= for [Service], when Quadlet sets one. */
  readonly workingDirectory?: string;
  /** The last argument of `podman build`, when there is one. */
  readonly context?: string;
}

type Mode = 'none' | 'unit' | 'file' | 'literal' | 'relative';

function modeOf(swd: string | undefined): Mode {
  if (swd === undefined) return 'none';
  if (swd === 'unit' || swd === 'file') return swd;
  return posix.isAbsolute(swd) || REMOTE.test(swd) ? 'literal' : 'relative';
}

function isLocalRelative(file: string, input: BuildPlaceInput): boolean {
  if (input.specifierIsAbsolute === true && startsWithSpecifier(file)) return false;
  return !posix.isAbsolute(file) && !REMOTE.test(file);
}

function checkInput(mode: Mode, input: BuildPlaceInput): void {
  if (input.setWorkingDirectory === 'yaml') throw new QuadletError('SetWorkingDirectory=yaml is only supported in .kube files');
  if (mode === 'file' && input.file === undefined) throw new QuadletError('no File key specified');
  if (mode !== 'none' || input.userWorkingDirectory !== undefined) return;
  if (input.file === undefined) throw new QuadletError('neither SetWorkingDirectory, nor File key specified');
  if (isLocalRelative(input.file, input)) throw new QuadletError('relative path in File key requires SetWorkingDirectory key to be set');
}

/** The folder Quadlet would make the working directory (before a user's WorkingDirectory= wins). */
function ownWorkingDirectory(mode: Mode, input: BuildPlaceInput): string | undefined {
  if (mode === 'unit' || mode === 'relative') return dirOf(input.unitPath);
  if (mode === 'file' && input.file !== undefined) return dirOf(resolveUnitPath(input.unitPath, input.file));
  return undefined;
}

export function buildPlace(input: BuildPlaceInput): BuildPlace {
  const mode = modeOf(input.setWorkingDirectory);
  checkInput(mode, input);
  const own = ownWorkingDirectory(mode, input);
  const workingDirectory = input.userWorkingDirectory === undefined ? own : undefined;
  const effective = input.userWorkingDirectory ?? own;
  if (mode === 'literal' || (mode === 'relative' && input.userWorkingDirectory === undefined)) {
    return { workingDirectory, context: input.setWorkingDirectory };
  }
  // A local or downloaded Containerfile given by its full path needs no context folder.
  const fileStandsAlone = input.file !== undefined && !isLocalRelative(input.file, input);
  return { workingDirectory, context: fileStandsAlone ? undefined : effective };
}
