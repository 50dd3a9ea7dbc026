export { unitSearchDirs, skipSubdir } from './search-paths';
export { loadUnits, dirPrefix } from './load-units';
export { writeFileAtomic, symlinkAtomic } from './write-output';
export { openLog, type GeneratorLog } from './log';
export { loadSettings } from './settings';
