import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

/**
 * Validators for the two schedule formats, built on copies of the official schemas kept in
 * test/fixtures/formats (byte-identical to ../shared/formats) so the repository tests itself.
 */
const FORMATS = join(__dirname, '..', 'fixtures', 'formats');
const C3VOC_SCHEMA = JSON.parse(readFileSync(join(FORMATS, 'c3voc-schedule.schema.json'), 'utf8'));
const DRAFT_06 = JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'));
export const FRAB_XSD = readFileSync(join(FORMATS, 'schedule.xml.xsd'), 'utf8');

let validateC3voc: ReturnType<Ajv['compile']> | undefined;

/** The c3voc schema is draft-06 with a few non-standard keywords (`$oneOf`, `$todo`) and a `color` format. */
function c3vocValidator(): ReturnType<Ajv['compile']> {
  if (!validateC3voc) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/);
    ajv.addMetaSchema(DRAFT_06);
    validateC3voc = ajv.compile(C3VOC_SCHEMA);
  }
  return validateC3voc;
}

/** The schema's errors for a document (empty when it is valid). */
export function c3vocErrors(document: unknown): ErrorObject[] {
  const validate = c3vocValidator();
  return validate(document) ? [] : [...(validate.errors ?? [])];
}

/** xmllint's XSD errors for a document (empty when it is valid). */
export async function frabXmlErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'schedule.xml', contents: xml }],
    schema: [{ fileName: 'schedule.xml.xsd', contents: FRAB_XSD }],
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
