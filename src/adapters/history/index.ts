export { HistoryFile } from './history-file';
export { StateFile } from './state-file';
