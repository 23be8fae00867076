// The model layer is the only place that writes ARNs (docs/design.md §4): the builders in
// src/model/arns.ts take the partition, so nothing else may spell `arn:` itself. The rule
// reports a string literal or a template literal that starts with `arn:`.
// src/model is exempt (it is where ARNs are written); so is src/iam, the pure policy engine,
// which knows nothing of crossline and parses ARNs of any service with its own parser
// (src/iam/arn.ts); it must not depend on crossline's model. The rule is applied to src/
// only, so test fixtures (policy documents written out by hand) are not affected.

const ARN = /^arn:/;

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'only src/model writes ARNs' },
    schema: [],
    messages: {
      arn: 'ARN written by hand ({{text}}): build it with a function of src/model/arns.ts, which takes the partition (add one there if it is missing)',
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
