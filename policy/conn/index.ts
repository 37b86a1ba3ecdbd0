// policy/conn: the connection model shared by the appliance and the hosted firewall —
// canonical keys, the state machine with its timeouts, and the typed-array flow table.
export {
  CONN_FREE,
  CONN_GENERIC,
  CONN_ICMP,
  CONN_STATE_COUNT,
  CONN_STATES,
  CONN_TCP_CLOSED,
  CONN_TCP_CLOSING_INITIATOR,
  CONN_TCP_CLOSING_RESPONDER,
  CONN_TCP_ESTABLISHED,
  CONN_TCP_INITIAL,
  CONN_TCP_TIME_WAIT,
  CONN_UDP_IDLE,
  CONN_UDP_INITIAL,
  DIR_INITIATOR,
  DIR_RESPONDER,
  NS_PER_SECOND,
  connStateName,
  initialState,
  isExpired,
  nextState,
  timeoutTable,
} from './state.js';
export type { ConnStateInfo } from './state.js';
export { isSwapped } from './key.js';
export { FlowTable, MAX_CAPACITY } from './table.js';
export type { FlowTableOptions } from './table.js';
export type { ConnKeyOut } from './key-index.js';
