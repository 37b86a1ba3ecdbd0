// `chainsim explain`: the packet-tracer runs the replay path and reports both directions.
import { describe, expect, it } from 'vitest';
import { explainFlow, parseFlow } from '../../dataplane/engine/explain.js';
import { loadDefaultConfig } from '../../policy/index.js';
import { spawnSync } from 'node:child_process';
import { chainsimBin, repoRoot } from '../support/env.js';

const config = loadDefaultConfig().config;

describe('explain', () => {
  it('traces use case 1 through the firewall: Interface-1 out, Interface-2 back, VLAN 100', () => {
    const r = explainFlow(config, parseFlow('tcp 172.16.10.5:51000 > 52.96.1.1:443 in LAN-1'));
    const [first, reply] = r.directions;
    const phase = (d: typeof first, name: string) => d.phases.find((p) => p.phase === name);
    expect(first.phases.map((p) => p.phase)).toEqual([
      'ingress', 'route lookup', 'connection lookup', 'policy', 'redirect', 'VM check', 'ceiling', 'hosted firewall', 'return', 'egress',
    ]);
    expect(phase(first, 'redirect')).toMatchObject({ serviceRedirectInterface: 'LAN-side', firewallInterface: 1, vlan: 100 });
    expect(phase(reply, 'redirect')).toMatchObject({ serviceRedirectInterface: 'WAN-side', firewallInterface: 2, vlan: 100 });
    expect(phase(first, 'hosted firewall')).toMatchObject({ rule: 'allow-out', verdict: 'allow', zones: ['trust', 'untrust'] });
    expect([first.result, reply.result]).toEqual(['forwarded out WAN-1', 'forwarded out LAN-1']);
  });

  it('shows the firewall denying inbound SSH to the LAN', () => {
    const r = explainFlow(config, parseFlow('tcp 198.51.100.7:40000 > 172.16.1.1:22'));
    expect(r.directions[0].result).toBe('dropped: fw-deny');
    expect(r.directions[0].phases.find((p) => p.phase === 'hosted firewall')).toMatchObject({ rule: 'interzone-default', verdict: 'deny' });
  });

  it('refuses a flow it cannot read with exit 2 and says what a flow looks like', () => {
    const res = spawnSync(process.execPath, [chainsimBin, 'explain', 'tcp 1.2.3.4 > 5.6.7.8:80'], { cwd: repoRoot, encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('needs a port');
    const json = spawnSync(process.execPath, [chainsimBin, 'explain', '--json', 'udp 172.16.1.2:5000 > 52.96.1.1:53'], { cwd: repoRoot, encoding: 'utf8' });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).directions).toHaveLength(2);
  });
});
