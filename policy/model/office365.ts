/**
 * The Office 365 breakout's application. `global.office365Breakout: true` adds the
 * pre-appliance rule `allow-office365` (template `Office365-Breakout`) matching application
 * `Office365`. The appliance ships the definition; chainsim uses the config's application named
 * `Office365` when there is one, else this built-in one: Microsoft's published Exchange Online
 * and common ranges (52.96.0.0/14, 40.96.0.0/13, 13.107.6.152/31, 2603:1000::/24) on TCP 80
 * and 443. It is a stand-in, not the full endpoint list; write your own `Office365` application
 * to pin it.
 */
import type { ApplicationConfig } from '../config/types.js';
import { prefixFromText } from './address.js';
import { PROTO_TCP } from './tuple.js';

export const OFFICE365_APPLICATION = 'Office365';
export const OFFICE365_TEMPLATE = 'Office365-Breakout';
export const OFFICE365_RULE = 'allow-office365';

export const BUILTIN_OFFICE365: ApplicationConfig = {
  name: OFFICE365_APPLICATION,
  match: [
    {
      src: null,
      dst: ['52.96.0.0/14', '40.96.0.0/13', '13.107.6.152/31', '2603:1000::/24'].map(prefixFromText),
      srcPort: null,
      dstPort: [
        { lo: 80, hi: 80 },
        { lo: 443, hi: 443 },
      ],
      protocol: PROTO_TCP,
    },
  ],
};
