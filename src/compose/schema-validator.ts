// The Compose Specification's JSON schema compiled into a validator. The schema is
// the one the `dclint` package ships (schemas/compose.schema.json, the compose-spec
// project's file, MIT). Compiling it takes Ajv most of a second, so the build
// (scripts/build.mjs) compiles it ahead of time with Ajv's standalone code
// generation and puts that in place of this module; tests compile it here.
// Options: schema-options.json, shared with the build. Formats (duration, ports,
// …) are Compose's own names and the converter checks values itself; the schema
// names its meta-schema by an https URL Ajv does not register (it is draft-07).
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../node_modules/dclint/schemas/compose.schema.json';
import options from './schema-options.json';

export function compileValidator(): ValidateFunction {
  return new Ajv(options).compile(schema);
}
