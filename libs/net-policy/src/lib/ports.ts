/**
 * Ports a webhook may be sent to. A receiver is a web server: 80, 443 or an unprivileged port.
 * Under public-only, refused are the other privileged ports (SSH, SMTP, DNS... where a smuggled
 * request talks to a non-HTTP service) and the well-known ports of infrastructure that listens on
 * internal networks and would read a POST body as commands (databases, brokers, caches,
 * coordination, container and cluster APIs). Port 0 is never a destination.
 */
export const INFRASTRUCTURE_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [2049, 'NFS'],
  [2181, 'ZooKeeper'],
  [2375, 'Docker API'],
  [2376, 'Docker API'],
  [2379, 'etcd'],
  [2380, 'etcd'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [4369, 'Erlang port mapper'],
  [5432, 'Postgres'],
  [5672, 'AMQP'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [6443, 'Kubernetes API'],
  [7000, 'Cassandra'],
  [7001, 'Cassandra'],
  [8500, 'Consul'],
  [9042, 'Cassandra'],
  [9092, 'Kafka'],
  [9093, 'Kafka'],
  [9094, 'Kafka'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch'],
  [10250, 'kubelet'],
  [10255, 'kubelet'],
  [11211, 'memcached'],
  [15672, 'RabbitMQ'],
  [26257, 'CockroachDB'],
  [27017, 'MongoDB'],
]);

/** Why a URL must not use this port, or null. Only port 0 is refused when not public-only. */
export function portProblem(port: number, publicOnly: boolean): string | null {
  if (port === 0) return 'must not use port 0';
  if (!publicOnly) return null;
  if (port < 1024 && port !== 80 && port !== 443)
    return `must not use port ${port}: below 1024 only 80 and 443 are allowed`;
  const service = INFRASTRUCTURE_PORTS.get(port);
  return service
    ? `must not use port ${port} (${service}), a well-known infrastructure port`
    : null;
}
