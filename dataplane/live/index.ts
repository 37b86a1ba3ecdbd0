// dataplane/live/: the dataplane on real devices (libpcap via `cap`) and the raw-socket tools
// of the test rigs (firewall probes, `chainsim send`). The native addons load lazily, here only.
export { runLive, type LiveFirewall, type LiveInfo, type LiveOptions, type LivePort, type LiveSummary } from './live-run.js';
export { runSend, type SendOptions, type SendResult } from './send.js';
export { DEFAULT_BUFFER_BYTES } from './devices.js';
export { PROBE_MISSES_DOWN } from './probe.js';
export { buildPacketSet, ipv4Number, rewrite, skippedFor, type PacketSet, type PacketSetOptions, type SendPacket, type SkipCounts } from './send-packets.js';
