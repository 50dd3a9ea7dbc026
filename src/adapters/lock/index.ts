export { acquireUpdateLock, LockBusyError, type LockHolder, type UpdateLock, type AcquireOptions } from './update-lock';
