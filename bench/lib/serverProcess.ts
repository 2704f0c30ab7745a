// Starts bench/serve.ts in a child process (node --import tsx) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServeConfig } from '../serve.js';

export const ADMIN_PASSWORD = 'bench-admin-password';

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static start(config: Omit<ServeConfig, 'adminPassword'>): Promise<ServerProcess> {
    const script = fileURLToPath(new URL('../serve.ts', import.meta.url));
    const child = fork(script, [JSON.stringify({ ...config, adminPassword: ADMIN_PASSWORD })], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096', ...(process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [])],
      // The server's own output goes to stderr: stdout carries only the result lines.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code} before it was ready`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.on('message', (message: { type: string; port?: number }) => {
        if (message.type === 'ready') {
          child.off('exit', onExit);
          resolve(new ServerProcess(child, message.port!));
        }
      });
    });
  }

  send(message: Record<string, unknown>): void {
    this.child.send(message);
  }

  request<T>(message: Record<string, unknown>, answer: string): Promise<T> {
    return new Promise((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== answer) return;
        this.child.off('message', on);
        resolve(m as T);
      };
      this.child.on('message', on);
      this.child.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
