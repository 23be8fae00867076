import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escLinks } from '../../src/report/escape.js';

void test('a cited URL is a link to the whole URL, shown as its site and page', () => {
  const url =
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html';
  assert.equal(
    escLinks(`pinned to the role (${url}).`),
    `pinned to the role (<a href="${url}" rel="noreferrer">docs.aws.amazon.com/…/<wbr>pipelines-create-cross-account.html</a>).`,
  );
  assert.match(
    escLinks('https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html#condition-keys-principalarn'),
    />docs\.aws\.amazon\.com\/…\/<wbr>x\.html#condition-keys-principalarn<\/a>$/,
  );
  // A site's own root page has no page part to shorten to.
  assert.equal(
    escLinks('https://no-color.org'),
    '<a href="https://no-color.org" rel="noreferrer">https:<wbr>/<wbr>/<wbr>no-color.org</a>',
  );
  assert.equal(escLinks('<b> & "q"'), '&lt;b&gt; &amp; &quot;q&quot;');
});
