/**
 * main is `npm run cluster`: parse the flags, start the local endpoint, print how to use it, and
 * stop cleanly on Ctrl+C (SIGINT) or SIGTERM, saving --state if given. startLocalServer is
 * re-exported for the bench, which imports this bundle.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from './serve';

export { startLocalServer } from './serve';

const USAGE = `Usage: npm run cluster -- [options]

Serves the tutorial's mini control plane as a Kubernetes API endpoint on this machine.

Options:
  --port N           HTTPS port on 127.0.0.1 (default 6443; 0 picks a free port)
  --kubeconfig FILE  where to write the kubeconfig (default ${join(tmpdir(), 'kube-api-hands-on', 'kubeconfig')})
  --state FILE       load the etcd keyspace from FILE at start (if it exists) and save it there on exit
  --nodes N          number of worker nodes (default 2)
  -h, --help         show this help`;

/** CliOptions are the parsed flags. */
export interface CliOptions {
  port: number;
  kubeconfigPath: string;
  statePath?: string;
  nodes: number;
}

/** parseCliArgs reads the flags, throwing a message that names the bad one. */
export function parseCliArgs(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      state: { type: 'string' },
      nodes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const port = values.port === undefined ? 6443 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  const nodes = values.nodes === undefined ? 2 : Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 0 || nodes > 50) throw new Error(`--nodes must be a whole number from 0 to 50, got ${JSON.stringify(values.nodes)}`);
  return {
    port,
    nodes,
    kubeconfigPath: resolve(values.kubeconfig ?? join(tmpdir(), 'kube-api-hands-on', 'kubeconfig')),
    ...(values.state ? { statePath: resolve(values.state) } : {}),
  };
}

export async function main(args: string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(args);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const nodes = Array.from({ length: options.nodes }, (_, i) => `node-${i + 1}`);
  let server;
  try {
    server = await startLocalServer({ port: options.port, kubeconfigPath: options.kubeconfigPath, statePath: options.statePath, nodes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${options.port} is already in use (try --port 0 or another port)` : (error as Error).message;
    console.error(`error: cannot start the cluster: ${why}`);
    return 1;
  }
  console.log(`Mini control plane serving at ${server.url} (${nodes.length} node${nodes.length === 1 ? '' : 's'} Ready)`);
  console.log(`Kubeconfig (admin, client certificate): ${server.kubeconfigPath}`);
  if (options.statePath) console.log(`State: ${options.statePath} (loaded if present, saved on exit)`);
  console.log(`\nUse it from another terminal:\n\n  export KUBECONFIG=${server.kubeconfigPath}\n  kubectl get nodes\n\nPress Ctrl+C to stop.`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('\nStopping…');
  await server.close();
  console.log(options.statePath ? `Saved the cluster state to ${options.statePath}.` : 'Stopped.');
  return 0;
}
