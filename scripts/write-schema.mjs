// Writes the config's JSON Schema (generated from the zod schema, the single source of truth)
// to schema/crossline.schema.json, which ships in the package for editors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchema } from '../dist/config/schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/crossline.schema.json', JSON.stringify(jsonSchema(), null, 2) + '\n');
