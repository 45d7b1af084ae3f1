/** The official OASIS SARIF 2.1.0 errata01 schema (draft-04), compiled once for tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS with `exports.default`: under NodeNext the default import is the whole module.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

// Vendored byte for byte from oasis-tcs/sarif-spec (sha256 c3b4bb2d…682e); see shared/domain/reporting.md.
const schemaPath = fileURLToPath(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url));

type Validator = ((data: unknown) => boolean) & { errors?: unknown };
let validator: Validator | undefined;

export function validateSarif(data: unknown): { valid: boolean; errors: string } {
  if (!validator) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object) as Validator;
  }
  const v = validator;
  const valid = v(data);
  return { valid, errors: valid ? '' : JSON.stringify(v.errors, null, 1) };
}
