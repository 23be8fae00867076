/**
 * Requests the services' documented policies list but no known run fails without: a denied
 * row at one of these steps is a warning naming the page, not an error (an error claims the
 * run fails, with a source). CodePipeline's service-role policy lists s3:GetBucketLocation and
 * s3:GetBucketVersioning (how-to-custom-role.html), CodeBuild's s3:GetBucketAcl and
 * s3:GetBucketLocation (setting-up-service-role.html); pipelines ran for years with the older
 * default service-role policies that lacked them, as the cross-account tutorial's setup does.
 */
export const DOCUMENTED_MINIMUM_STEPS: ReadonlySet<string> = new Set([
  'pipeline.inspect',
  'build.inspect',
]);
