import { describe, expect, it } from 'vitest';
import type { AppConfig, HostedFirewallInstance, Prefix, VmState } from '../../../policy/index.js';
import { vmFromConfig } from '../../../vwire/lifecycle/index.js';

const S = 1e9;

function host(text: string): Prefix {
  return { family: 4, words: [0, 0, 0, 0], length: 32, text };
}

/** The parts of a loaded config that the VM reads; the rest of AppConfig is not consulted. */
function config(options: {
  state?: VmState;
  instance?: boolean;
  images?: string[];
  managementIp?: string;
  services?: { cloudDirect: boolean; wanop: boolean };
}): AppConfig {
  const instance: HostedFirewallInstance = {
    template: 'PAN-Branch',
    image: 'PA-VM-10.1.qcow2',
    state: options.state ?? 'up',
    sites: ['Branch-1'],
    authKey: null,
    authCode: null,
    probe: null,
  };
  const partial = {
    appliance: {
      name: 'Branch-1',
      model: '1100',
      managementIp: host(options.managementIp ?? '172.31.255.1'),
      services: options.services ?? { cloudDirect: false, wanop: false },
      ha: { enabled: false },
    },
    hostedFirewall: {
      images: options.images ?? ['PA-VM-10.1.qcow2'],
      templates: [
        {
          name: 'Other',
          vendor: 'palo-alto-networks',
          deploymentMode: 'virtual-wire',
          model: 'VM-100',
          managementServers: { primary: null, secondary: null },
          serviceRedirectInterfaces: [],
        },
        {
          name: 'PAN-Branch',
          vendor: 'palo-alto-networks',
          deploymentMode: 'virtual-wire',
          model: 'VM-50',
          managementServers: {
            primary: { kind: 'ip', address: host('192.0.2.10'), text: '192.0.2.10' },
            secondary: { kind: 'fqdn', name: 'pan.example.net', text: 'pan.example.net' },
          },
          serviceRedirectInterfaces: [],
        },
      ],
      instance: options.instance === false ? null : instance,
      ceiling: { rateBitsPerSecond: 1e8, burstBytes: 62500, queueSeconds: 0, scope: 'aggregate' },
    },
  };
  return partial as unknown as AppConfig;
}

describe('vmFromConfig', () => {
  it('starts in the configured state with the instance of the named template', () => {
    const vm = vmFromConfig(config({ state: 'up' }));
    expect(vm.state).toBe('up');
    expect(vm.isProcessing).toBe(true);
    expect(vm.sessionCapacity).toBe(50_000); // PAN-Branch is a VM-50
    expect(vm.status()).toEqual({
      adminState: 'up',
      processingState: 'processing',
      vendor: 'palo-alto-networks',
      model: 'VM-50',
      image: 'PA-VM-10.1.qcow2',
      managementIp: '172.31.255.1',
      guiUrl: 'https://172.31.255.1:4100/',
      sites: ['Branch-1'],
    });
  });

  it('stores the configured images', () => {
    const vm = vmFromConfig(config({ images: ['a.qcow2', 'PA-VM-10.1.qcow2'] }));
    expect(vm.images).toEqual(['a.qcow2', 'PA-VM-10.1.qcow2']);
    expect(vm.imageInUse).toBe('PA-VM-10.1.qcow2');
  });

  it('keeps a configured booting state until something forces up', () => {
    const vm = vmFromConfig(config({ state: 'booting' }));
    vm.tick(1e6 * S);
    expect(vm.state).toBe('booting');
  });

  it('declares a not-provisioned instance so that a forced provision runs it', () => {
    const vm = vmFromConfig(config({ state: 'not-provisioned' }));
    expect(vm.status().model).toBe(null);
    vm.forceState('booting', 1 * S);
    expect(vm.status().model).toBe('VM-50');
  });

  it('builds a VM with nothing provisioned when the config has no instance', () => {
    const vm = vmFromConfig(config({ instance: false }));
    expect(vm.state).toBe('not-provisioned');
    expect(vm.allowedCommands()).toEqual(['provision']);
  });

  it('drops a host prefix length from the management address', () => {
    expect(vmFromConfig(config({ managementIp: '172.31.255.1/32' })).status().guiUrl).toBe('https://172.31.255.1:4100/');
  });

  it('is not refused by what config validation and lint own', () => {
    const vm = vmFromConfig(config({ services: { cloudDirect: true, wanop: false } }));
    expect(vm.state).toBe('up');
  });

  it('takes a boot time for later start commands', () => {
    const vm = vmFromConfig(config({ state: 'down' }), { bootNs: 3 * S });
    vm.start(10 * S);
    vm.tick(13 * S);
    expect(vm.state).toBe('up');
  });
});
