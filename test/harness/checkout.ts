import { resolve } from 'node:path';

/** The checkout: shared read-write with every sandbox, at the same path inside. */
export const CHECKOUT = resolve(__dirname, '../..');
