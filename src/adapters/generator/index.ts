export { unitSearchDirs, skipSubdir } from './search-paths';
export { loadUnits, dirPrefix } from './load-units';
export { writeFileAtomic, symlinkAtomic } from './write-output';
export { openUnitWriter, type UnitWriter } from './unit-writer';
export { openLog, type GeneratorLog } from './log';
export { exitWhenWritten, writeErr, writeOut } from './std-streams';
export { loadSettings } from './settings';
export { stayOnBaselineTiers } from './v8-tiers';
