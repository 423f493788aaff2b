// Starts the repository's local API server (routes/local_api.py, moto behind it) on a free port
// and stops it with its whole process group.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const READY = /local API on (http:\/\/[^\s]+)/;

export async function startLocalApi(repositoryRoot, { timeoutMs = 60000 } = {}) {
  const script = path.join(repositoryRoot, 'routes', 'local_api.py');
  if (!existsSync(script)) throw new Error(`${script} is missing: the end-to-end tests need the local API server`);
  // detached: its own process group, so stopping it also stops anything it started.
  const child = spawn('python3', [script, '--port', '0'], { cwd: repositoryRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local API was not ready after ${timeoutMs / 1000}s:\n${output}`)), timeoutMs);
    child.stdout.on('data', () => {
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local API exited with ${code} before it was ready:\n${output}`));
    });
  });
  child.removeAllListeners('exit');

  return {
    origin,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}
