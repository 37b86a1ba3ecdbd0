export { inspectCapture, type InspectResult } from './inspect.js';
export { formatInspect } from './format.js';
