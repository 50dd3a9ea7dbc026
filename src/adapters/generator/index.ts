export { unitSearchDirs, skipSubdir, type SearchEnv } from './search-paths';
export { loadUnits, expandDirs, dirPrefix, type LoadResult, type SubdirFilter } from './load-units';
export { writeFileAtomic, symlinkAtomic } from './write-output';
export { openLog, type GeneratorLog } from './log';
export { loadSettings, parseSettings, DEFAULT_SETTINGS_PATH, type GeneratorSettings, type SettingsResult } from './settings';
