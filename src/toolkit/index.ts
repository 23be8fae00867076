export { Toolkit, writeFileAtomic, type ToolkitOptions, type ValidateResult } from './toolkit.js';
