/**
 * The hosted firewall VM as a loaded config describes it: its images stored, its instance
 * declared and its `state` forced at time 0. Nothing here is refused: config validation has
 * already rejected what is an error (more than two images, a hosted firewall beside Cloud
 * Direct or WANOP), and lint reports what is only a finding (HA without both sites).
 */
import { chainsimError, type AppConfig } from '../../policy/index.js';
import { VM_VENDOR } from './models.js';
import { HostedVm } from './vm.js';

export interface VmFromConfigOptions {
  /** Boot time after provision / start / enable commands, ns (default DEFAULT_BOOT_NS). */
  readonly bootNs?: number;
}

export function vmFromConfig(config: AppConfig, options: VmFromConfigOptions = {}): HostedVm {
  const { appliance, hostedFirewall } = config;
  const vm = new HostedVm({
    // The address as written, without a host prefix length if one was given.
    managementIp: appliance.managementIp.text.replace(/\/\d+$/, ''),
    services: appliance.services,
    ha: appliance.ha,
    ...(options.bootNs === undefined ? {} : { bootNs: options.bootNs }),
  });
  for (const image of hostedFirewall.images) vm.uploadImage(image);
  const instance = hostedFirewall.instance;
  if (instance === null) return vm;
  const template = hostedFirewall.templates.find((t) => t.name === instance.template);
  if (template === undefined) {
    throw chainsimError(
      'CHAINSIM_INTERNAL',
      `building the hosted VM: instance template ${JSON.stringify(instance.template)} is not a hosted firewall template`,
    );
  }
  vm.declareInstance({
    vendor: VM_VENDOR,
    model: template.model,
    image: instance.image,
    panorama: {
      primary: template.managementServers.primary?.text ?? null,
      secondary: template.managementServers.secondary?.text ?? null,
    },
    authKey: instance.authKey,
    authCode: instance.authCode,
    sites: instance.sites,
  });
  vm.forceState(instance.state, 0);
  return vm;
}
