/**
 * Classic pcap's numbers (libpcap's savefile format): magics, the file header and record
 * header layouts. One table, so no bare `b[p + 20]` in the logic.
 */

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;

export const PCAP_FILE_HEADER_LEN = 24;
export const PCAP_FILE = {
  magic: 0,
  versionMajor: 4,
  versionMinor: 6,
  thiszone: 8,
  sigfigs: 12,
  snaplen: 16,
  linkType: 20,
} as const;

export const PCAP_RECORD_HEADER_LEN = 16;
export const PCAP_RECORD = { sec: 0, frac: 4, caplen: 8, origlen: 12 } as const;

/** The version writers put in the header (readers take any 2.x). */
export const PCAP_VERSION = { major: 2, minor: 4 } as const;

/** The link type is the low 26 bits; the top ones carry the FCS length (libpcap LT_LINKTYPE). */
export const PCAP_LINKTYPE_MASK = 0x03ffffff;

/** libpcap's MAXIMUM_SNAPLEN: a record longer than this and than the snaplen is refused. */
export const MAX_SNAPLEN = 262144;
