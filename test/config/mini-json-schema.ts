/**
 * A small JSON Schema (2020-12) checker for the keywords the generated config schema uses,
 * so the tests can check the shipped schema without a validator dependency. An unknown
 * keyword throws: if the generator starts emitting one, the test must learn it, not skip it.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', 'description', 'title', 'default', 'examples']);

export function schemaErrors(schema: Schema, value: unknown, at = '$'): string[] {
  const errors: string[] = [];
  const fail = (m: string): void => void errors.push(`${at}: ${m}`);
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case 'type':
        if (![arg as string | string[]].flat().some((t) => hasType(value, t))) {
          fail(`expected ${String(arg)}`);
        }
        break;
      case 'const':
        if (value !== arg) fail(`expected ${JSON.stringify(arg)}`);
        break;
      case 'enum':
        if (!(arg as unknown[]).includes(value)) fail('not in enum');
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg as string, 'u').test(value)) {
          fail(`does not match ${String(arg)}`);
        }
        break;
      case 'minLength':
        if (typeof value === 'string' && [...value].length < (arg as number)) fail('too short');
        break;
      case 'maxLength':
        if (typeof value === 'string' && [...value].length > (arg as number)) fail('too long');
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (arg as number)) fail('too few items');
        break;
      case 'items':
        if (Array.isArray(value)) {
          value.forEach((v, i) => errors.push(...schemaErrors(arg as Schema, v, `${at}[${i}]`)));
        }
        break;
      case 'required':
        if (isObject(value)) {
          for (const k of arg as string[]) if (!(k in value)) fail(`missing ${k}`);
        }
        break;
      case 'properties':
        if (isObject(value)) {
          for (const [k, s] of Object.entries(arg as Record<string, Schema>)) {
            if (k in value) errors.push(...schemaErrors(s, value[k], `${at}.${k}`));
          }
        }
        break;
      case 'additionalProperties':
        if (isObject(value)) {
          const known = Object.keys((schema.properties as Schema | undefined) ?? {});
          for (const [k, v] of Object.entries(value)) {
            if (known.includes(k)) continue;
            if (arg === false) fail(`unknown key ${k}`);
            else errors.push(...schemaErrors(arg as Schema, v, `${at}.${k}`));
          }
        }
        break;
      case 'propertyNames':
        if (isObject(value)) {
          for (const k of Object.keys(value))
            errors.push(...schemaErrors(arg as Schema, k, `${at}{${k}}`));
        }
        break;
      case 'anyOf': {
        const branches = (arg as Schema[]).map((s) => schemaErrors(s, value, at));
        if (!branches.some((e) => e.length === 0))
          fail(`no anyOf branch matches: ${branches.flat().join('; ')}`);
        break;
      }
      case 'oneOf': {
        const matching = (arg as Schema[]).filter((s) => schemaErrors(s, value, at).length === 0);
        if (matching.length !== 1) {
          const why = (arg as Schema[]).flatMap((s) => schemaErrors(s, value, at));
          fail(`${matching.length} oneOf branches match (want 1): ${why.join('; ')}`);
        }
        break;
      }
      case 'maxItems':
        if (Array.isArray(value) && value.length > (arg as number)) fail('too many items');
        break;
      default:
        throw new Error(`mini-json-schema: keyword '${keyword}' is not implemented`);
    }
  }
  return errors;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      throw new Error(`mini-json-schema: type '${type}' is not implemented`);
  }
}
