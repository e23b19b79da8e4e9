// Writes schema/matrix.schema.json from the matrix's zod schema: npm run schema.
import fs from 'node:fs';
import path from 'node:path';
import { MATRIX_SCHEMA_FILE, matrixJsonSchemaText } from '../src/matrix/json-schema.ts';

fs.mkdirSync(path.dirname(MATRIX_SCHEMA_FILE), { recursive: true });
fs.writeFileSync(MATRIX_SCHEMA_FILE, matrixJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), MATRIX_SCHEMA_FILE)}`);
