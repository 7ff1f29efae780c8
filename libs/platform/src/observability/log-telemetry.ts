import { METRICS } from './catalogue';
import { counter, histogram } from './metrics';

const batches = counter(METRICS.logWriteBatches);
const records = counter(METRICS.logRecordsWritten);
const failures = counter(METRICS.logWriteFailures);
const duration = histogram(METRICS.logWriteDuration);

export const logWriteTelemetry = {
  /** One batch transaction of the log writer: counted and timed when it commits, counted as a failure when it throws. */
  async transaction<T>(topic: string, size: number, write: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await write();
      batches().inc({ topic });
      records().inc({ topic }, size);
      duration().observe({ topic }, (performance.now() - started) / 1000);
      return result;
    } catch (err) {
      failures().inc({ topic });
      throw err;
    }
  },
};
