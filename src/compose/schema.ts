// Checks a compose file against the Compose Specification's JSON schema, so an
// unknown or misspelt field is an error naming its path rather than something
// silently not carried over (the validator: schema-validator.ts).
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileValidator } from './schema-validator';
import { isMap, isReset, type Json, overridden } from './tree';

interface SchemaProblem {
  /** Dotted path of the offending value: `services.web.deploy.placment`. */
  readonly path: string;
  readonly message: string;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= compileValidator();
  return compiled;
}

/** !reset / !override markers are merge instructions, not values: validate what they hold. */
function withoutMarkers(value: Json): Json {
  const inner = overridden(value);
  if (inner !== undefined) return withoutMarkers(inner);
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (!isMap(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) if (!isReset(v)) out[k] = withoutMarkers(v);
  return out;
}

const dotted = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

// oneOf/anyOf failures repeat every branch's complaint; the one that names a field or a type says most.
const RANK: Readonly<Record<string, number>> = { additionalProperties: 0, required: 1, enum: 2, type: 3, pattern: 4 };

function describe(e: ErrorObject): SchemaProblem {
  const path = dotted(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    return { path: path ? `${path}.${extra}` : extra, message: 'is not a field of the Compose Specification' };
  }
  if (e.keyword === 'enum') return { path, message: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path, message: e.message ?? 'is invalid' };
}

export function validateCompose(doc: Json): SchemaProblem[] {
  const validate = validator();
  if (validate(withoutMarkers(doc))) return [];
  const byPath = new Map<string, ErrorObject>();
  for (const e of validate.errors ?? []) {
    const key = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.instancePath;
    const seen = byPath.get(key);
    if (!seen || (RANK[e.keyword] ?? 9) < (RANK[seen.keyword] ?? 9)) byPath.set(key, e);
  }
  // A parent's "must match oneOf" adds nothing when one of its children is named.
  const paths = [...byPath.keys()];
  return [...byPath.entries()]
    .filter(([p, e]) => e.keyword === 'additionalProperties' || !paths.some((o) => o !== p && o.startsWith(`${p}/`)))
    .map(([, e]) => describe(e));
}
