/**
 * jest hands each test file a copy of `process` whose signal and exit listeners never
 * fire and whose own properties are per file. A function made by the Function
 * constructor of a core module's realm runs in that outer realm, where `process` is the
 * one real process object of this jest worker.
 */
import { readFileSync } from 'node:fs';

export function realProcess(): NodeJS.Process {
  const OuterFunction = (readFileSync as unknown as { constructor: FunctionConstructor }).constructor;
  return OuterFunction('return process')() as NodeJS.Process;
}
