import { type Command, InvalidArgumentError } from 'commander';
import { startOramServer } from '../node/oramServer.js';
import { DEFAULT_SERVER_SPIN_MICROS } from '../parameters.js';
import { intOption } from './iroCommand.js';

/** `paperlab-oram serve`: the untrusted storage server (src/node/oramServer.ts). */
export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'run the untrusted ORAM storage server: stores in DIR, WebSocket on HOST:PORT, GET /trace shows what it sees',
    )
    .requiredOption('--dir <dir>', 'directory of the stores (created if missing)', (v: string) => {
      if (v.trim().length === 0) throw new InvalidArgumentError('--dir must be a non-empty path');
      return v;
    })
    .option('--host <host>', 'interface to bind (loopback by default)', '127.0.0.1')
    .option('--port <port>', 'TCP port (0: any free port)', intOption('--port', 0, 65535), 8080)
    .option(
      '--max-message-bytes <n>',
      'largest request accepted',
      intOption('--max-message-bytes', 1024, 2 ** 30),
      64 * 2 ** 20,
    )
    .option(
      '--checkpoint-bytes <n>',
      'journal bytes per store between checkpoints into tree.bin (0: after every batch; default 16 MiB)',
      intOption('--checkpoint-bytes', 0, 2 ** 30),
    )
    .option(
      '--spin-us <n>',
      `after each message, busy-poll up to n microseconds for the next one instead of sleeping (costs CPU, backs off where it does not pay; 0: off; default ${DEFAULT_SERVER_SPIN_MICROS})`,
      intOption('--spin-us', 0, 1_000_000),
      DEFAULT_SERVER_SPIN_MICROS,
    )
    .option('--no-fsync', 'do not fsync (survives a killed process, not a power cut)')
    .option('--log', 'print one line per request: what the server sees')
    .action(
      async (o: {
        dir: string;
        host: string;
        port: number;
        maxMessageBytes: number;
        checkpointBytes?: number;
        spinUs: number;
        fsync: boolean;
        log?: boolean;
      }) => {
        const server = await startOramServer({
          dir: o.dir,
          host: o.host,
          port: o.port,
          maxMessageBytes: o.maxMessageBytes,
          checkpointBytes: o.checkpointBytes,
          fsync: o.fsync,
          spinMicros: o.spinUs,
          onRequest: o.log
            ? (e) =>
                console.log(
                  `${e.n} ${e.store} ${e.op}${e.seq === undefined ? '' : ` seq ${e.seq}`} ${e.locations.length} locations ${e.bytes} B${e.error ? ` error: ${e.error}` : ''}`,
                )
            : undefined,
        });
        console.log(`paperlab-oram serve: ${server.url} (stores in ${o.dir}); GET /trace, /stats`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      },
    );
}
