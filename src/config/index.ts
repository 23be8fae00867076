export { loadConfigFile, parseConfig, type LoadedConfig, type LoadOptions } from './load.js';
export { configSchema, jsonSchema, type ConfigInput } from './schema.js';
export { checkedStarterConfig, starterConfig, type StarterOptions } from './starter.js';
