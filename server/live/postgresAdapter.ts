// Several server processes on one PostgreSQL database share socket events through
// @socket.io/postgres-adapter (LISTEN/NOTIFY): the process that publishes an outbox row
// emits once, and every process delivers it to its own sockets in the rooms. On
// SQLite there is one process per database file in practice, so no adapter.
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';

export interface PostgresAdapterConfig {
  url: string;
  /** The schema the store uses (tests make one per file); default `public`. */
  schema?: string;
  /** How often each process says it is alive (default 5 s); tests shorten it. */
  heartbeatIntervalMs?: number;
}

export interface AttachedAdapter {
  adapter: ReturnType<typeof createAdapter>;
  /** Ends the adapter's own connections; call after the socket.io server closed. */
  close(): Promise<void>;
}

const ATTACHMENTS_TABLE = 'socket_io_attachments';

export async function postgresAdapter(config: PostgresAdapterConfig): Promise<AttachedAdapter> {
  const schema = config.schema ?? 'public';
  // The store validated the name when it opened the database; check again, it goes into SQL and a channel name.
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  let closing = false;
  const report = (error: unknown) => {
    if (!closing) console.warn('socket.io postgres adapter:', error instanceof Error ? error.message : error);
  };
  // Its own small pool: one connection stays checked out for LISTEN, the others send NOTIFY.
  const pool = new pg.Pool({ connectionString: config.url, max: 3, options: `-c search_path=${schema}` });
  pool.on('error', report);
  try {
    // Payloads past 8000 bytes travel through this table (the adapter's README schema).
    await pool.query(
      `create table if not exists ${ATTACHMENTS_TABLE} (id bigserial unique, created_at timestamptz default now(), payload bytea)`,
    );
  } catch (error) {
    // Two processes starting at once race on `create table if not exists`; the loser's table exists anyway.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') {
      await pool.end();
      throw error;
    }
  }
  const heartbeatInterval = config.heartbeatIntervalMs ?? 5_000;
  const adapter = createAdapter(pool, {
    // NOTIFY channels are per database, not per schema: two installations (or two test
    // files) in different schemas of one database must not hear each other.
    channelPrefix: `motcua_${schema}`,
    tableName: ATTACHMENTS_TABLE,
    heartbeatInterval,
    heartbeatTimeout: heartbeatInterval * 2,
    errorHandler: report,
  });
  return {
    adapter,
    async close() {
      closing = true;
      await pool.end();
    },
  };
}
