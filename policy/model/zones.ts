/**
 * Zone and service ids: the numbers a Tuple carries. A zone's id is its index in
 * `AppConfig.zones` (declared zones, then the built-ins), so ids are stable for a config;
 * service ids come from tuple.ts's SERVICE_ID (0, SERVICE_NONE, when no route covers an address).
 */
import type { AppConfig, ServiceType } from '../config/types.js';
import { chainsimError } from '../errors.js';
import { SERVICE_ID } from './tuple.js';

/** The id of zone `name` in `config`; an unknown name is a config error (the loader reports
 * it with its place first; this guards configs built in code). */
export function zoneId(config: AppConfig, name: string): number {
  const id = config.zones.indexOf(name);
  if (id < 0) {
    throw chainsimError(
      'CHAINSIM_CONFIG',
      `resolving zone "${name}": not in the config's zones (${config.zones.join(', ')})`,
    );
  }
  return id;
}

export function serviceId(service: ServiceType): number {
  return SERVICE_ID[service];
}
