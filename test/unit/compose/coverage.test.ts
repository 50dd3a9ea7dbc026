// Every field the Compose Specification gives a service is either mapped onto
// quadctl keys or refused with a reason of its own (docs/compose.md lists both):
// a schema update that adds a field fails here until someone decides.
import schema from '../../../node_modules/dclint/schemas/compose.schema.json';
import { FIELDS, NOT_CARRIED } from '../../../src/compose/service-fields';
import { HANDLED_HERE } from '../../../src/compose/service';

test('each service field of the schema is mapped or has its own reason not to be', () => {
  const fields = Object.keys(schema.definitions.service.properties);
  const undecided = fields.filter((f) => !(f in FIELDS) && !HANDLED_HERE.has(f) && !(f in NOT_CARRIED));
  expect(undecided).toEqual([]);
  // And nothing is both mapped and refused.
  expect(Object.keys(NOT_CARRIED).filter((f) => f in FIELDS || HANDLED_HERE.has(f))).toEqual([]);
});
