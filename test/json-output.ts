// Parses a `quadctl … --json` output and checks it against its published JSON
// Schema (docs/schemas/NAME.schema.json), so the schemas stay true to what scripts get.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'schemas', `${name}.schema.json`), 'utf8')));
    compiled.set(name, v);
  }
  return v;
}

export type OutputName = 'validate' | 'generate' | 'diff' | 'apply' | 'check' | 'timer-enable' | 'timer-disable' | 'timer-status' | 'update' | 'status' | 'history' | 'rollback' | 'import-compose' | 'export-kube' | 'hold' | 'unhold' | 'forget' | 'notify-test';

export function parseJsonOutput<T>(name: OutputName, stdout: string): T {
  const value: unknown = JSON.parse(stdout);
  const validate = validator(name);
  if (!validate(value)) throw new Error(`${name} --json does not match docs/schemas/${name}.schema.json: ${ajv.errorsText(validate.errors)}\n${stdout}`);
  return value as T;
}
