import type { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';

/**
 * kafkajs restarts a crashed consumer by itself only after errors it deems retriable; after
 * any other crash the consumer just stops, and the service would keep running while consuming
 * nothing. This starts it again (after a second, to not spin), unless the service is stopping.
 * Nothing is lost either way: offsets are committed only after the work is durable.
 */
export function restartAfterCrash(consumer: Consumer, start: () => Promise<void>, logger: Pick<Logger, 'error'>, stopping: () => boolean): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping()) return;
    logger.error(`consumer crashed and kafkajs will not restart it; starting it again: ${payload.error.message}`);
    setTimeout(() => {
      if (stopping()) return;
      void consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => start());
    }, 1_000).unref();
  });
}
