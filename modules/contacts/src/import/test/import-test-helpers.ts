import { parse } from 'csv-parse/sync';
import { api, waitFor, type Caller, type TestPlatform } from '../../test/contacts-test-platform';

/** What a test sees of an import. */
export interface ImportBody {
  id: string;
  state: string;
  jobId: string | null;
  columns: string[];
  samples?: string[][];
  suggestedMapping?: Record<string, string | null>;
  counts: { total: number | null; processed: number; created: number; updated: number; skipped: number; failed: number };
  progress: { percent: number; rowsDone: number; rowsTotal: number | null };
  error: { code: string; message: string } | null;
  reportAvailable: boolean;
}

export const csvOf = (rows: ReadonlyArray<readonly string[]>): string =>
  rows.map((row) => row.map((cell) => (/[",\n\r;]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n') + '\r\n';

/** Uploads a CSV body (`text/csv` unless told otherwise). */
export function uploadCsv(t: TestPlatform, caller: Caller, body: string | Buffer, options: { type?: string; query?: string } = {}) {
  const headers: Record<string, string> = 'key' in caller ? { 'x-api-key': caller.key } : { ...caller.headers };
  return t
    .http()
    .post(`/api/v1/contacts/imports${options.query ?? ''}`)
    .set(headers)
    .set('content-type', options.type ?? 'text/csv')
    .send(body);
}

/** Uploads and starts an import, and waits for its end. */
export async function runImport(t: TestPlatform, caller: Caller, csv: string, mapping: Record<string, string | null>, options: object = {}): Promise<ImportBody> {
  const uploaded = (await uploadCsv(t, caller, csv).expect(201)).body as ImportBody;
  await api(t, caller).post(`/contacts/imports/${uploaded.id}/start`, { mapping, options }).expect(202);
  return finished(t, caller, uploaded.id);
}

/** Polls the import until it completed or failed. */
export function finished(t: TestPlatform, caller: Caller, id: string, timeoutMs = 60_000): Promise<ImportBody> {
  return waitFor(
    async () => {
      const body = (await api(t, caller).get(`/contacts/imports/${id}`).expect(200)).body as ImportBody;
      return body.state === 'completed' || body.state === 'failed' ? body : undefined;
    },
    `import ${id} to finish`,
    timeoutMs,
  );
}

/** The error report, parsed (header row first). */
export async function reportOf(t: TestPlatform, caller: Caller, id: string): Promise<{ header: string[]; rows: Array<Record<string, string>>; raw: string; contentType: string }> {
  const response = await api(t, caller)
    .get(`/contacts/imports/${id}/errors`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const raw = (response.body as Buffer).toString('utf8');
  const records = parse(raw, { bom: true, relax_column_count: true }) as string[][];
  const header = records[0]!;
  return {
    header,
    rows: records.slice(1).map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']))),
    raw,
    contentType: String(response.headers['content-type']),
  };
}

/** Contacts of the tenant matching an email (exact). */
export async function contactsWithEmail(t: TestPlatform, caller: Caller, email: string): Promise<Array<Record<string, unknown>>> {
  return (await api(t, caller).get(`/contacts?email=${encodeURIComponent(email)}`).expect(200)).body.data;
}
