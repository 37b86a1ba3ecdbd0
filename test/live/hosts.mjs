#!/usr/bin/env node
// The rig's end hosts, in plain Node (no nc/iperf needed), run with `ip netns exec`:
//   hosts.mjs server PORT...                  TCP echo on each PORT; prints `listening`, and on
//                                             SIGTERM/SIGINT a JSON line {tcpBytes, connections}
//   hosts.mjs tcp HOST PORT MESSAGE           one connection: send MESSAGE, read the echo, close;
//                                             prints JSON {echo}
//   hosts.mjs udp HOST PORT COUNT [GAP_MS]    COUNT datagrams of 64 bytes, GAP_MS apart;
//                                             prints JSON {sent}
import dgram from 'node:dgram';
import net from 'node:net';

const [mode, ...args] = process.argv.slice(2);

function done(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function server(ports) {
  let tcpBytes = 0;
  let connections = 0;
  let open = ports.length;
  for (const port of ports) {
    const srv = net.createServer((sock) => {
      connections++;
      sock.on('data', (d) => {
        tcpBytes += d.length;
        sock.write(d);
      });
      sock.on('error', () => {});
    });
    srv.listen(port, () => {
      if (--open === 0) process.stderr.write('listening\n');
    });
  }
  const stop = () => {
    done({ tcpBytes, connections });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function tcp(host, port, message) {
  const sock = net.connect({ host, port });
  let echo = '';
  const timer = setTimeout(() => {
    process.stderr.write(`tcp: no echo from ${host}:${port} within 10 s\n`);
    process.exit(1);
  }, 10_000);
  sock.on('connect', () => sock.write(message));
  sock.on('data', (d) => {
    echo += d.toString();
    if (echo.length >= message.length) sock.end();
  });
  sock.on('close', () => {
    clearTimeout(timer);
    done({ echo });
  });
  sock.on('error', (err) => {
    process.stderr.write(`tcp: ${err.message}\n`);
    process.exit(1);
  });
}

async function udp(host, port, count, gapMs) {
  const sock = dgram.createSocket('udp4');
  const payload = Buffer.alloc(64, 0x61);
  for (let i = 0; i < count; i++) {
    await new Promise((resolve, reject) => sock.send(payload, port, host, (err) => (err ? reject(err) : resolve())));
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  sock.close();
  done({ sent: count });
}

if (mode === 'server' && args.length > 0) server(args.map(Number));
else if (mode === 'tcp' && args.length === 3) tcp(args[0], Number(args[1]), args[2]);
else if (mode === 'udp' && args.length >= 3) await udp(args[0], Number(args[1]), Number(args[2]), Number(args[3] ?? 0));
else {
  process.stderr.write('usage: hosts.mjs server PORT... | tcp HOST PORT MESSAGE | udp HOST PORT COUNT [GAP_MS]\n');
  process.exit(2);
}
