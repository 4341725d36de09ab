// Standalone entry: `npx tsx src/sandbox/mongo/main.ts [--port 27018] [--host 127.0.0.1]
// [--ttl-cap inbox_events=3600,outbox=3600]` (see MongoServerOptions.ttlCapSeconds).
// Prints the URI on one line (a parent process reads it), exits on SIGTERM/SIGINT.
import { startMongoServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const portArg = arg('port');
  const port = portArg === undefined ? 0 : Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port: ${portArg ?? ''}\n`);
    process.exit(2);
  }
  const caps: Record<string, number> = {};
  for (const pair of (arg('ttl-cap') ?? '').split(',').filter(Boolean)) {
    const [name, seconds] = pair.split('=');
    caps[name] = Number(seconds);
  }
  const sandbox = await startMongoServer({ port, host: arg('host') ?? '127.0.0.1', ttlCapSeconds: caps });
  process.stdout.write(`${sandbox.uri}\n`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
