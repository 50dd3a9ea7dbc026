export { HistoryFile, StateFileError, privateDir } from './history-file';
export { stateDir, HISTORY_FILE } from './paths';
export { StateFile } from './state-file';
