// Plain JavaScript: the replica tests (test/replicas/helpers/redis-server.ts) and the benchmark
// (`npm run bench -- --replicas`) start Debian's redis-server the same way.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback TCP port (redis-server cannot be told to pick one and report it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `executable` on 127.0.0.1:`port` with no persistence, its files in `dir`; resolves once it accepts connections. */
export function launchRedis(executable, port, dir) {
  return new Promise((resolve, reject) => {
    // No persistence: a store that lives as long as the process, nothing more.
    const child = spawn(executable, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${executable} (install Debian's redis-server): ${error.message}`));
    });
    // Both pipes are read to the end (an unread pipe could stall the server); only start-up output is kept.
    const collect = (chunk) => {
      if (output.includes('Ready to accept connections')) return;
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output}`));
    });
  });
}
