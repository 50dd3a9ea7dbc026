export { acquireUpdateLock, LockBusyError, type UpdateLock } from './update-lock';
