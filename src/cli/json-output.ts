// Every --json output is one object that starts with `schemaVersion`; docs/json.md
// describes each, and docs/schemas/COMMAND.schema.json is its JSON Schema. The
// version changes only when a field is removed or changes meaning; new fields may
// appear at any time.
const JSON_SCHEMA_VERSION = 1;

export function jsonText(value: object): string {
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...value }, null, 2)}\n`;
}
