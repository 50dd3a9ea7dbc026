export { HistoryFile, StateFileError, privateDir } from './history-file';
export { StateFile } from './state-file';
