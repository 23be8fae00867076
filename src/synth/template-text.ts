/**
 * A CloudFormation template read back from an account (GetTemplate): JSON, or YAML with the
 * intrinsic functions' short forms (`!Ref X`, `!GetAtt A.Arn`, `!Sub [...]`), turned into the
 * long forms (`{ Ref: X }`, `{ 'Fn::GetAtt': ['A', 'Arn'] }`) that a template object has.
 * crossline's own stacks are JSON; the stacks a pipeline deploys are the user's templates,
 * often YAML. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { parse, type CollectionTag, type ScalarTag } from 'yaml';

/** The short forms CloudFormation's YAML accepts, by function name. */
const FUNCTIONS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'Equals',
  'And',
  'Or',
  'Not',
  'If',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Length',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
] as const;

const longName = (f: string): string => (f === 'Ref' || f === 'Condition' ? f : `Fn::${f}`);

/** `!GetAtt Resource.Attribute` is the one short form whose scalar is split. */
function scalarValue(f: string, text: string): unknown {
  if (f !== 'GetAtt') return text;
  const dot = text.indexOf('.');
  return dot < 0 ? text : [text.slice(0, dot), text.slice(dot + 1)];
}

const TAGS: (ScalarTag | CollectionTag)[] = FUNCTIONS.flatMap((f) => [
  { tag: `!${f}`, resolve: (text: string) => ({ [longName(f)]: scalarValue(f, text) }) },
  ...(['seq', 'map'] as const).map((collection): CollectionTag => ({
    tag: `!${f}`,
    collection,
    resolve: (node) => {
      const value: unknown = node.toJSON();
      return { [longName(f)]: value };
    },
  })),
]);

/** The template as an object; undefined when the text is neither JSON nor YAML of a mapping. */
export function parseTemplateText(body: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(body);
    return isMapping(json) ? json : undefined;
  } catch {
    // not JSON: YAML below
  }
  try {
    const yaml: unknown = parse(body, { customTags: TAGS, uniqueKeys: false });
    return isMapping(yaml) ? yaml : undefined;
  } catch {
    return undefined;
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
