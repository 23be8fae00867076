/**
 * The code and nested templates a deployed template makes CloudFormation read from S3, as the
 * stack's execution role: Lambda code and layers (Lambda reads them as the caller of
 * CreateFunction / PublishLayerVersion), nested stack templates (CloudFormation reads a
 * TemplateURL as its caller), and the SAM forms the transform turns into those. Values are
 * resolved as far as the template and the stack's parameters allow; what cannot be resolved
 * is returned as skipped, with the reason, never guessed.
 *
 *   Lambda::Function Code.S3Bucket/S3Key      Serverless::Function CodeUri (s3:// or {Bucket,Key})
 *   Lambda::LayerVersion Content.S3Bucket/…   Serverless::LayerVersion ContentUri
 *   CloudFormation::Stack TemplateURL (https) Serverless::Application Location (https)
 */

export type PackageKind = 'code' | 'nested';

/** Where a reference is in the template: `Fn (AWS::Lambda::Function) Code.S3Bucket/S3Key`. */
export interface ReferenceSite {
  readonly logicalId: string;
  readonly type: string;
  readonly property: string;
  /** `code`: Lambda code or a layer; `nested`: a nested stack's template. */
  readonly kind: PackageKind;
}

export interface PackageReference extends ReferenceSite {
  readonly bucket: string;
  readonly key: string;
}

/**
 * A reference doctor could not resolve. `bucket` is set when the bucket was resolved and the
 * object key was not.
 */
export interface SkippedReference extends ReferenceSite {
  readonly bucket?: string | undefined;
  readonly why: string;
}

/** What `Ref` and `${…}` can resolve to: the stack's parameters and the pseudo parameters. */
export interface ResolveEnv {
  /** The stack's parameter values (DescribeStacks); a parameter not given takes its Default. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
}

export interface TemplateReferences {
  readonly references: readonly PackageReference[];
  readonly skipped: readonly SkippedReference[];
}

/** A resolved value, a reference to one of the template's own resources, or the reason not. */
type Resolved =
  { readonly value: string } | { readonly resource: string } | { readonly unresolved: string };

/** Per resource type: the property that names the object, how messages name it, what reads it. */
const SHAPES: Readonly<
  Record<
    string,
    { property: string; label: string; kind: PackageKind; read: (v: unknown) => Located }
  >
> = {
  'AWS::Lambda::Function': {
    property: 'Code',
    label: 'Code.S3Bucket/S3Key',
    kind: 'code',
    read: bucketKey('S3Bucket', 'S3Key'),
  },
  'AWS::Lambda::LayerVersion': {
    property: 'Content',
    label: 'Content.S3Bucket/S3Key',
    kind: 'code',
    read: bucketKey('S3Bucket', 'S3Key'),
  },
  'AWS::Serverless::Function': {
    property: 'CodeUri',
    label: 'CodeUri',
    kind: 'code',
    read: samUri,
  },
  'AWS::Serverless::LayerVersion': {
    property: 'ContentUri',
    label: 'ContentUri',
    kind: 'code',
    read: samUri,
  },
  'AWS::CloudFormation::Stack': {
    property: 'TemplateURL',
    label: 'TemplateURL',
    kind: 'nested',
    read: httpsUrl,
  },
  'AWS::Serverless::Application': {
    property: 'Location',
    label: 'Location',
    kind: 'nested',
    read: httpsUrl,
  },
};

/** The unresolved parts of one property: a bucket and a key, a URL, or nothing read from S3. */
type Located =
  | { readonly form: 'parts'; readonly bucket: unknown; readonly key: unknown }
  | {
      readonly form: 'text';
      readonly text: unknown;
      readonly parse: (s: string) => { bucket: string; key: string } | undefined;
    }
  | undefined;

/** Every reference to S3 objects in the template's resources, in template order. */
export function findPackageReferences(
  template: Record<string, unknown>,
  env: ResolveEnv,
): TemplateReferences {
  const resources = mapping(template.Resources) ?? {};
  const declared = mapping(template.Parameters) ?? {};
  // SAM: a function without CodeUri takes the one in Globals.Function.
  const globalCodeUri = mapping(mapping(template.Globals)?.Function)?.CodeUri;
  const resolve = (v: unknown): Resolved => resolveValue(v, env, declared, resources);
  const references: PackageReference[] = [];
  const skipped: SkippedReference[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = mapping(resource)?.Type;
    const shape = typeof type === 'string' ? SHAPES[type] : undefined;
    if (shape === undefined || typeof type !== 'string') continue;
    const properties = mapping(mapping(resource)?.Properties) ?? {};
    const raw =
      properties[shape.property] ??
      (type === 'AWS::Serverless::Function' ? globalCodeUri : undefined);
    const located = shape.read(raw);
    if (located === undefined) continue;
    const site: ReferenceSite = { logicalId, type, property: shape.label, kind: shape.kind };
    if (located.form === 'text') {
      const text = resolve(located.text);
      if ('resource' in text) continue;
      if ('unresolved' in text) {
        skipped.push({ ...site, why: text.unresolved });
        continue;
      }
      const at = located.parse(text.value);
      if (at !== undefined) references.push({ ...site, ...at });
      continue;
    }
    const bucket = resolve(located.bucket);
    // A bucket the stack itself creates is not the artifact bucket.
    if ('resource' in bucket) continue;
    if ('unresolved' in bucket) {
      skipped.push({ ...site, why: bucket.unresolved });
      continue;
    }
    const key = resolve(located.key);
    if ('value' in key) references.push({ ...site, bucket: bucket.value, key: key.value });
    else
      skipped.push({
        ...site,
        bucket: bucket.value,
        why: 'unresolved' in key ? key.unresolved : 'its key names a resource of the stack',
      });
  }
  return { references, skipped };
}

function bucketKey(bucket: string, key: string): (v: unknown) => Located {
  return (v) => {
    const m = mapping(v);
    // ZipFile, ImageUri: nothing read from S3.
    return m?.[bucket] === undefined
      ? undefined
      : { form: 'parts', bucket: m[bucket], key: m[key] };
  };
}

/** SAM's CodeUri/ContentUri: `s3://bucket/key`, or `{Bucket, Key, Version}`. */
function samUri(v: unknown): Located {
  const m = mapping(v);
  if (m !== undefined && m.Bucket !== undefined)
    return { form: 'parts', bucket: m.Bucket, key: m.Key };
  if (v === undefined || (m !== undefined && !isIntrinsic(m))) return undefined;
  return { form: 'text', text: v, parse: parseS3Uri };
}

/** A TemplateURL or an application's Location (an object form names a SAR application). */
function httpsUrl(v: unknown): Located {
  const m = mapping(v);
  if (v === undefined || (m !== undefined && !isIntrinsic(m))) return undefined;
  return { form: 'text', text: v, parse: (s) => parseS3Url(s) ?? parseS3Uri(s) };
}

/** `s3://bucket/key`; a local path (a template that was never packaged) reads nothing from S3. */
export function parseS3Uri(text: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(text);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

/**
 * An S3 object URL in either style: virtual-hosted `https://<bucket>.s3.<region>.amazonaws.com/<key>`
 * (also `s3.amazonaws.com`, `s3-<region>`, dualstack, `.com.cn`) or path-style
 * `https://s3.<region>.amazonaws.com/<bucket>/<key>`, which `aws cloudformation package` writes.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 */
export function parseS3Url(text: string): { bucket: string; key: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = /^(?:(.+)\.)?s3(?:[.-]dualstack)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(
    url.hostname,
  );
  if (host === null) return undefined;
  const path = url.pathname
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  if (host[1] !== undefined) {
    const key = path.join('/');
    return key === '' ? undefined : { bucket: host[1], key };
  }
  const [bucket, ...rest] = path;
  return bucket && rest.join('/') !== '' ? { bucket, key: rest.join('/') } : undefined;
}

const PSEUDO = (env: ResolveEnv): Record<string, string> => ({
  'AWS::Region': env.region,
  'AWS::AccountId': env.account,
  'AWS::Partition': env.partition,
  'AWS::URLSuffix': env.urlSuffix,
  'AWS::StackName': env.stackName,
});

function resolveValue(
  v: unknown,
  env: ResolveEnv,
  declared: Record<string, unknown>,
  resources: Record<string, unknown>,
): Resolved {
  const name = (ref: string): Resolved => {
    const pseudo = PSEUDO(env)[ref];
    if (pseudo !== undefined) return { value: pseudo };
    if (ref in resources) return { resource: ref };
    const given = env.parameters[ref];
    if (given !== undefined)
      return given === '****' ? { unresolved: `parameter ${ref} is NoEcho` } : { value: given };
    const fallback = mapping(declared[ref])?.Default;
    if (typeof fallback === 'string' || typeof fallback === 'number')
      return { value: String(fallback) };
    return { unresolved: `parameter ${ref} has no value` };
  };
  if (typeof v === 'string') {
    return /\{\{resolve:/.test(v) ? { unresolved: `dynamic reference ${v}` } : { value: v };
  }
  if (typeof v === 'number') return { value: String(v) };
  const m = mapping(v);
  const fn = m === undefined ? undefined : Object.keys(m)[0];
  if (m === undefined || fn === undefined || Object.keys(m).length !== 1)
    return { unresolved: 'not a string' };
  const arg = m[fn];
  if (fn === 'Ref')
    return typeof arg === 'string' ? name(arg) : { unresolved: 'Ref of a non-name' };
  if (fn === 'Fn::Sub') {
    const [text, vars]: unknown[] = Array.isArray(arg) ? (arg as unknown[]) : [arg, {}];
    if (typeof text !== 'string') return { unresolved: 'Fn::Sub of a non-string' };
    const local = mapping(vars) ?? {};
    let failed: Resolved | undefined;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const r =
        inner in local
          ? resolveValue(local[inner], env, declared, resources)
          : inner.includes('.')
            ? { unresolved: `Fn::Sub of \${${inner}}` }
            : name(inner);
      if ('value' in r) return r.value;
      failed ??= 'resource' in r ? { unresolved: `Fn::Sub of the resource ${inner}` } : r;
      return whole;
    });
    return failed ?? { value: out };
  }
  if (
    fn === 'Fn::Join' &&
    Array.isArray(arg) &&
    typeof arg[0] === 'string' &&
    Array.isArray(arg[1])
  ) {
    const parts: string[] = [];
    for (const part of arg[1] as unknown[]) {
      const r = resolveValue(part, env, declared, resources);
      if (!('value' in r)) return 'resource' in r ? { unresolved: `Fn::Join of a resource` } : r;
      parts.push(r.value);
    }
    return { value: parts.join(arg[0]) };
  }
  return { unresolved: `${fn} is not resolved by doctor` };
}

function isIntrinsic(m: Record<string, unknown>): boolean {
  const keys = Object.keys(m);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function mapping(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
