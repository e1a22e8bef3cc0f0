import { parse } from 'csv-parse/sync';
import { api, waitFor, type Caller, type TestPlatform } from './contacts-test-platform';

export interface ExportView {
  id: string;
  jobId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rowCount: number | null;
  fileSize: number | null;
  progress: { percent: number; message: string | null } | null;
  columns: string[];
  error: { code: string; message: string } | null;
}

/** Starting, following and downloading exports through the HTTP API, as a client does. */
export function exportClient(t: TestPlatform, caller: Caller) {
  const http = () => api(t, caller);
  return {
    start: async (body: object = {}, idempotencyKey?: string): Promise<ExportView> => {
      const request = http().post('/contacts/exports', body);
      return (await (idempotencyKey ? request.set('idempotency-key', idempotencyKey) : request).expect(202)).body as ExportView;
    },
    /** Polls the export until the job has finished it (completed or failed). */
    finished: (id: string, timeoutMs = 60_000): Promise<ExportView> =>
      waitFor(
        async () => {
          const view = (await http().get(`/contacts/exports/${id}`).expect(200)).body as ExportView;
          return view.status === 'completed' || view.status === 'failed' ? view : undefined;
        },
        `export ${id}`,
        timeoutMs,
      ),
    /** The downloaded CSV as text (the response checked to be a CSV attachment). */
    download: async (id: string): Promise<string> => {
      const response = await http().get(`/contacts/exports/${id}/download`).buffer(true).expect(200);
      if (!String(response.headers['content-type']).startsWith('text/csv')) throw new Error(`not a CSV: ${response.headers['content-type']}`);
      if (!String(response.headers['content-disposition']).startsWith('attachment')) throw new Error('not an attachment');
      return response.text;
    },
  };
}

/** CSV text → the header and the records as objects by column (csv-parse, as an importer would read it). */
export function parseCsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const records = parse(text, { bom: true }) as string[][];
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']))) };
}
