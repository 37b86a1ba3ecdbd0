/**
 * What `provision` is given and how it is checked: the fields of the appliance's Provision
 * dialog (vendor document, "Provisioning"), and the appliance facts that can forbid it.
 */
import { isIP } from 'node:net';
import type { VmModel } from '../../policy/index.js';
import { isVmModel, VM_MODELS, VM_VENDOR, type VmVendor } from './models.js';
import { orList } from './transitions.js';

export interface ProvisionRequest {
  readonly vendor: string;
  readonly model: string;
  readonly image: string;
  /** Primary and secondary Panorama (management server), each an IP address or an FQDN. */
  readonly panorama?: { readonly primary?: string | null; readonly secondary?: string | null };
  /** For the VM's auto-registration with Panorama. */
  readonly authKey?: string | null;
  /** The VM licence code. */
  readonly authCode?: string | null;
  readonly sites?: readonly string[];
}

/** A provisioned instance, normalised. */
export interface InstanceSpec {
  readonly vendor: VmVendor;
  readonly model: VmModel;
  readonly image: string;
  readonly panorama: { readonly primary: string | null; readonly secondary: string | null };
  readonly authKey: string | null;
  readonly authCode: string | null;
  readonly sites: readonly string[];
}

/** The appliance around the VM, as far as provisioning cares. */
export interface ApplianceFacts {
  /** Cloud Direct or SD-WAN WANOP provisioned: either forbids a hosted firewall. */
  readonly services: { readonly cloudDirect: boolean; readonly wanop: boolean };
  /** In an HA pair, provisioning must name both the primary and the secondary site. When the
   * two site names are known they must both be among `sites`; otherwise two distinct names. */
  readonly ha: { readonly enabled: boolean; readonly primary?: string; readonly secondary?: string };
}

/** Why Cloud Direct / WANOP forbid provisioning, or null when neither is there. */
export function servicesConflict(facts: ApplianceFacts): string | null {
  const present = [
    ...(facts.services.cloudDirect ? ['Cloud Direct'] : []),
    ...(facts.services.wanop ? ['WANOP'] : []),
  ];
  if (present.length === 0) return null;
  const verb = present.length === 1 ? 'is' : 'are';
  return `${present.join(' and ')} ${verb} provisioned on the appliance, and a hosted firewall cannot be provisioned beside ${present.length === 1 ? 'it' : 'them'}`;
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A fully qualified name: at least two labels, and a last label that is not all digits (so
 * that a mistyped IPv4 address such as `192.0.2.300` is not taken for a name). */
export function isFqdn(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

function checkServer(which: 'primary' | 'secondary', value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || (isIP(value) === 0 && !isFqdn(value))) {
    return `panorama.${which} ${JSON.stringify(value)} is neither an IP address nor an FQDN`;
  }
  return null;
}

function checkSites(sites: readonly unknown[], facts: ApplianceFacts): string | null {
  const bad = sites.find((s) => typeof s !== 'string' || s.trim() === '');
  if (bad !== undefined) return `sites holds ${JSON.stringify(bad)}, which is not a site name`;
  if (!facts.ha.enabled) return null;
  const named = sites as readonly string[];
  const { primary, secondary } = facts.ha;
  if (primary !== undefined && secondary !== undefined) {
    const missing = [primary, secondary].filter((s) => !named.includes(s));
    if (missing.length === 0) return null;
    return `the appliance is in an HA pair, and sites must name both its primary (${primary}) and secondary (${secondary}) site; missing: ${missing.join(', ')}`;
  }
  if (new Set(named).size >= 2) return null;
  return `the appliance is in an HA pair, and sites must name both the primary and the secondary site; got ${named.length === 0 ? 'none' : named.join(', ')}`;
}

/**
 * Checks a request against the stored images and the appliance; returns the normalised
 * instance, or the reason it is refused (the first one found).
 */
export function checkProvision(
  request: ProvisionRequest,
  images: readonly string[],
  facts: ApplianceFacts,
): InstanceSpec | string {
  const conflict = servicesConflict(facts);
  if (conflict !== null) return conflict;
  if (request.vendor !== VM_VENDOR) {
    return `vendor ${JSON.stringify(request.vendor)} is not supported (the appliance hosts ${VM_VENDOR} only)`;
  }
  if (!isVmModel(request.model)) {
    return `model ${JSON.stringify(request.model)} is not offered (${orList(VM_MODELS)})`;
  }
  if (!images.includes(request.image)) {
    const stored = images.length === 0 ? 'none' : images.join(', ');
    return `image ${JSON.stringify(request.image)} is not uploaded (stored: ${stored}); uploadImage it first`;
  }
  const primary = request.panorama?.primary ?? null;
  const secondary = request.panorama?.secondary ?? null;
  const serverProblem = checkServer('primary', primary) ?? checkServer('secondary', secondary);
  if (serverProblem !== null) return serverProblem;
  const sites = request.sites ?? [];
  const sitesProblem = checkSites(sites, facts);
  if (sitesProblem !== null) return sitesProblem;
  return {
    vendor: VM_VENDOR,
    model: request.model,
    image: request.image,
    panorama: { primary, secondary },
    authKey: request.authKey ?? null,
    authCode: request.authCode ?? null,
    sites: [...sites],
  };
}
