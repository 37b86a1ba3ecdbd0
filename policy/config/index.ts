// policy/config: the appliance config — loading YAML/JSON, validating every section with located
// errors, units and addresses. Types live in types.ts (re-exported by policy/index.ts).
export { DEFAULT_CONFIG_PATH, loadConfig, loadDefaultConfig, packageRoot, parseConfigText } from './load.js';
export { parseDuration, parseRate, parseSize, readDurationNs } from './units.js';
export { formatAddress, formatPrefix, parseAddress, parsePrefix } from './addresses.js';
// Message helpers shared with the other rooms' file readers (scenarios): one wording everywhere.
export { didYouMean, suggest } from './suggest.js';
export { quote, show } from './show.js';
