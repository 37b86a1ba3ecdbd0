/**
 * pcapng's numbers (draft-ietf-opsawg-pcapng): block types, the byte offsets of the fields the
 * reader and writer use, and option codes. One table, so no bare `b[p + 20]` in the logic.
 */

export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  OPB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  DSB: 0x0000000a,
  CUSTOM: 0x00000bad,
  CUSTOM_NOCOPY: 0x40000bad,
} as const;

/** Every block: type, total length, body, total length again. */
export const BLOCK_MIN_LEN = 12;
/** Wireshark refuses blocks over 16 MiB; leave room for jumbo frames with long options. */
export const BLOCK_MAX_LEN = 128 * 1024 * 1024;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const SHB = {
  byteOrderMagic: 8,
  versionMajor: 12,
  versionMinor: 14,
  sectionLength: 16,
  options: 24,
  minLen: 28,
} as const;

export const IDB = { linkType: 8, reserved: 10, snaplen: 12, options: 16, minLen: 20 } as const;

export const EPB = {
  interfaceId: 8,
  tsHigh: 12,
  tsLow: 16,
  caplen: 20,
  origlen: 24,
  data: 28,
  minLen: 32,
} as const;

export const OPB = {
  interfaceId: 8,
  dropsCount: 10,
  tsHigh: 12,
  tsLow: 16,
  caplen: 20,
  origlen: 24,
  data: 28,
  minLen: 32,
} as const;

export const SPB = { origlen: 8, data: 12, minLen: 16 } as const;

export const OPT = {
  endOfOpt: 0,
  comment: 1,
  shbUserAppl: 4,
  ifName: 2,
  ifTsresol: 9,
  ifTsoffset: 14,
} as const;

/** Option header: code and length, 16 bits each; the value is padded to 32 bits. */
export const OPTION_HEADER_LEN = 4;

/** The default if_tsresol (microseconds) when an interface does not say. */
export const DEFAULT_TSRESOL = 6;

export function blockName(type: number): string {
  switch (type) {
    case BLOCK.NRB:
      return 'name resolution';
    case BLOCK.ISB:
      return 'interface statistics';
    case BLOCK.DSB:
      return 'decryption secrets';
    case BLOCK.CUSTOM:
    case BLOCK.CUSTOM_NOCOPY:
      return 'custom';
    default:
      return 'unknown';
  }
}
