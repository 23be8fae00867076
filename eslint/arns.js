// The model layer is the only place that writes and splits ARNs (docs/design.md §4): the
// builders in src/model/arns.ts take the partition, and its parsers know the ARN grammar, so
// nothing else may spell `arn:` itself. The rule reports a string literal or a template
// literal that starts with `arn:`: a template writes an ARN, a string such as
// `startsWith('arn:')` is the first step of a hand-made parser.
// src/model is exempt (it is where ARNs are written); so is src/iam, the pure policy engine,
// which knows nothing of crossline and parses ARNs of any service with its own parser
// (src/iam/arn.ts); it must not depend on crossline's model. The rule is applied to src/
// only, so test fixtures (policy documents written out by hand) are not affected.

const ARN = /^arn:/;

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'only src/model writes and parses ARNs' },
    schema: [],
    messages: {
      arn: 'ARN written or parsed by hand ({{text}}): build or parse it with src/model/arns.ts, which knows the partition and the ARN grammar (add a function there if it is missing)',
    },
  },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value === 'string' && ARN.test(node.value))
          context.report({ node, messageId: 'arn', data: { text: node.value.slice(0, 40) } });
      },
      TemplateLiteral(node) {
        const first = node.quasis[0]?.value.cooked ?? '';
        if (ARN.test(first))
          context.report({ node, messageId: 'arn', data: { text: `\`${first.slice(0, 40)}…` } });
      },
    };
  },
};

export const arnsPlugin = { rules: { 'no-hand-written-arn': rule } };
