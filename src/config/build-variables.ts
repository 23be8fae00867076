import type { BuildVariable, BuildVpc } from '../model/index.js';
import type { ConfigInput } from './schema.js';

/** `build.environment` / `privileged` / `vpc` of the config, as the model's build carries them. */
export function buildEnvironmentOf(build: ConfigInput['build']): {
  variables?: BuildVariable[];
  privileged?: boolean;
  vpc?: BuildVpc;
} {
  const variables = Object.entries(build.environment ?? {}).map(([name, v]): BuildVariable =>
    typeof v === 'string'
      ? { name, type: 'PLAINTEXT', value: v }
      : 'parameter-store' in v
        ? { name, type: 'PARAMETER_STORE', value: v['parameter-store'] }
        : { name, type: 'SECRETS_MANAGER', value: v['secrets-manager'] },
  );
  return {
    ...(variables.length === 0 ? {} : { variables }),
    ...(build.privileged === undefined ? {} : { privileged: build.privileged }),
    ...(build.vpc === undefined
      ? {}
      : {
          vpc: {
            vpcId: build.vpc.vpcId,
            subnets: build.vpc.subnets,
            securityGroups: build.vpc.securityGroups,
          },
        }),
  };
}
