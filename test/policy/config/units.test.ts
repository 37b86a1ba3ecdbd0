import { describe, expect, it } from 'vitest';
import { parseDuration, parseRate, parseSize } from '../../../policy/config/index.js';
import { isChainsimError } from '../../../policy/errors.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_CONFIG') return err.message;
    throw err;
  }
  throw new Error('expected a CHAINSIM_CONFIG error');
}

describe('rates (bits per second, decimal prefixes)', () => {
  it.each([
    ['100Mbps', 100_000_000],
    ['10Mbps', 10_000_000],
    ['1Gbps', 1_000_000_000],
    ['500kbps', 500_000],
    ['64bps', 64],
    ['1.5Gbps', 1_500_000_000],
    ['0.3Mbps', 300_000],
    ['2.5kbps', 2_500],
  ])('%s is %d bit/s', (text, bps) => {
    expect(parseRate(text)).toBe(bps);
  });

  it.each([
    ['100mbps', '"100mbps" is not a rate (units: bps, kbps, Mbps or Gbps; did you mean 100Mbps?)'],
    ['100 Mbps', '"100 Mbps" is not a rate (a number with bps, kbps, Mbps or Gbps, like 100Mbps)'],
    ['100MB', '"100MB" is not a rate (units: bps, kbps, Mbps or Gbps)'],
    ['0Mbps', '"0Mbps" is not a rate above 0'],
    ['fast', '"fast" is not a rate (a number with bps, kbps, Mbps or Gbps, like 100Mbps)'],
    ['-1Mbps', '"-1Mbps" is not a rate (a number with bps, kbps, Mbps or Gbps, like 100Mbps)'],
    ['.5Mbps', '".5Mbps" is not a rate (a number with bps, kbps, Mbps or Gbps, like 100Mbps)'],
    ['', '"" is not a rate (a number with bps, kbps, Mbps or Gbps, like 100Mbps)'],
  ])('%j is refused', (text, message) => {
    expect(failure(() => parseRate(text))).toBe(message);
  });
});

describe('sizes (bytes: KB is 1000, KiB 1024)', () => {
  it.each([
    ['62500B', 62_500],
    ['125KB', 125_000],
    ['125KiB', 128_000],
    ['2MB', 2_000_000],
    ['2MiB', 2_097_152],
    ['1GB', 1_000_000_000],
    ['1GiB', 1_073_741_824],
    ['1.5KB', 1_500],
    ['0.5KiB', 512],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([
    ['1.5B', '"1.5B" is not a whole number of bytes'],
    ['0B', '"0B" is not a size above 0 bytes'],
    ['125kib', '"125kib" is not a size (units: B, KB, KiB, MB, MiB, GB or GiB; did you mean 125KiB?)'],
    ['125', '"125" is not a size (a number with B, KB, KiB, MB, MiB, GB or GiB, like 62500B)'],
  ])('%j is refused', (text, message) => {
    expect(failure(() => parseSize(text))).toBe(message);
  });
});

describe('durations (seconds)', () => {
  it.each([
    ['50ms', 0.05],
    ['0ms', 0],
    ['1s', 1],
    ['2m', 120],
    ['1h', 3600],
    ['500us', 0.0005],
    ['1.5s', 1.5],
  ])('%s is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['50MS', '"50MS" is not a duration (units: us, ms, s, m or h; did you mean 50ms?)'],
    ['1d', '"1d" is not a duration (units: us, ms, s, m or h)'],
    ['1 s', '"1 s" is not a duration (a number with us, ms, s, m or h, like 50ms)'],
  ])('%j is refused', (text, message) => {
    expect(failure(() => parseDuration(text))).toBe(message);
  });
});
