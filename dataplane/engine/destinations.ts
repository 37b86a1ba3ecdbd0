/**
 * Destinations the appliance keeps for itself (SPEC.md: Consumed): its own addresses (the
 * management IP — the hosted firewall's GUI on port 4100 included — and every interface
 * address) are `to-appliance`; broadcast (255.255.255.255 and the directed broadcast of an
 * interface's own IPv4 subnet of /30 or shorter), multicast (224.0.0.0/4, ff00::/8) and
 * link-local (169.254.0.0/16, fe80::/10) destinations are `multicast`. MAC addresses are not
 * looked at; loopback and unspecified destinations are routed like any address.
 */
import type { AppConfig, Prefix } from '../../policy/index.js';
import { CONSUMED } from './reasons.js';

export class Destinations {
  private readonly own4: Uint32Array;
  private readonly own6: Uint32Array; // 4 words per address
  private readonly broadcast4: Uint32Array;

  constructor(config: AppConfig) {
    const hosts: Prefix[] = [config.appliance.managementIp];
    const broadcasts: number[] = [0xffffffff];
    for (const iface of config.interfaces) {
      for (const a of iface.addresses) {
        hosts.push(a.address);
        if (a.subnet.family === 4 && a.subnet.length <= 30) {
          const hostMask = a.subnet.length === 0 ? 0xffffffff : (0xffffffff >>> a.subnet.length) >>> 0;
          broadcasts.push((a.subnet.words[0] | hostMask) >>> 0);
        }
      }
    }
    this.own4 = Uint32Array.from(hosts.filter((h) => h.family === 4).map((h) => h.words[0]));
    this.own6 = Uint32Array.from(hosts.filter((h) => h.family === 6).flatMap((h) => [...h.words]));
    this.broadcast4 = Uint32Array.from(broadcasts);
  }

  /** CONSUMED.toAppliance, CONSUMED.multicast, or 0 when the destination is routed. */
  classify(family: number, dst: Uint32Array): number {
    if (family === 4) {
      const a = dst[0];
      const own = this.own4;
      for (let i = 0; i < own.length; i++) if (own[i] === a) return CONSUMED.toAppliance;
      if (a >>> 28 === 0xe || a >>> 16 === 0xa9fe) return CONSUMED.multicast;
      const bc = this.broadcast4;
      for (let i = 0; i < bc.length; i++) if (bc[i] === a) return CONSUMED.multicast;
      return 0;
    }
    const own = this.own6;
    for (let i = 0; i < own.length; i += 4) {
      if (own[i] === dst[0] && own[i + 1] === dst[1] && own[i + 2] === dst[2] && own[i + 3] === dst[3]) {
        return CONSUMED.toAppliance;
      }
    }
    const w = dst[0];
    if (w >>> 24 === 0xff || w >>> 22 === 0x3fa) return CONSUMED.multicast; // ff00::/8, fe80::/10
    return 0;
  }
}
