import { describe, expect, it } from 'vitest';
import { isChainsimError } from '../../../policy/index.js';
import { HostedVm, isFqdn, type HostedVmOptions, type ProvisionRequest, type VmChange } from '../../../vwire/lifecycle/index.js';

const S = 1e9; // ns per second
const IMAGE = 'PA-VM-10.1.qcow2';

function vm(options: Partial<HostedVmOptions> = {}): HostedVm {
  return new HostedVm({ managementIp: '172.31.255.1', ...options });
}

function request(overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return {
    vendor: 'palo-alto-networks',
    model: 'VM-100',
    image: IMAGE,
    panorama: { primary: '192.0.2.10', secondary: 'panorama.example.net' },
    sites: ['Branch-1'],
    ...overrides,
  };
}

/** A VM with IMAGE stored and provisioned at time 0 (booting until 120 s). */
function provisioned(options: Partial<HostedVmOptions> = {}): HostedVm {
  const v = vm(options);
  v.uploadImage(IMAGE);
  v.provision(request(), 0);
  return v;
}

/** The message of the CHAINSIM_MANAGEMENT error `f` throws. */
function refusal(f: () => void): string {
  try {
    f();
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_MANAGEMENT') return err.message;
    throw err;
  }
  throw new Error('expected a refusal, but the command was accepted');
}

describe('HostedVm: provision and boot', () => {
  it('boots for 120 s by default and is up at exactly provision time + 120 s', () => {
    const v = provisioned();
    expect(v.state).toBe('booting');
    v.tick(120 * S - 1);
    expect(v.state).toBe('booting');
    expect(v.isProcessing).toBe(false);
    v.tick(120 * S);
    expect(v.state).toBe('up');
    expect(v.isProcessing).toBe(true);
  });

  it('shows the status of the appliance page once up', () => {
    const v = provisioned();
    v.tick(200 * S);
    expect(v.status()).toEqual({
      adminState: 'up',
      processingState: 'processing',
      vendor: 'palo-alto-networks',
      model: 'VM-100',
      image: IMAGE,
      managementIp: '172.31.255.1',
      guiUrl: 'https://172.31.255.1:4100/',
      sites: ['Branch-1'],
    });
  });

  it('shows nothing provisioned before provision, and not-processing while booting', () => {
    const v = vm();
    expect(v.status()).toEqual({
      adminState: 'not-provisioned',
      processingState: 'not-processing',
      vendor: null,
      model: null,
      image: null,
      managementIp: '172.31.255.1',
      guiUrl: null,
      sites: [],
    });
    v.uploadImage(IMAGE);
    v.provision(request(), 0);
    expect(v.status().adminState).toBe('booting');
    expect(v.status().processingState).toBe('not-processing');
  });

  it('brackets an IPv6 management address in the GUI link', () => {
    const v = provisioned({ managementIp: '2001:db8::1' });
    expect(v.status().guiUrl).toBe('https://[2001:db8::1]:4100/');
  });

  it('takes a configured boot time and tells when the boot ends', () => {
    const v = provisioned({ bootNs: 5 * S });
    expect(v.bootDoneAtNs).toBe(5 * S);
    v.tick(5 * S - 1);
    expect(v.state).toBe('booting');
    v.tick(5 * S);
    expect(v.state).toBe('up');
    expect(v.bootDoneAtNs).toBe(Infinity);
  });

  it('ends the boot at its own instant, even when the clock jumps past it', () => {
    const v = vm();
    const changes: VmChange[] = [];
    v.onChange((c) => changes.push(c));
    v.uploadImage(IMAGE);
    v.provision(request(), 10 * S);
    v.tick(500 * S);
    expect(changes).toEqual([
      { from: 'not-provisioned', to: 'booting', atNs: 10 * S, cause: 'provision' },
      { from: 'booting', to: 'up', atNs: 130 * S, cause: 'boot-complete' },
    ]);
  });

  it('completes a due boot before a later command acts', () => {
    const v = provisioned();
    const changes: VmChange[] = [];
    v.onChange((c) => changes.push(c));
    v.shutdown(200 * S);
    expect(changes.map((c) => [c.from, c.to, c.atNs])).toEqual([
      ['booting', 'up', 120 * S],
      ['up', 'down', 200 * S],
    ]);
    expect(v.sessionEpoch).toBe(1);
  });

  it('counts a time earlier than its clock as the clock time', () => {
    const v = vm();
    v.uploadImage(IMAGE);
    v.provision(request(), 100 * S);
    v.tick(50 * S);
    expect(v.nowNs).toBe(100 * S);
    v.tick(220 * S - 1);
    expect(v.state).toBe('booting');
    v.tick(220 * S);
    expect(v.state).toBe('up');
  });

  it('refuses a time that is not a number as a bug of the caller', () => {
    const v = vm();
    expect(() => v.tick(Number.NaN)).toThrow(expect.objectContaining({ code: 'CHAINSIM_INTERNAL' }));
  });

  it('gives the session capacity of the model from the datasheet', () => {
    const small = vm();
    expect(small.sessionCapacity).toBe(0);
    small.uploadImage(IMAGE);
    small.provision(request({ model: 'VM-50' }), 0);
    expect(small.sessionCapacity).toBe(50_000);
    expect(provisioned().sessionCapacity).toBe(250_000);
  });

  it('accepts an HA pair when sites name both sites', () => {
    const v = vm({ ha: { enabled: true, primary: 'Branch-1', secondary: 'Branch-1-HA' } });
    v.uploadImage(IMAGE);
    v.provision(request({ sites: ['Branch-1-HA', 'Branch-1'] }), 0);
    expect(v.state).toBe('booting');
  });
});

describe('HostedVm: start, shut down, disable, enable, deprovision', () => {
  it('walks the whole lifecycle', () => {
    const v = provisioned({ bootNs: 10 * S });
    v.tick(10 * S);
    v.shutdown(20 * S);
    expect(v.state).toBe('down');
    v.start(30 * S);
    expect(v.state).toBe('booting');
    v.tick(40 * S);
    expect(v.state).toBe('up');
    v.disable(50 * S);
    expect(v.state).toBe('disabled');
    v.enable(60 * S);
    expect(v.state).toBe('booting');
    v.tick(70 * S);
    v.adminDown(80 * S);
    expect(v.state).toBe('down');
    v.adminUp(90 * S);
    v.adminDown(95 * S);
    v.deprovision(100 * S);
    expect(v.state).toBe('not-provisioned');
    expect(v.imageInUse).toBe(null);
  });

  it('bumps the session epoch each time the VM leaves up, and only then', () => {
    const v = provisioned({ bootNs: 10 * S });
    v.shutdown(5 * S); // booting → down: it never was up
    expect(v.sessionEpoch).toBe(0);
    v.start(6 * S);
    v.tick(16 * S);
    v.disable(20 * S);
    expect(v.sessionEpoch).toBe(1);
    v.forceState('up', 21 * S);
    v.forceState('up', 22 * S);
    expect(v.sessionEpoch).toBe(1);
    v.forceState('not-provisioned', 23 * S);
    expect(v.sessionEpoch).toBe(2);
  });

  it('stops calling a listener once it is removed', () => {
    const v = provisioned();
    let calls = 0;
    const stop = v.onChange(() => (calls += 1));
    v.shutdown(1 * S);
    stop();
    v.start(2 * S);
    expect(calls).toBe(1);
  });
});

describe('HostedVm: refusals say what, why and what is allowed now', () => {
  it('refuses start while booting', () => {
    const v = provisioned();
    expect(refusal(() => v.start(1 * S))).toBe(
      'cannot start: the VM is booting (start needs it down); allowed now: shutdown, adminDown, disable',
    );
  });

  it('refuses start while up', () => {
    const v = provisioned();
    expect(refusal(() => v.start(300 * S))).toBe(
      'cannot start: the VM is up (start needs it down); allowed now: shutdown, adminDown, disable',
    );
  });

  it('refuses enable when the VM is only down', () => {
    const v = provisioned();
    v.shutdown(1 * S);
    expect(refusal(() => v.enable(2 * S))).toBe(
      'cannot enable: the VM is down (enable needs it disabled); allowed now: start, adminUp, disable, deprovision',
    );
  });

  it('refuses deprovision of a running VM', () => {
    const v = provisioned();
    expect(refusal(() => v.deprovision(300 * S))).toBe(
      'cannot deprovision: the VM is up (deprovision needs it down or disabled); allowed now: shutdown, adminDown, disable',
    );
  });

  it('refuses shutdown of a VM that is not provisioned', () => {
    const v = vm();
    v.uploadImage(IMAGE);
    expect(refusal(() => v.shutdown(0))).toBe(
      'cannot shutdown: the VM is not provisioned (shutdown needs it booting or up); allowed now: provision',
    );
    expect(refusal(() => v.adminDown(0))).toBe(
      'cannot adminDown: the VM is not provisioned (adminDown needs it booting or up); allowed now: provision',
    );
  });

  it('refuses disable of a disabled VM', () => {
    const v = provisioned();
    v.disable(1 * S);
    expect(refusal(() => v.disable(2 * S))).toBe(
      'cannot disable: the VM is disabled (disable needs it booting, up or down); allowed now: enable, deprovision',
    );
  });

  it('refuses a second provision', () => {
    const v = provisioned();
    expect(refusal(() => v.provision(request(), 300 * S))).toBe(
      'cannot provision: the VM is up (provision needs it not provisioned); allowed now: shutdown, adminDown, disable',
    );
  });

  it('refuses provision beside Cloud Direct, WANOP or both', () => {
    const cd = vm({ services: { cloudDirect: true, wanop: false } });
    cd.uploadImage(IMAGE);
    expect(refusal(() => cd.provision(request(), 0))).toBe(
      'cannot provision: Cloud Direct is provisioned on the appliance, and a hosted firewall cannot be provisioned beside it; allowed now: none',
    );
    const wanop = vm({ services: { cloudDirect: false, wanop: true } });
    wanop.uploadImage(IMAGE);
    expect(refusal(() => wanop.provision(request(), 0))).toBe(
      'cannot provision: WANOP is provisioned on the appliance, and a hosted firewall cannot be provisioned beside it; allowed now: none',
    );
    const both = vm({ services: { cloudDirect: true, wanop: true } });
    both.uploadImage(IMAGE);
    expect(refusal(() => both.provision(request(), 0))).toBe(
      'cannot provision: Cloud Direct and WANOP are provisioned on the appliance, and a hosted firewall cannot be provisioned beside them; allowed now: none',
    );
  });

  it('refuses provision of an image that is not uploaded', () => {
    const none = vm();
    expect(refusal(() => none.provision(request(), 0))).toBe(
      'cannot provision: image "PA-VM-10.1.qcow2" is not uploaded (stored: none); uploadImage it first; allowed now: none',
    );
    const other = vm();
    other.uploadImage(IMAGE);
    expect(refusal(() => other.provision(request({ image: 'PA-VM-11.0.qcow2' }), 0))).toBe(
      'cannot provision: image "PA-VM-11.0.qcow2" is not uploaded (stored: PA-VM-10.1.qcow2); uploadImage it first; allowed now: provision',
    );
  });

  it('refuses another vendor, another model and a management server that is no host', () => {
    const v = vm();
    v.uploadImage(IMAGE);
    expect(refusal(() => v.provision(request({ vendor: 'fortinet' }), 0))).toBe(
      'cannot provision: vendor "fortinet" is not supported (the appliance hosts palo-alto-networks only); allowed now: provision',
    );
    expect(refusal(() => v.provision(request({ model: 'VM-300' }), 0))).toBe(
      'cannot provision: model "VM-300" is not offered (VM-50 or VM-100); allowed now: provision',
    );
    expect(refusal(() => v.provision(request({ panorama: { primary: 'panorama' } }), 0))).toBe(
      'cannot provision: panorama.primary "panorama" is neither an IP address nor an FQDN; allowed now: provision',
    );
    expect(refusal(() => v.provision(request({ panorama: { secondary: '192.0.2.300' } }), 0))).toBe(
      'cannot provision: panorama.secondary "192.0.2.300" is neither an IP address nor an FQDN; allowed now: provision',
    );
    expect(v.state).toBe('not-provisioned');
  });

  it('refuses an HA pair whose sites do not name both sites', () => {
    const unnamed = vm({ ha: { enabled: true } });
    unnamed.uploadImage(IMAGE);
    expect(refusal(() => unnamed.provision(request({ sites: ['Branch-1'] }), 0))).toBe(
      'cannot provision: the appliance is in an HA pair, and sites must name both the primary and the secondary site; got Branch-1; allowed now: provision',
    );
    const named = vm({ ha: { enabled: true, primary: 'Branch-1', secondary: 'Branch-1-HA' } });
    named.uploadImage(IMAGE);
    expect(refusal(() => named.provision(request({ sites: ['Branch-1', 'Branch-2'] }), 0))).toBe(
      'cannot provision: the appliance is in an HA pair, and sites must name both its primary (Branch-1) and secondary (Branch-1-HA) site; missing: Branch-1-HA; allowed now: provision',
    );
  });

  it('refuses a third image, naming the images that may be deleted', () => {
    const v = vm();
    v.uploadImage('a.qcow2');
    v.uploadImage('b.qcow2');
    expect(refusal(() => v.uploadImage('c.qcow2'))).toBe(
      'cannot uploadImage "c.qcow2": 2 images are stored (a.qcow2, b.qcow2), the most the appliance keeps; allowed now: deleteImage "a.qcow2", deleteImage "b.qcow2"',
    );
    v.provision(request({ image: 'b.qcow2' }), 0);
    expect(refusal(() => v.uploadImage('c.qcow2'))).toBe(
      'cannot uploadImage "c.qcow2": 2 images are stored (a.qcow2, b.qcow2), the most the appliance keeps; allowed now: deleteImage "a.qcow2"',
    );
  });

  it('refuses to delete the image in use until the VM is deprovisioned', () => {
    const v = provisioned();
    expect(refusal(() => v.deleteImage(IMAGE))).toBe(
      'cannot deleteImage "PA-VM-10.1.qcow2": the provisioned VM runs it (deprovision the VM first); allowed now: uploadImage',
    );
    v.disable(1 * S);
    v.deprovision(2 * S);
    v.deleteImage(IMAGE);
    expect(v.images).toEqual([]);
  });

  it('refuses to delete an image that is not stored and to upload one twice', () => {
    const v = vm();
    v.uploadImage('a.qcow2');
    expect(refusal(() => v.deleteImage('x.qcow2'))).toBe(
      'cannot deleteImage "x.qcow2": it is not stored (stored: a.qcow2); allowed now: uploadImage, deleteImage "a.qcow2"',
    );
    expect(refusal(() => v.uploadImage('a.qcow2'))).toBe(
      'cannot uploadImage "a.qcow2": an image of that name is stored already; allowed now: uploadImage, deleteImage "a.qcow2"',
    );
    expect(refusal(() => v.uploadImage(''))).toBe(
      'cannot uploadImage "": an image needs a name; allowed now: uploadImage, deleteImage "a.qcow2"',
    );
  });

  it('changes nothing when it refuses', () => {
    const v = provisioned();
    v.tick(300 * S);
    const before = { status: v.status(), epoch: v.sessionEpoch, images: [...v.images] };
    refusal(() => v.start(301 * S));
    refusal(() => v.deleteImage(IMAGE));
    refusal(() => v.provision(request(), 302 * S));
    expect({ status: v.status(), epoch: v.sessionEpoch, images: [...v.images] }).toEqual(before);
  });
});

describe('HostedVm.forceState', () => {
  it('is never refused and can run a VM that was never provisioned', () => {
    const v = vm();
    v.forceState('up', 0);
    expect(v.state).toBe('up');
    v.forceState('disabled', 1);
    v.forceState('booting', 2);
    expect(v.state).toBe('booting');
  });

  it('gives a forced boot no timer: it lasts until something forces up', () => {
    const v = provisioned();
    v.forceState('booting', 1 * S);
    v.tick(1e6 * S);
    expect(v.state).toBe('booting');
    v.forceState('up', 1e6 * S + 1);
    expect(v.state).toBe('up');
  });

  it('reports no change for a state equal to the current one', () => {
    const v = provisioned();
    v.tick(200 * S);
    const changes: VmChange[] = [];
    v.onChange((c) => changes.push(c));
    v.forceState('up', 201 * S);
    expect(changes).toEqual([]);
    v.forceState('down', 202 * S);
    expect(changes).toEqual([{ from: 'up', to: 'down', atNs: 202 * S, cause: 'forced' }]);
  });

  it('brings back the last provisioned instance when forced out of not-provisioned', () => {
    const v = provisioned();
    v.shutdown(1 * S);
    v.deprovision(2 * S);
    expect(v.status().model).toBe(null);
    v.forceState('booting', 3 * S);
    expect(v.status().model).toBe('VM-100');
    expect(v.imageInUse).toBe(IMAGE);
  });
});

describe('isFqdn', () => {
  it.each([
    ['panorama.example.com', true],
    ['panorama.example.com.', true],
    ['pan-1.corp', true],
    ['panorama', false],
    ['192.0.2.300', false],
    ['-pan.example.com', false],
    ['pan_1.example.com', false],
    ['a..b', false],
    ['', false],
    [`${'a'.repeat(64)}.com`, false],
  ])('%s → %s', (name, expected) => {
    expect(isFqdn(name)).toBe(expected);
  });
});
