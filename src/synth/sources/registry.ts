import type { Source, SourceProvider } from '../../model/index.js';
import { codecommit } from './codecommit/index.js';
import { codeconnections } from './codeconnections/index.js';
import type { SynthSourceModule } from './provider.js';

/** Provider -> its synthesis module. A new provider adds one line here. */
const MODULES: {
  readonly [P in SourceProvider]: SynthSourceModule<Extract<Source, { provider: P }>>;
} = {
  codecommit,
  codeconnections,
};

/** The module of this source's provider, bound to the source. */
export function sourceModuleOf(source: Source): SynthSourceModule {
  return MODULES[source.provider];
}
