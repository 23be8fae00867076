import type { Source, SourceProvider } from '../../model/index.js';
import type { SourceTopology } from '../topology.js';
import { codecommit } from './codecommit.js';
import { codeconnections } from './codeconnections.js';
import type { VerifySourceModule } from './provider.js';

/** Provider -> its access-script module. A new provider adds one line here. */
const MODULES: {
  readonly [P in SourceProvider]: VerifySourceModule<
    Extract<SourceTopology, { provider: P }>,
    Extract<Source, { provider: P }>
  >;
} = {
  codecommit,
  codeconnections,
};

/** The module of this source's provider (a model source or a topology's source action). */
export function verifySourceModule(source: {
  readonly provider: SourceProvider;
}): VerifySourceModule {
  return MODULES[source.provider];
}
