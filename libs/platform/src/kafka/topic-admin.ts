import type { Admin, Kafka } from 'kafkajs';
import { ALL_TOPICS, rpcTopicNames, topicName, type TopicSpec } from '@fastgen/contracts';

/**
 * Creates every topic of libs/contracts that is missing, with its partitions and cleanup policy.
 * Every service runs it at startup, so the boot order of services does not matter.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[] = ALL_TOPICS, rpcTopics = rpcTopicNames()): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      ...specs.map((s) => ({
        topic: topicName(s),
        numPartitions: s.partitions,
        replicationFactor: -1, // the broker's default.replication.factor
        configEntries: topicConfig(s),
      })),
      ...rpcTopics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: -1, configEntries: [{ name: 'retention.ms', value: String(60 * 60 * 1000) }] })),
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) {
      await createIgnoringRaces(admin, wanted);
    }
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

function topicConfig(spec: TopicSpec): { name: string; value: string }[] {
  const entries: { name: string; value: string }[] = [{ name: 'cleanup.policy', value: spec.cleanupPolicy }];
  if (spec.retentionMs !== undefined) entries.push({ name: 'retention.ms', value: String(spec.retentionMs) });
  return entries;
}

// Several services may create the same topics at the same moment; "already exists" is success.
async function createIgnoringRaces(admin: Admin, topics: Parameters<Admin['createTopics']>[0]['topics']): Promise<void> {
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (err) {
    const errors = (err as { errors?: { type?: string }[] }).errors;
    if (!errors || errors.some((e) => e.type !== 'TOPIC_ALREADY_EXISTS')) throw err;
  }
}

/** Deletes every topic whose name starts with the prefix (test runs clean up after themselves). */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
